import * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"
import * as Hedge from "../../src/core/Hedge.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as TestServer from "../support/TestServer.js"

const error = (reason: IntegrationError["reason"], description: string) =>
  new IntegrationError({ vendor: "Acme", operation: "get", reason, description })

/** Waits for a real-world event for at most five real seconds, whatever the test clock says. */
const withinRealSeconds = <A, E>(effect: Effect.Effect<A, E>) =>
  TestServices.provideLive(
    Effect.timeoutFail(effect, { duration: Duration.seconds(5), onTimeout: () => new Error("no observation in 5 s") })
  )

/** An attempt script: attempt n (0-based) takes `latencies[n]` and then yields `results[n]`. */
const scripted = <A>(
  calls: Ref.Ref<number>,
  interrupted: Ref.Ref<Array<number>>,
  steps: ReadonlyArray<{ readonly after: Duration.DurationInput; readonly result: Effect.Effect<A, IntegrationError> }>
) =>
  Effect.flatMap(Ref.getAndUpdate(calls, (n) => n + 1), (n) => {
    const step = steps[n]
    if (step === undefined) return Effect.die(new Error(`unexpected attempt ${n}`))
    return Effect.zipRight(Effect.sleep(step.after), step.result).pipe(
      Effect.onInterrupt(() => Ref.update(interrupted, (list) => [...list, n]))
    )
  })

