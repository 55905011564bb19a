import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Credentials from "../../src/core/Credentials.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import * as IntegrationConfig from "../../src/core/IntegrationConfig.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as Telemetry from "../../src/core/Telemetry.js"
import * as VendorClient from "../../src/core/VendorClient.js"
import * as StubHttp from "../support/StubHttp.js"
import * as TestServer from "../support/TestServer.js"

interface Options extends VendorClient.VendorOptions {
  readonly apiKey: VendorClient.SecretInput
}

type Tick = { readonly type: "tick"; readonly n: number } | { readonly type: "error"; readonly code: string }

interface Acme extends VendorClient.Service {
  readonly slow: (options?: HttpIntegration.CallOptions) => Effect.Effect<unknown, IntegrationError>
  readonly plain: (options?: HttpIntegration.CallOptions) => Effect.Effect<unknown, IntegrationError>
  readonly ticks: () => Stream.Stream<Tick, IntegrationError>
}

class AcmeClient extends Context.Tag("test/AcmeClient")<AcmeClient, Acme>() {}

const acme = (http: HttpIntegration.HttpIntegration): Acme => {
  const get = (name: string) =>
    http.operation({ name, method: "GET", input: Schema.Void, output: Schema.Unknown, request: () => ({ path: `/${name}` }) })
  const slow = get("slow")
  const plain = get("plain")
  const ticks = http.streamOperation({
    name: "ticks",
    method: "GET",
    input: Schema.Void,
    event: Schema.Union(
      Schema.Struct({ type: Schema.Literal("tick"), n: Schema.Number }),
      Schema.Struct({ type: Schema.Literal("error"), code: Schema.String })
    ),
    request: () => ({ path: "/ticks" })
  })
  return {
    slow: (options) => slow(undefined, options),
    plain: (options) => plain(undefined, options),
    ticks: () => ticks(),
    healthCheck: Effect.asVoid(plain(undefined))
  }
}

const Acme = VendorClient.define(AcmeClient, {
  vendor: "Acme",
  baseUrl: { default: "https://api.acme.test", env: "ACME_BASE_URL" },
  config: Config.all({ apiKey: Credentials.config("ACME_API_KEY") }),
  policy: { maxRetries: 2, baseDelay: "1 second", factor: 1, jitter: 0, timeout: "10 seconds" },
  // `slow` alone gets a longer timeout and no retries.
  operationPolicies: { slow: { maxRetries: 0, timeout: "5 minutes" } },
  streamIdleTimeout: "20 seconds",
  definition: (options: Options) => ({
    auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)),
    headers: { "acme-version": "2026-01-01" }
  }),
  operations: acme
})

const apiKey = Redacted.make("acme-key-1")

/** Waits (real time, bounded) until a virtual sleep ending at `wakeAt` is scheduled: a real server's I/O comes first. */
const sleepScheduled = (wakeAt: number) =>
  Effect.gen(function*() {
    for (let i = 0; i < 400; i++) {
      if (Chunk.some(yield* TestClock.sleeps(), (at) => at === wakeAt)) return
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
    }
    return yield* Effect.dieMessage(`no sleep until ${wakeAt} was scheduled`)
  })

