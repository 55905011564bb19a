/** TestClock helpers for tests whose effects also wait on real I/O (a database, a socket). */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"

/**
 * Waits (in real time) until some fiber sleeps on the TestClock until `wakeAt`, so an `adjust` past it wakes that
 * fiber. Matching the wake time matters: database clients leave their own sleeps behind.
 */
export const awaitSleeperUntil = (wakeAt: number) =>
  Effect.gen(function*() {
    while (!Chunk.some(yield* TestClock.sleeps(), (at) => at === wakeAt)) {
      yield* TestServices.provideLive(Effect.sleep("5 millis"))
    }
  })