describe("Hedge", () => {
  it.scoped("against a real server: the fast hedge wins and the slow request's connection is closed", () =>
    Effect.gen(function*() {
      const firstArrived = yield* Deferred.make<void>()
      const slowClosed = yield* Deferred.make<void>()
      let requests = 0
      const server = yield* TestServer.make((_req, res) => {
        requests += 1
        if (requests === 1) {
          // Never answers; the only way this response closes unfinished is the client aborting it.
          res.on("close", () => {
            if (!res.writableEnded) Deferred.unsafeDone(slowClosed, Exit.void)
          })
          Deferred.unsafeDone(firstArrived, Exit.void)
          return
        }
        res.writeHead(200, { "content-type": "text/plain" })
        res.end("fast")
      })
      const client = yield* HttpClient.HttpClient
      const read = client.get(`${server.url}/things/1`).pipe(Effect.flatMap((response) => response.text))

      const fiber = yield* Effect.fork(Hedge.hedge(read, { delay: "200 millis" }))
      yield* withinRealSeconds(Deferred.await(firstArrived))
      yield* TestClock.adjust(Duration.millis(200))
      expect(yield* withinRealSeconds(Fiber.join(fiber))).toBe("fast")
      expect(requests).toBe(2)
      yield* withinRealSeconds(Deferred.await(slowClosed))
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.effect("does not hedge when the first attempt finishes before the delay", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const interrupted = yield* Ref.make<Array<number>>([])
      const read = scripted(calls, interrupted, [{ after: "50 millis", result: Effect.succeed("first") }])
      const fiber = yield* Effect.fork(Hedge.hedge(read, { delay: "100 millis", maxHedges: 2 }))
      yield* TestClock.adjust(Duration.seconds(5))
      expect(yield* Fiber.join(fiber)).toBe("first")
      expect(yield* Ref.get(calls)).toBe(1)
    }))

  it.effect("starts a hedge after the delay, takes the first success and interrupts the slow attempt", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const interrupted = yield* Ref.make<Array<number>>([])
      const read = scripted(calls, interrupted, [
        { after: "10 seconds", result: Effect.succeed("slow") },
        { after: "20 millis", result: Effect.succeed("hedge") }
      ])
      const wonBefore = (yield* Metric.value(Metric.tagged(Hedge.hedgeWins, "integration.vendor", "HedgeTest"))).count
      const traced = Effect.gen(function*() {
        const value = yield* Hedge.hedge(read, { delay: "100 millis", vendor: "HedgeTest" })
        const span = yield* Effect.currentSpan
        return { value, attributes: span.attributes }
      }).pipe(Effect.withSpan("Acme.get"))
      const fiber = yield* Effect.fork(traced)
      yield* TestClock.adjust(Duration.millis(120))
      const { attributes, value } = yield* Fiber.join(fiber)
      expect(value).toBe("hedge")
      expect(attributes.get("integration.hedged")).toBe(true)
      expect(attributes.get("integration.hedge.winner")).toBe(1)
      expect(yield* Ref.get(calls)).toBe(2)
      expect(yield* Ref.get(interrupted)).toStrictEqual([0])
      const wonAfter = (yield* Metric.value(Metric.tagged(Hedge.hedgeWins, "integration.vendor", "HedgeTest"))).count
      expect(wonAfter - wonBefore).toBe(1)
    }))

  it.effect("never starts more than maxHedges extra attempts", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const interrupted = yield* Ref.make<Array<number>>([])
      const slow = { after: "1 hour", result: Effect.succeed("late") } as const
      const read = scripted(calls, interrupted, [slow, slow, slow, slow])
      const fiber = yield* Effect.fork(Hedge.hedge(read, { delay: "1 second", maxHedges: 2 }))
      yield* TestClock.adjust(Duration.minutes(10))
      expect(yield* Ref.get(calls)).toBe(3)
      yield* TestClock.adjust(Duration.hours(1))
      expect(yield* Fiber.join(fiber)).toBe("late")
    }))

  it.effect("when every attempt fails, fails with the error of the attempt that failed last", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const interrupted = yield* Ref.make<Array<number>>([])
      const read = scripted(calls, interrupted, [
        { after: "3 seconds", result: Effect.fail(error("Server", "first")) },
        { after: "1 second", result: Effect.fail(error("Overloaded", "hedge")) }
      ])
      const fiber = yield* Effect.fork(Effect.exit(Hedge.hedge(read, { delay: "1 second" })))
      yield* TestClock.adjust(Duration.seconds(5))
      // The hedge fails at 2 s, the first attempt at 3 s: the first attempt's error is the last one.
      expect(yield* Fiber.join(fiber)).toStrictEqual(Exit.fail(error("Server", "first")))
    }))

  it.effect("a non-retryable failure ends the race at once without waiting for the other attempts", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const interrupted = yield* Ref.make<Array<number>>([])
      const read = scripted(calls, interrupted, [
        { after: "10 seconds", result: Effect.succeed("slow") },
        { after: "10 millis", result: Effect.fail(error("NotFound", "gone")) }
      ])
      const fiber = yield* Effect.fork(Effect.exit(Hedge.hedge(read, { delay: "100 millis" })))
      yield* TestClock.adjust(Duration.millis(200))
      expect(yield* Fiber.join(fiber)).toStrictEqual(Exit.fail(error("NotFound", "gone")))
      expect(yield* Ref.get(interrupted)).toStrictEqual([0])
    }))

  it.effect("a retryable failure of the first attempt starts the hedge immediately", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make(0)
      const interrupted = yield* Ref.make<Array<number>>([])
      const read = scripted(calls, interrupted, [
        { after: "10 millis", result: Effect.fail(error("Server", "blip")) },
        { after: "10 millis", result: Effect.succeed("second") }
      ])
      const fiber = yield* Effect.fork(Hedge.hedge(read, { delay: "1 hour" }))
      yield* TestClock.adjust(Duration.millis(20))
      expect(yield* Fiber.join(fiber)).toBe("second")
    }))

  it.effect("an adaptive hedger uses the fixed delay until it has enough samples, then the percentile", () =>
    Effect.gen(function*() {
      const hedger = yield* Hedge.make({ delay: "500 millis", percentile: 0.95, minSamples: 20, window: 100 })
      expect(Duration.toMillis(yield* hedger.delayFor("Acme.get"))).toBe(500)
      for (let ms = 1; ms <= 100; ms++) yield* hedger.record("Acme.get", Duration.millis(ms))
      expect(Duration.toMillis(yield* hedger.delayFor("Acme.get"))).toBe(95)
      // The window keeps the latest 100 samples only.
      for (let i = 0; i < 100; i++) yield* hedger.record("Acme.get", Duration.millis(10))
      expect(Duration.toMillis(yield* hedger.delayFor("Acme.get"))).toBe(10)
      expect(Duration.toMillis(yield* hedger.delayFor("Other.get"))).toBe(500)
    }))

  it.effect("an adaptive hedger records winning latencies and hedges after the learned delay", () =>
    Effect.gen(function*() {
      const hedger = yield* Hedge.make({ delay: "1 second", minSamples: 3 })
      for (let i = 0; i < 3; i++) {
        const fiber = yield* Effect.fork(hedger.run("k", Effect.as(Effect.sleep("50 millis"), i)))
        yield* TestClock.adjust(Duration.millis(50))
        yield* Fiber.join(fiber)
      }
      expect(Duration.toMillis(yield* hedger.delayFor("k"))).toBe(50)
      const calls = yield* Ref.make(0)
      const interrupted = yield* Ref.make<Array<number>>([])
      const read = scripted(calls, interrupted, [
        { after: "10 seconds", result: Effect.succeed("slow") },
        { after: "10 millis", result: Effect.succeed("hedge") }
      ])
      const fiber = yield* Effect.fork(hedger.run("k", read))
      yield* TestClock.adjust(Duration.millis(60))
      expect(yield* Fiber.join(fiber)).toBe("hedge")
    }))

  it("percentileOf uses the nearest rank", () => {
    expect(Hedge.percentileOf([], 0.95)).toBeUndefined()
    expect(Hedge.percentileOf([3, 1, 2], 0.5)).toBe(2)
    expect(Hedge.percentileOf([5], 0.99)).toBe(5)
  })
})
