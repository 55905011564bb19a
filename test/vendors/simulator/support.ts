/**
 * Shared setup for the vendor clients' tests against the vendor simulator: a simulator and a real HTTP client (undici)
 * in the test's scope, a driver that moves the TestClock whenever the program waits on it (retry backoff,
 * `Retry-After`, the simulator's latency), and assertions on the typed errors and on what the simulator saw.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { expect } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import type * as HttpIntegration from "../../../src/core/HttpIntegration.js"
import * as Faults from "../../../src/testing/Faults.js"
import * as VendorSimulator from "../../../src/testing/VendorSimulator.js"

export type Simulator = VendorSimulator.VendorSimulator.Service
export type Vendor = VendorSimulator.Vendor

/**
 * Per-attempt timeouts far beyond any sleep the driver moves the clock to: a response still on the wire must never
 * be timed out by the virtual clock. Timeouts themselves are tested explicitly (the stalled streams).
 */
export const policy: HttpIntegration.PolicyInput = { timeout: "10 minutes" }

/** Starts a simulator (with `rules`, if any) in the test's scope. */
export const simulator = (
  rules: ReadonlyArray<typeof Faults.FaultRule.Encoded> = [],
  options: Omit<VendorSimulator.Options, "faults"> = {}
): Effect.Effect<Simulator, never, Scope.Scope> =>
  Effect.orDie(VendorSimulator.make({ ...options, faults: Faults.make({ rules }) }))

/** Builds a vendor client over a real HTTP client whose connection pool lives as long as the test's scope. */
export const client = <A, E>(make: Effect.Effect<A, E, HttpClient.HttpClient | Scope.Scope>): Effect.Effect<A, E, Scope.Scope> =>
  Effect.flatMap(Layer.build(NodeHttpClient.layerUndici), (context) => Effect.provide(make, context))

// One turn of the real event loop, so socket I/O between the client and the simulator can progress while virtual time
// stands still (no program time passes on it: every wait the program makes is on the TestClock).
const tick = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 1)))

/**
 * Runs `self`, moving the TestClock to the next pending sleep due within `horizon` whenever there is one, and
 * otherwise letting real I/O proceed. With the long per-attempt timeouts of `policy`, the only sleeps due soon are
 * those the program really waits on: backoff, `Retry-After`, the simulator's injected latency.
 */
export const drive = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  horizon: Duration.DurationInput = "2 minutes"
): Effect.Effect<A, E, R> =>
  Effect.gen(function*() {
    const limit = Duration.toMillis(horizon)
    const fiber = yield* Effect.fork(self)
    let previous = ""
    for (let turn = 0; turn < 30_000; turn++) {
      const exit = fiber.unsafePoll()
      if (exit !== null) return yield* exit
      const now = yield* Clock.currentTimeMillis
      const due = Chunk.toReadonlyArray(yield* TestClock.sleeps()).filter((at) => at > now && at <= now + limit)
      // Moves only once the same sleeps were pending a tick ago: a response still being read gets that tick first.
      const seen = `${now}:${due.join(",")}`
      if (due.length > 0 && seen === previous) {
        yield* TestClock.setTime(Math.min(...due))
        previous = ""
      } else {
        previous = seen
        yield* tick
      }
    }
    yield* Fiber.interrupt(fiber)
    return yield* Effect.dieMessage("drive: the program neither finished nor waited on the clock")
  })

/** Waits, in real time, until `condition` holds (I/O under way), failing the test after ~5 s. */
export const until = (what: string, condition: Effect.Effect<boolean>): Effect.Effect<void> =>
  Effect.gen(function*() {
    for (let turn = 0; turn < 5_000; turn++) {
      if (yield* condition) return
      yield* tick
    }
    return yield* Effect.dieMessage(`timed out waiting until ${what}`)
  })

/** A sleep due at least `ms` from now is pending on the TestClock (e.g. the simulator parked in a stall). */
export const sleepingFor = (ms: number): Effect.Effect<boolean> =>
  Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    return Chunk.toReadonlyArray(yield* TestClock.sleeps()).some((at) => at >= now + ms)
  })

/** The typed error `self` fails with; the test fails if it succeeds or dies. */
export const failure = <A, E>(self: Effect.Effect<A, E>): Effect.Effect<IntegrationError> =>
  Effect.flatMap(Effect.exit(self), (exit) => {
    if (Exit.isSuccess(exit)) return Effect.dieMessage(`expected a failure, got ${JSON.stringify(exit.value)?.slice(0, 200)}`)
    const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
    if (!(error instanceof IntegrationError)) return Effect.dieMessage(`expected an IntegrationError, got ${String(exit.cause)}`)
    return Effect.succeed(error)
  })

/** Requests the simulator received on a route (`"POST /v1/customers"`), keyed as in `Stats.requests`. */
export const requests = (sim: Simulator, vendor: Vendor, route: string): Effect.Effect<number> =>
  Effect.map(sim.stats, (stats) => stats.requests[`${vendor} ${route}`] ?? 0)

/** Asserts the error's reason and (when given) status, and that it never shows the API key. */
export const expectError = (
  error: IntegrationError,
  expected: { readonly reason: IntegrationError["reason"]; readonly status?: number | undefined },
  secret?: string
) => {
  expect({ reason: error.reason, status: error.status }).toEqual({ reason: expected.reason, status: expected.status })
  if (secret !== undefined) expect(error.message).not.toContain(secret)
}
