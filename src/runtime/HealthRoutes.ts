/**
 * Health, readiness and metrics endpoints as an `@effect/platform` router, to mount in the app's HTTP server:
 * `/health` (every registered check, 503 when a critical one is down), `/health/live` (the process answers),
 * `/health/ready` (no critical dependency down) and `/metrics` (Prometheus text).
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Health from "../core/Health.js"
import { PrometheusMetrics } from "./Observability.js"

const noStore = { "cache-control": "no-store" }

const report = Effect.flatMap(Effect.serviceOption(Health.HealthChecks), (registry) =>
  Option.match(registry, {
    onNone: () => Effect.succeed<Health.Report>({ status: "up", checks: [] }),
    onSome: (checks) => checks.run
  }))

/**
 * The routes. `HealthChecks` and `PrometheusMetrics` are optional: without them `/health` reports no checks and
 * `/metrics` answers 404.
 *
 * @since 0.1.0
 * @category Routers
 */
export const router: HttpRouter.HttpRouter = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/health",
    Effect.map(report, (result) =>
      HttpServerResponse.unsafeJson(result, { status: result.status === "down" ? 503 : 200, headers: noStore }))
  ),
  HttpRouter.get("/health/live", Effect.succeed(HttpServerResponse.unsafeJson({ status: "up" }, { headers: noStore }))),
  HttpRouter.get(
    "/health/ready",
    Effect.map(report, (result) =>
      HttpServerResponse.unsafeJson(
        { status: result.status === "down" ? "down" : "up", down: result.checks.filter((c) => c.status === "down").map((c) => c.name) },
        { status: result.status === "down" ? 503 : 200, headers: noStore }
      ))
  ),
  HttpRouter.get(
    "/metrics",
    Effect.flatMap(Effect.serviceOption(PrometheusMetrics), (metrics) =>
      Option.match(metrics, {
        onNone: () => Effect.succeed(HttpServerResponse.text("metrics are not enabled\n", { status: 404 })),
        onSome: ({ scrape }) =>
          Effect.map(scrape, (text) =>
            HttpServerResponse.text(text, { contentType: "text/plain; version=0.0.4; charset=utf-8", headers: noStore }))
      }))
  )
)
