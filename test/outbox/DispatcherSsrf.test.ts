/**
 * Deliveries the SSRF guard refuses are dead after their one attempt, labelled `ssrf`, on SQLite and Postgres: a
 * refused destination does not become acceptable by waiting, so it is never retried. A failed DNS lookup behind the
 * guard is not a refusal and keeps its retries.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as Dispatcher from "../../src/outbox/Dispatcher.js"
import * as Outbox from "../../src/outbox/Outbox.js"
import * as SsrfGuard from "../../src/outbox/SsrfGuard.js"
import * as Receiver from "./support/Receiver.js"
import * as Stores from "./support/Stores.js"

const options: Dispatcher.Options = {
  schedule: Array.from({ length: 5 }, () => "1 second"),
  jitter: 0,
  breakerThreshold: 100
}

/**
 * The guarded client with names resolved from a table (no real DNS); `public.test` and `rebind.test` both resolve
 * to the receiver's 127.0.0.1, but only `public.test` is allow-listed.
 */
const guarded = (allow: ReadonlyArray<string>) =>
  SsrfGuard.layerHttpClient({ allow }).pipe(
    Layer.provide(Layer.succeed(
      SsrfGuard.Resolver,
      SsrfGuard.resolverFromRecord({
        "public.test": ["127.0.0.1"],
        "rebind.test": ["127.0.0.1"],
        "private.test": ["10.0.0.5"]
      })
    ))
  )

const suite = (kind: Stores.Kind) =>
  describe(`Dispatcher behind the SSRF guard (${kind})`, () => {
    it.scoped("a refused destination is dead after exactly one attempt with result ssrf; the receiver sees nothing", () =>
      Effect.gen(function*() {
        const receiver = yield* Receiver.make()
        const port = new URL(receiver.url).port
        const refused = {
          loopback: `http://rebind.test:${port}/hook`,
          metadata: "http://169.254.169.254/latest/meta-data/",
          private: "http://private.test/hook",
          literal: "http://10.1.2.3/hook"
        }
        for (const [id, url] of Object.entries(refused)) yield* Outbox.createEndpoint({ id, url })
        yield* Outbox.createEndpoint({ id: "public", url: `http://public.test:${port}/ok` })
        yield* Outbox.createEndpoint({ id: "unresolvable", url: "http://nowhere.test/hook" })
        yield* Outbox.enqueue({ id: "m1", type: "a", payload: { n: 1 } })

        const run = Dispatcher.drain(options).pipe(Effect.provide(guarded([`public.test:${port}`])))
        expect(yield* run).toMatchObject({ claimed: 6, delivered: 1, dead: 4, retrying: 1 })
        yield* TestClock.adjust(Duration.seconds(10))
        expect(yield* run).toMatchObject({ claimed: 1, dead: 0, retrying: 1 })

        const reasons = { loopback: "Loopback", metadata: "CloudMetadata", private: "Private", literal: "Private" }
        for (const [endpointId, reason] of Object.entries(reasons)) {
          const [delivery] = yield* Outbox.listDeliveries({ endpointId })
          expect(delivery).toMatchObject({ state: "dead", attempts: 1, lastResult: "ssrf" })
          expect(delivery!.lastError).toContain(`refused by the SSRF guard: ${reason}`)
          const attempts = yield* Outbox.listAttempts(delivery!.id)
          expect(attempts.map((a) => a.result)).toEqual(["ssrf"])
        }
        expect((yield* Outbox.listDead()).map((d) => d.endpointId).sort()).toEqual(Object.keys(reasons).sort())
        // A lookup that failed is not a verdict on the address: retried on the schedule.
        const [unresolved] = yield* Outbox.listDeliveries({ endpointId: "unresolvable" })
        expect(unresolved).toMatchObject({ state: "failed-retrying", attempts: 2, lastResult: "transport_error" })
        expect(unresolved!.lastError).toBe("transport error (ResolutionFailed)")
        expect(receiver.forPath("/hook")).toHaveLength(0)
        expect(receiver.forPath("/ok")).toHaveLength(1)
      }).pipe(Effect.provide(Stores.layerFor(kind))))
  })

for (const kind of Stores.kinds) suite(kind)

describe("Outbox endpoints checked by the SSRF guard at registration", () => {
  it.scoped("with the guard's options, a refused URL is an InvalidInput and nothing is stored", () =>
    Effect.gen(function*() {
      const ssrf: SsrfGuard.Options = { allow: ["127.0.0.1:8080"] }
      for (const url of ["http://127.0.0.1/hook", "http://169.254.169.254/", "http://user:pw@93.184.215.14/"]) {
        const error = yield* Outbox.createEndpoint({ url }, { ssrf }).pipe(Effect.catchTag("SqlError", Effect.die), Effect.flip)
        expect(error).toMatchObject({ _tag: "OutboxError", reason: "InvalidInput", entity: "endpoint" })
        expect(error.description).toContain("refused by the SSRF guard")
        expect(error.description).not.toContain("pw")
      }
      expect(yield* Outbox.listEndpoints).toEqual([])
      const allowed = yield* Outbox.createEndpoint({ id: "ep", url: "http://127.0.0.1:8080/hook" }, { ssrf })
      const moved = yield* Outbox.updateEndpoint("ep", { url: "http://10.0.0.1/" }, { ssrf }).pipe(
        Effect.catchTag("SqlError", Effect.die),
        Effect.flip
      )
      expect(moved.reason).toBe("InvalidInput")
      expect((yield* Outbox.getEndpoint("ep")).url).toBe(allowed.url)
      // Without the options the store checks the scheme only, as before: the dispatcher's client still refuses it.
      expect((yield* Outbox.createEndpoint({ url: "http://10.0.0.1/" })).url).toBe("http://10.0.0.1/")
    }).pipe(Effect.provide(Stores.sqliteLayer())))
})