describe("VendorClient defaults", () => {
  describe("operationPolicies", () => {
    it.scoped("an operation's defaults apply to it alone, and the caller's client-wide policy still wins over them", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(503, {}))
        const acme = yield* Acme.make({ apiKey }).pipe(Effect.provide(stub.layer))
        // `slow` is not retried (its own default); `plain` keeps the vendor's two retries.
        expect((yield* Effect.flip(acme.slow())).status).toBe(503)
        const plain = yield* Effect.fork(Effect.flip(acme.plain()))
        yield* TestClock.adjust(Duration.seconds(2))
        yield* Fiber.join(plain)
        expect((yield* stub.requests).map((r) => r.url)).toEqual([
          "https://api.acme.test/slow",
          "https://api.acme.test/plain",
          "https://api.acme.test/plain",
          "https://api.acme.test/plain"
        ])

        const caller = yield* StubHttp.make(() => StubHttp.json(503, {}))
        const tuned = yield* Acme.make({ apiKey, policy: { maxRetries: 1 } }).pipe(Effect.provide(caller.layer))
        const slow = yield* Effect.fork(Effect.flip(tuned.slow()))
        yield* TestClock.adjust(Duration.seconds(1))
        yield* Fiber.join(slow)
        expect(yield* caller.requests).toHaveLength(2)
      }))

    it.scoped("an operation's timeout replaces the vendor's, and a caller's timeout replaces both", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => ({ status: 200, body: {}, delay: "1 minute" }))
        const acme = yield* Acme.make({ apiKey }).pipe(Effect.provide(stub.layer))
        // `slow` waits its 5 minutes: a one-minute answer arrives.
        const slow = yield* Effect.fork(acme.slow())
        yield* TestClock.adjust(Duration.minutes(1))
        expect(yield* Fiber.join(slow)).toEqual({})
        const hurried = yield* Acme.make({ apiKey, policy: { timeout: "30 seconds" } }).pipe(Effect.provide(stub.layer))
        const timedOut = yield* Effect.fork(Effect.flip(hurried.slow()))
        yield* TestClock.adjust(Duration.seconds(30))
        const error = yield* Fiber.join(timedOut)
        expect(error.reason).toBe("Timeout")
        expect(error.description).toContain("30s")
      }))
  })

  describe("rateLimit", () => {
    class PacedClient extends Context.Tag("test/PacedClient")<PacedClient, Acme>() {}
    // Acme's operations, paced at one call per 10 s unless the caller says otherwise.
    const Paced = VendorClient.define(PacedClient, {
      vendor: "Paced",
      baseUrl: { default: "https://api.paced.test", env: "PACED_BASE_URL" },
      config: Config.all({ apiKey: Credentials.config("PACED_API_KEY") }),
      policy: { maxRetries: 0 },
      rateLimit: { limit: 1, window: "10 seconds" },
      definition: (options: Options) => ({ auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)) }),
      operations: acme
    })

    /** Two calls at once; how many requests have reached the server before virtual time moves. */
    const sentAtOnce = (options: Partial<Options>) =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const paced = yield* Paced.make({ apiKey, ...options }).pipe(Effect.provide(stub.layer))
        const both = yield* Effect.fork(Effect.all([paced.plain(), paced.plain()], { concurrency: 2 }))
        // Each call either reaches the stub or waits on the limiter's (virtual) clock.
        yield* Effect.yieldNow({ priority: 0 }).pipe(Effect.repeatN(50))
        const before = (yield* stub.requests).length
        yield* TestClock.adjust(Duration.seconds(10))
        yield* Fiber.join(both)
        return [before, (yield* stub.requests).length]
      })

    it.scoped("the vendor's pace applies when the caller gives none", () =>
      Effect.gen(function*() {
        expect(yield* sentAtOnce({})).toEqual([1, 2])
      }))

    it.scoped("the caller's rateLimit replaces it, and false turns it off", () =>
      Effect.gen(function*() {
        expect(yield* sentAtOnce({ rateLimit: false })).toEqual([2, 2])
        expect(yield* sentAtOnce({ rateLimit: { limit: 5, window: "1 second" } })).toEqual([2, 2])
      }))
  })

  describe("headers", () => {
    it.scoped("the caller's headers go on every request; the vendor's own win over them", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const acme = yield* Acme.make({
          apiKey,
          headers: { "x-team": "billing", "acme-version": "1999-01-01" }
        }).pipe(Effect.provide(stub.layer))
        yield* acme.plain()
        const [sent] = yield* stub.requests
        expect(sent?.headers["x-team"]).toBe("billing")
        expect(sent?.headers["acme-version"]).toBe("2026-01-01")
        expect(sent?.headers["authorization"]).toBe("Bearer acme-key-1")
      }))
  })

  describe("streamIdleTimeout", () => {
    const stalled = Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" })
        res.write(`data: ${JSON.stringify({ type: "tick", n: 1 })}\n\n`)
      })
      return server.url
    })

    const stallsAfter = (options: Partial<Options>, millis: number) =>
      Effect.gen(function*() {
        const baseUrl = yield* stalled
        const acme = yield* Acme.make({ apiKey, baseUrl, ...options })
        const fiber = yield* Effect.fork(Effect.flip(Stream.runDrain(acme.ticks())))
        yield* sleepScheduled(millis)
        yield* TestClock.adjust(Duration.millis(millis))
        const error = yield* Fiber.join(fiber)
        expect(error.reason).toBe("Timeout")
        expect(error.description).toContain("stream stalled")
      }).pipe(Effect.provide(NodeHttpClient.layerUndici))

    it.scoped("a stream silent for the vendor's idle timeout fails with Timeout", () => stallsAfter({}, 20_000))

    it.scoped("the caller's streamIdleTimeout replaces the vendor's", () => stallsAfter({ streamIdleTimeout: "5 seconds" }, 5_000))

    it.scoped("a streamIdleTimeout that is not a positive duration is a ConfigError naming it, before any request", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        for (const bad of [0, -1, "soon" as "1 second"]) {
          const error = yield* Effect.flip(Acme.make({ apiKey, streamIdleTimeout: bad }).pipe(Effect.provide(stub.layer)))
          expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([["Acme.streamIdleTimeout", "Invalid"]])
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))
  })

  describe("failOnEvent", () => {
    const isError = (event: Tick): event is Extract<Tick, { readonly type: "error" }> => event.type === "error"
    const toError = (event: Extract<Tick, { readonly type: "error" }>) =>
      new IntegrationError({ vendor: "Acme", operation: "ticks", reason: "Overloaded", description: `stream error (${event.code})` })

    it.effect("passes the events before an error event on, then fails with its error and counts it by vendor and reason", () =>
      Effect.gen(function*() {
        const failures = Telemetry.tagged(Telemetry.failures, {
          [Telemetry.Tag.vendor]: "Acme",
          [Telemetry.Tag.reason]: "Overloaded"
        })
        const before = (yield* Metric.value(failures)).count
        const seen: Array<number> = []
        const events = Stream.fromIterable<Tick>([
          { type: "tick", n: 1 },
          { type: "tick", n: 2 },
          { type: "error", code: "overloaded" },
          { type: "tick", n: 3 }
        ])
        const error = yield* Effect.flip(
          Stream.runForEach(VendorClient.failOnEvent(isError, toError)(events), (tick) => Effect.sync(() => seen.push(tick.n)))
        )
        expect(seen).toEqual([1, 2])
        expect([error.reason, error.description]).toEqual(["Overloaded", "stream error (overloaded)"])
        expect((yield* Metric.value(failures)).count).toBe(before + 1)
      }))

    it.effect("a stream without error events passes whole and counts nothing", () =>
      Effect.gen(function*() {
        const failures = Telemetry.tagged(Telemetry.failures, {
          [Telemetry.Tag.vendor]: "Acme",
          [Telemetry.Tag.reason]: "Overloaded"
        })
        const before = (yield* Metric.value(failures)).count
        const events = Stream.fromIterable<Tick>([{ type: "tick", n: 1 }, { type: "tick", n: 2 }])
        const ticks = yield* Stream.runCollect(VendorClient.failOnEvent(isError, toError)(events))
        expect(Chunk.toReadonlyArray(ticks).map((tick) => tick.n)).toEqual([1, 2])
        expect((yield* Metric.value(failures)).count).toBe(before)
      }))
  })
})
