/**
 * The per-attempt timer of the fast path: a callback after a duration measured by the fiber's `Clock`. On the live
 * clock it is a plain `setTimeout`; any other clock (a `TestClock`) is asked through its own `sleep`, so virtual time
 * drives the fast path exactly as it drives `Effect.timeout`.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"

const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)
/** `setTimeout` takes at most a signed 32-bit number of milliseconds. */
const MAX_TIMER_MILLIS = 2 ** 31 - 1

/** Cancels a timer that has not fired; does nothing after it fired. */
export type Cancel = () => void

const noop: Cancel = () => undefined

export const start = (clock: Clock.Clock, millis: number, onFire: () => void): Cancel => {
  if (!(millis < Infinity)) return noop
  if (clock === liveClock && millis <= MAX_TIMER_MILLIS) {
    const handle = setTimeout(onFire, millis)
    return () => clearTimeout(handle)
  }
  const sleeper = Effect.runFork(clock.sleep(Duration.millis(millis)))
  sleeper.addObserver((exit) => {
    if (Exit.isSuccess(exit)) onFire()
  })
  return () => sleeper.unsafeInterruptAsFork(FiberId.none)
}
