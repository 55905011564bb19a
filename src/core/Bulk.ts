/**
 * Results of calls that act on many records at once: every record's outcome is kept with its input index, so one bad
 * record never hides the others and the caller can retry exactly the ones that failed.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Succeeded<A> {
  readonly index: number
  readonly value: A
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Failed<E> {
  readonly index: number
  readonly error: E
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface BulkResult<A, E> {
  readonly succeeded: ReadonlyArray<Succeeded<A>>
  readonly failed: ReadonlyArray<Failed<E>>
}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const empty: BulkResult<never, never> = { succeeded: [], failed: [] }

/**
 * Combines results of several batches, keeping indexes in input order.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const combine = <A, E>(results: ReadonlyArray<BulkResult<A, E>>): BulkResult<A, E> => ({
  succeeded: results.flatMap((r) => r.succeeded).sort((a, b) => a.index - b.index),
  failed: results.flatMap((r) => r.failed).sort((a, b) => a.index - b.index)
})

/**
 * Splits `items` into batches of at most `size`, remembering each item's index in `items`.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const batches = <T>(items: ReadonlyArray<T>, size: number): ReadonlyArray<ReadonlyArray<{ readonly index: number; readonly item: T }>> => {
  const out: Array<Array<{ index: number; item: T }>> = []
  items.forEach((item, index) => {
    if (index % size === 0) out.push([])
    out[out.length - 1]!.push({ index, item })
  })
  return out
}

/**
 * Runs `f` for every item with bounded concurrency and collects each outcome by index; never fails as a whole.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const forEach = <T, A, E, R>(
  items: ReadonlyArray<T>,
  f: (item: T, index: number) => Effect.Effect<A, E, R>,
  options: { readonly concurrency?: number | undefined } = {}
): Effect.Effect<BulkResult<A, E>, never, R> =>
  Effect.map(
    Effect.forEach(items, (item, index) => Effect.either(f(item, index)), { concurrency: options.concurrency ?? 4 }),
    (outcomes) => ({
      succeeded: outcomes.flatMap((o, index) => (o._tag === "Right" ? [{ index, value: o.right }] : [])),
      failed: outcomes.flatMap((o, index) => (o._tag === "Left" ? [{ index, error: o.left }] : []))
    })
  )
