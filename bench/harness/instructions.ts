/**
 * Counts the Effect work of one call: a `Supervisor` whose hooks count every instruction a fiber's run loop evaluates
 * (`onEffect`, called while the `OpSupervision` runtime flag is on), every fiber started (`onStart`) and every time a
 * fiber's run loop gives up the thread (`onSuspend`: an async wait, a yield, or the fiber's end). The supervisor and the
 * flag are set around each call only, so they reach the call's own fiber and every fiber it forks (children inherit
 * both), and nothing else: not the load loop, not other fibers of the runtime. What that wrapping costs by itself is
 * counted around a no-op call and subtracted.
 *
 * These figures do not depend on the machine's speed or load, so one sequential run per variant is enough.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as RuntimeFlags from "effect/RuntimeFlags"
import * as RuntimeFlagsPatch from "effect/RuntimeFlagsPatch"
import * as Supervisor from "effect/Supervisor"

/**
 * Totals over a run.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Counts {
  readonly instructions: number
  readonly fibers: number
  readonly suspensions: number
}

/**
 * Per call, with the no-op wrapping already subtracted; `wrapper_*` is what was subtracted.
 *
 * @since 0.1.0
 * @category Models
 */
export interface PerCall {
  readonly calls: number
  readonly instructions_per_call: number
  readonly fibers_per_call: number
  readonly suspensions_per_call: number
  readonly wrapper_instructions_per_call: number
  readonly wrapper_suspensions_per_call: number
}

class Counter extends Supervisor.AbstractSupervisor<Counts> {
  instructions = 0
  fibers = 0
  suspensions = 0
  readonly value = Effect.sync((): Counts => this.snapshot())
  snapshot(): Counts {
    return { instructions: this.instructions, fibers: this.fibers, suspensions: this.suspensions }
  }
  override onStart(): void {
    this.fibers++
  }
  override onEffect(): void {
    this.instructions++
  }
  override onSuspend(): void {
    this.suspensions++
  }
}

const opSupervision = RuntimeFlagsPatch.enable(RuntimeFlags.OpSupervision)

const failed = (cause: Cause.Cause<unknown>) =>
  Effect.dieMessage(`a counted call failed: ${Cause.pretty(cause).split("\n")[0] ?? "unknown cause"}`)

/** `calls` sequential calls, each wrapped in the counting supervisor and the flag that makes the run loop report. */
const countWith = (
  counter: Counter,
  call: () => Effect.Effect<unknown, unknown>,
  calls: number
): Effect.Effect<Counts> =>
  Effect.suspend(() => {
    let done = 0
    const one = Effect.suspend(call).pipe(
      Effect.supervised(counter),
      Effect.withRuntimeFlagsPatch(opSupervision),
      Effect.catchAllCause(failed)
    )
    return Effect.whileLoop({
      while: () => done < calls,
      body: () => {
        done++
        return one
      },
      step: () => undefined
    }).pipe(Effect.zipRight(counter.value))
  })

/**
 * Counts `calls` sequential calls.
 *
 * @since 0.1.0
 * @category Counting
 */
export const count = (call: () => Effect.Effect<unknown, unknown>, calls: number): Effect.Effect<Counts> =>
  countWith(new Counter(), call, calls)

const noop = () => Effect.void

/**
 * Warms up with `warmup` calls, then counts `calls` sequential calls and a no-op call as many times, and returns the
 * difference per call.
 *
 * @since 0.1.0
 * @category Counting
 */
export const perCall = (
  call: () => Effect.Effect<unknown, unknown>,
  calls: number,
  warmup: number
): Effect.Effect<PerCall> =>
  Effect.gen(function*() {
    yield* count(call, warmup)
    const wrapper = yield* count(noop, calls)
    const measured = yield* count(call, calls)
    return {
      calls,
      instructions_per_call: (measured.instructions - wrapper.instructions) / calls,
      fibers_per_call: (measured.fibers - wrapper.fibers) / calls,
      suspensions_per_call: (measured.suspensions - wrapper.suspensions) / calls,
      wrapper_instructions_per_call: wrapper.instructions / calls,
      wrapper_suspensions_per_call: wrapper.suspensions / calls
    }
  })

/** A call of known shape: `steps` synchronous steps, an async boundary, and one forked fiber joined. */
const probe = (steps: number) => () =>
  Effect.gen(function*() {
    let n = 0
    for (let i = 0; i < steps; i++) yield* Effect.sync(() => n++)
    yield* Effect.sleep(0)
    const child = yield* Effect.fork(Effect.sync(() => n++))
    yield* Fiber.join(child)
  })

/**
 * Checks, in the process that counts, that the counter measures what the figures claim: instructions grow with the
 * work of the call and by the same amount for the same added work, each fiber the call forks is counted once, and a
 * busy fiber of the same runtime running alongside (as the load loop or a background task would) adds nothing. Fails
 * with a description of what did not hold, so a change in Effect's supervision cannot silently skew the figures.
 *
 * @since 0.1.0
 * @category Counting
 */
export const selfCheck: Effect.Effect<void, Error> = Effect.gen(function*() {
  const calls = 20
  const at = (steps: number) => count(probe(steps), calls)
  const ten = yield* at(10)
  const twenty = yield* at(20)
  const thirty = yield* at(30)
  const problems: Array<string> = []
  const step = twenty.instructions - ten.instructions
  if (step <= 0) problems.push(`10 more steps per call added ${step} instructions`)
  if (thirty.instructions - twenty.instructions !== step) {
    problems.push(`the same 10 added steps counted ${step} and then ${thirty.instructions - twenty.instructions}`)
  }
  if (ten.fibers !== calls) problems.push(`${calls} calls forking one fiber each counted ${ten.fibers} fibers`)
  if (ten.suspensions < calls) problems.push(`${calls} calls with an async boundary counted ${ten.suspensions} suspensions`)
  // A fiber forked outside the counted region that keeps yielding: it runs while each probe sleeps.
  let spins = 0
  const busy = yield* Effect.forkDaemon(Effect.forever(Effect.zipRight(Effect.sync(() => spins++), Effect.yieldNow())))
  const before = spins
  const alongside = yield* at(10)
  yield* Fiber.interrupt(busy)
  if (spins === before) problems.push("the busy fiber never ran during the check, so it proves nothing")
  if (alongside.instructions !== ten.instructions || alongside.fibers !== ten.fibers) {
    problems.push(
      `a busy fiber outside the call changed the count from ${ten.instructions} to ${alongside.instructions} instructions`
    )
  }
  if (problems.length > 0) return yield* Effect.fail(new Error(`instruction counter self-check: ${problems.join("; ")}`))
})
