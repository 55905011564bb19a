import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Health from "../../src/core/Health.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as AppRuntime from "../../src/runtime/AppRuntime.js"
import * as HealthRoutes from "../../src/runtime/HealthRoutes.js"
import * as Observability from "../../src/runtime/Observability.js"

const down = new IntegrationError({ vendor: "Mail", operation: "health", reason: "Server", description: "HTTP 503" })

const serve = Effect.flatMap(HttpRouter.toHttpApp(HealthRoutes.router), (app) => HttpServer.serveEffect()(app))

const get = (path: string) =>
  Effect.flatMap(HttpClient.HttpClient, (client) =>
    Effect.flatMap(client.get(path), (response) => Effect.map(response.text, (text) => ({ status: response.status, text }))))

describe("HealthRoutes", () => {
  it.scoped("reports 200 when every critical check is up and 503 when one is down", () =>
    Effect.gen(function*() {
      yield* serve
      yield* Health.register(Health.check("stripe", Effect.void))
      yield* Health.register(Health.check("mail", Effect.fail(down), { critical: false }))
      const degraded = yield* get("/health")
      expect(degraded.status).toBe(200)
      expect(JSON.parse(degraded.text)).toMatchObject({ status: "degraded" })
      yield* Health.register(Health.check("mail", Effect.fail(down), { critical: true }))
      const unhealthy = yield* get("/health")
      expect(unhealthy.status).toBe(503)
      expect(unhealthy.text).toContain("Server: HTTP 503")
      expect((yield* get("/health/ready")).status).toBe(503)
      expect((yield* get("/health/live")).status).toBe(200)
    }).pipe(Effect.provide(Layer.merge(NodeHttpServer.layerTest, Health.layer))))

  it.scoped("serves Prometheus metrics when telemetry is installed", () =>
    Effect.gen(function*() {
      yield* serve
      const metrics = yield* get("/metrics")
      expect(metrics.status).toBe(200)
      expect(metrics.text).toContain("# HELP")
    }).pipe(Effect.provide(Layer.mergeAll(NodeHttpServer.layerTest, Observability.layer({ traces: "none", metrics: "none" })))))

  it("AppRuntime runs handlers in one shared runtime and disposes once", async () => {
    let built = 0
    const app = AppRuntime.make(Layer.effectDiscard(Effect.sync(() => built++)).pipe(Layer.merge(Health.layer)))
    const handler = app.handler((n: number) => Effect.map(Health.HealthChecks, () => n * 2))
    expect(await handler(2)).toBe(4)
    expect(await handler(3)).toBe(6)
    expect(built).toBe(1)
    await Promise.all([app.dispose(), app.dispose()])
  })
})
