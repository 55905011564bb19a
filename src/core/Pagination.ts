/**
 * Vendor list endpoints as `Stream`s: cursor-based (a `starting_after` or `after` parameter) and offset-based pages are
 * fetched lazily, one page at a time, as the consumer pulls. A cursor that repeats ends the stream with an error
 * instead of looping forever.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { IntegrationError } from "./IntegrationError.js"

/**
 * One page of results and the cursor of the next page, if any.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Page<A, C> {
  readonly items: ReadonlyArray<A>
  readonly next: Option.Option<C>
}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const page = <A, C>(items: ReadonlyArray<A>, next: C | undefined | null): Page<A, C> => ({
  items,
  next: Option.fromNullable(next)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CursorOptions<A, C, E, R> {
  readonly vendor: string
  readonly operation: string
  /** Fetches the page after `cursor` (the first page for `None`). */
  readonly fetch: (cursor: Option.Option<C>) => Effect.Effect<Page<A, C>, E, R>
  /** Upper bound on pages, against a vendor that never stops. Default 100,000. */
  readonly maxPages?: number | undefined
}

/**
 * Every item of a cursor-paginated listing, pages fetched on demand.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const cursor = <A, C, E, R>(options: CursorOptions<A, C, E, R>): Stream.Stream<A, E | IntegrationError, R> => {
  const maxPages = options.maxPages ?? 100_000
  const loop = (failure: string) =>
    new IntegrationError({ vendor: options.vendor, operation: options.operation, reason: "ResponseDrift", description: failure })
  return Stream.suspend(() => {
    const seen = new Set<string>()
    let pages = 0
    return Stream.paginateChunkEffect(Option.none<C>(), (current) =>
      Effect.gen(function*() {
        pages++
        if (pages > maxPages) return yield* Effect.fail(loop(`pagination exceeded ${maxPages} pages`))
        const result = yield* options.fetch(current)
        const next = result.next
        if (Option.isSome(next)) {
          const key = JSON.stringify(next.value)
          if (seen.has(key)) return yield* Effect.fail(loop("pagination cursor repeated"))
          seen.add(key)
        }
        // An empty page with a cursor would spin; treat it as the end.
        const more = result.items.length > 0 ? Option.map(next, Option.some) : Option.none()
        return [Chunk.fromIterable(result.items), more] as const
      }))
  })
}

/**
 * Every item of an offset-paginated listing; a page shorter than `pageSize` is the last.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const offset = <A, E, R>(options: {
  readonly pageSize: number
  readonly fetch: (offset: number, limit: number) => Effect.Effect<ReadonlyArray<A>, E, R>
}): Stream.Stream<A, E, R> =>
  Stream.paginateChunkEffect(0, (start) =>
    Effect.map(options.fetch(start, options.pageSize), (items) =>
      [
        Chunk.fromIterable(items),
        items.length < options.pageSize ? Option.none() : Option.some(start + items.length)
      ] as const))

/**
 * @since 0.1.0
 * @category Models
 */
export interface Collected<A> {
  readonly items: ReadonlyArray<A>
  /** True when the listing had more than `max` items; only `max` were fetched. */
  readonly truncated: boolean
}

/**
 * Collects at most `max` items, fetching no page beyond what that needs.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const collect = <A, E, R>(stream: Stream.Stream<A, E, R>, max: number): Effect.Effect<Collected<A>, E, R> =>
  Effect.map(Stream.runCollect(Stream.take(stream, max + 1)), (chunk) => {
    const items = Chunk.toReadonlyArray(chunk)
    return items.length > max ? { items: items.slice(0, max), truncated: true } : { items, truncated: false }
  })
