import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Dispatcher from "../../src/outbox/Dispatcher.js"
import * as Outbox from "../../src/outbox/Outbox.js"
import * as OutboxSigning from "../../src/outbox/OutboxSigning.js"
import * as T from "../../src/outbox/OutboxTelemetry.js"
import * as Receiver from "./support/Receiver.js"
import * as Stores from "./support/Stores.js"

const env = Layer.merge(Stores.sqliteLayer(), NodeHttpClient.layer)

const deliveriesWith = (outcome: string, result: string) =>
  Metric.value(Metric.tagged(Metric.tagged(T.deliveries, T.Tag.outcome, outcome), T.Tag.result, result))

describe("Outbox telemetry", () => {
  const exporter = new InMemorySpanExporter()
  const Tracing = NodeSdk.layer(() => ({
    resource: { serviceName: "test" },
    spanProcessor: new SimpleSpanProcessor(exporter)
  }))

  it.scoped("one client span per attempt with ids, attempt, status and outcome, and no URL, payload or secret", () =>
    Effect.gen(function*() {
      exporter.reset()
      const receiver = yield* Receiver.make((r) => ({ status: r.n === 1 ? 503 : 200 }))
      const secret = OutboxSigning.generateSecret()
      yield* Outbox.createEndpoint({ id: "ep_1", url: `${receiver.url}/hook?token=canary-query-token`, secret })
      yield* Outbox.enqueue({ id: "msg_1", type: "order.created", payload: { card: "canary-payload-value" } })
      const before = {
        retrying: (yield* deliveriesWith("retrying", "http_error")).count,
        delivered: (yield* deliveriesWith("delivered", "success")).count
      }
      yield* Dispatcher.drain({ schedule: ["5 seconds"], jitter: 0 })
      yield* TestClock.adjust(Duration.seconds(5))
      yield* Dispatcher.drain({ schedule: ["5 seconds"], jitter: 0 })

      const spans = exporter.getFinishedSpans().filter((s) => s.name === "Outbox.deliver")
      expect(spans).toHaveLength(2)
      const [failed, ok] = spans
      expect(failed!.kind).toBe(2) // SpanKind.CLIENT
      expect(failed!.attributes).toMatchObject({
        [T.Attr.endpointId]: "ep_1",
        [T.Attr.attempt]: 1,
        [T.Attr.httpStatus]: 503,
        [T.Attr.outcome]: "retrying",
        [T.Attr.result]: "http_error"
      })
      expect(ok!.attributes).toMatchObject({
        [T.Attr.attempt]: 2,
        [T.Attr.httpStatus]: 200,
        [T.Attr.outcome]: "delivered"
      })
      // The HTTP client's own span (which would carry the full URL) is switched off.
      expect(exporter.getFinishedSpans().some((s) => s.name.startsWith("http"))).toBe(false)
      const everything = JSON.stringify(exporter.getFinishedSpans().map((s) => ({ a: s.attributes, e: s.events })))
      expect(everything).not.toContain("canary-query-token")
      expect(everything).not.toContain("canary-payload-value")
      expect(everything).not.toContain(Redacted.value(secret).slice(6))

      const after = {
        retrying: (yield* deliveriesWith("retrying", "http_error")).count,
        delivered: (yield* deliveriesWith("delivered", "success")).count
      }
      expect(after.retrying - before.retrying).toBe(1)
      expect(after.delivered - before.delivered).toBe(1)
    }).pipe(Effect.provide(env), Effect.provide(Tracing)))

  it.scoped("the running dispatcher delivers as messages arrive and keeps the queue gauges current", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make((r) => ({ status: r.path === "/dead" ? 500 : 200 }))
      yield* Outbox.createEndpoint({ id: "live", url: `${receiver.url}/live` })
      yield* Outbox.createEndpoint({ id: "dead", url: `${receiver.url}/dead`, eventTypes: ["doomed"] })
      yield* Outbox.enqueue({ id: "doomed_1", type: "doomed", payload: {}, endpointIds: ["dead"] })
      const fiber = yield* Effect.fork(
        Dispatcher.run({ schedule: [], pollInterval: "1 second", gaugeInterval: "5 seconds", concurrency: 4 })
      )
      yield* receiver.awaitCount(1)
      for (let i = 0; i < 10; i++) yield* Outbox.enqueue({ id: `m${i}`, type: "t", payload: { i } })
      yield* TestClock.adjust(Duration.seconds(1))
      yield* receiver.awaitCount(11)
      // The next gauge refresh sees an empty queue and the one dead delivery.
      yield* TestClock.adjust(Duration.seconds(5))
      let depth = -1
      while (depth !== 0 || (yield* Metric.value(T.dead)).value !== 1) {
        yield* TestClock.adjust(Duration.seconds(5))
        depth = (yield* Metric.value(T.queueDepth)).value
      }
      expect(receiver.forPath("/live")).toHaveLength(10)
      expect((yield* Metric.value(T.oldestPendingAge)).value).toBe(0)
      expect(yield* Outbox.stats).toMatchObject({ delivered: 10, dead: 1, queueDepth: 0 })
      yield* Fiber.interrupt(fiber)
    }).pipe(Effect.provide(env)))
})
