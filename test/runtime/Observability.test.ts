import { MockOtlpServer, normalizeTrace } from "@elastic/mockotlpserver"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Observability from "../../src/runtime/Observability.js"

/** A real OTLP/HTTP receiver on 127.0.0.1 for the duration of a test. */
const receiver = Effect.acquireRelease(
  Effect.promise(async () => {
    const traces: Array<unknown> = []
    const server = new MockOtlpServer({
      services: ["http"],
      httpHostname: "127.0.0.1",
      httpPort: 0,
      logLevel: "warn",
      onTrace: (trace) => traces.push(normalizeTrace(trace))
    })
    await server.start()
    return { server, traces, url: String(server.httpUrl).replace(/\/$/, "") }
  }),
  ({ server }) => Effect.promise(() => server.close())
)

describe("Observability", () => {
  it.live("exports spans over OTLP/HTTP to a real receiver when OTEL_EXPORTER_OTLP_ENDPOINT is set", () =>
    Effect.gen(function*() {
      const otlp = yield* receiver
      const env = ConfigProvider.fromMap(new Map([
        ["OTEL_EXPORTER_OTLP_ENDPOINT", otlp.url],
        ["OTEL_SERVICE_NAME", "telemetry-test"]
      ]))
      // The layer's scope ends here: shutdown flushes the batch processor to the receiver.
      yield* Effect.void.pipe(
        Effect.withSpan("Demo.things.get", { kind: "client", attributes: { "integration.vendor": "Demo" } }),
        Effect.withSpan("workflow"),
        Effect.provide(Observability.layer({ metrics: "none" })),
        Effect.withConfigProvider(env)
      )
      const exported = JSON.stringify(otlp.traces)
      expect(exported).toContain("Demo.things.get")
      expect(exported).toContain("workflow")
      expect(exported).toContain("telemetry-test")
    }).pipe(Effect.scoped))

  it.scoped("serves Effect metrics in Prometheus text format", () =>
    Effect.gen(function*() {
      const prometheus = yield* Observability.PrometheusMetrics
      yield* Metric.increment(Metric.counter("integration.test.scrapes", { incremental: true }))
      const text = yield* prometheus.scrape
      expect(text).toMatch(/integration_test_scrapes(_total)? 1/)
    }).pipe(Effect.provide(Layer.fresh(Observability.layer({ traces: "none", metrics: "none" })))))
})
