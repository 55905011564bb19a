/**
 * Ordered provider chains (speech-to-text on one provider, then another): each provider is tried in turn while the failures say
 * another provider may do better, providers whose breaker is open are skipped without a call, and the result names
 * the provider that served it.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Metric from "effect/Metric"
import { isIntegrationError } from "./IntegrationError.js"
import { spanEvent } from "./Telemetry.js"

/**
 * Metric, attribute and event names this module emits.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const TelemetryNames = {
  takenMetric: "integration.fallback.taken",
  takenEvent: "integration.fallback.taken",
  providerAttribute: "integration.fallback.provider",
  fromTag: "integration.fallback.from",
  causeTag: "integration.fallback.cause"
} as const

/**
 * Times a chain moved past a provider to the next one, tagged with the provider left (`integration.fallback.from`)
 * and why (`integration.fallback.cause`: `unavailable`, an `IntegrationError` reason, or `error`).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const fallbacksTaken = Metric.counter(TelemetryNames.takenMetric, {
  description: "Fallbacks from one provider to the next",
  incremental: true
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Provider<A, E, R> {
  /** Low-cardinality name, used in results, spans and metrics. */
  readonly name: string
  readonly run: Effect.Effect<A, E, R>
  /** Checked before `run`; `false` skips the provider without calling it (for example, its circuit is open). */
  readonly isAvailable?: Effect.Effect<boolean, never, R> | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export declare namespace Provider {
  /**
   * @since 0.1.0
   */
  export type Any = Provider<unknown, unknown, unknown>
  /**
   * @since 0.1.0
   */
  export type Success<P> = P extends Provider<infer A, infer _E, infer _R> ? A : never
  /**
   * @since 0.1.0
   */
  export type Error<P> = P extends Provider<infer _A, infer E, infer _R> ? E : never
  /**
   * @since 0.1.0
   */
  export type Context<P> = P extends Provider<infer _A, infer _E, infer R> ? R : never
}

/**
 * A value and the provider that produced it.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Served<A> {
  readonly value: A
  readonly provider: string
}

/**
 * What happened to one provider of a chain that was exhausted.
 *
 * @since 0.1.0
 * @category Models
 */
export type Attempt<E> =
  | { readonly _tag: "Failed"; readonly provider: string; readonly error: E }
  | { readonly _tag: "Skipped"; readonly provider: string }

const describeError = (error: unknown): string => {
  if (isIntegrationError(error)) return error.reason
  if (typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string") return error._tag
  return "error"
}

/**
 * Every provider was skipped or failed with an error that allowed a fallback. `attempts` keeps each provider's
 * outcome in chain order; the message names providers and error reasons only.
 *
 * @since 0.1.0
 * @category Errors
 */
export class FallbackExhausted<E> extends Data.TaggedError("FallbackExhausted")<{
  readonly attempts: ReadonlyArray<Attempt<E>>
}> {
  override get message(): string {
    const outcomes = this.attempts.map((attempt) =>
      attempt._tag === "Skipped" ? `${attempt.provider}: unavailable` : `${attempt.provider}: ${describeError(attempt.error)}`
    )
    return `every provider failed (${outcomes.join(", ")})`
  }
}

/**
 * @since 0.1.0
 * @category Guards
 */
export const isFallbackExhausted = (u: unknown): u is FallbackExhausted<unknown> => u instanceof FallbackExhausted

/**
 * The default fall-through rule: an `IntegrationError` that is retryable, or says the provider is shedding load
 * (`CircuitOpen`, `BulkheadRejected`, `RateLimited`). Anything else, such as a bad request, would fail on every
 * provider, so it stops the chain.
 *
 * @since 0.1.0
 * @category Predicates
 */
export const shouldFallBack = (error: unknown): boolean =>
  isIntegrationError(error) &&
  (error.retryable || error.reason === "CircuitOpen" || error.reason === "BulkheadRejected" ||
    error.reason === "RateLimited")

/**
 * @since 0.1.0
 * @category Models
 */
export interface ChainOptions<E> {
  /** Which failures move on to the next provider. A `CircuitOpen` error always does. Default `shouldFallBack`. */
  readonly shouldFallBack?: ((error: E) => boolean) | undefined
}

const isCircuitOpen = (error: unknown): boolean => isIntegrationError(error) && error.reason === "CircuitOpen"

const chainImpl = <A, E, R>(
  providers: ReadonlyArray<Provider<A, E, R>>,
  options: ChainOptions<E>
): Effect.Effect<Served<A>, E | FallbackExhausted<E>, R> =>
  Effect.gen(function*() {
    const fallsThrough = options.shouldFallBack ?? shouldFallBack
    const attempts: Array<Attempt<E>> = []
    const moveOn = (index: number, provider: string, cause: string) =>
      index === providers.length - 1 ? Effect.void : Effect.zipRight(
        Metric.increment(
          Metric.tagged(Metric.tagged(fallbacksTaken, TelemetryNames.fromTag, provider), TelemetryNames.causeTag, cause)
        ),
        spanEvent(TelemetryNames.takenEvent, { [TelemetryNames.fromTag]: provider, [TelemetryNames.causeTag]: cause })
      )

    for (const [index, provider] of providers.entries()) {
      if (provider.isAvailable !== undefined && !(yield* provider.isAvailable)) {
        attempts.push({ _tag: "Skipped", provider: provider.name })
        yield* moveOn(index, provider.name, "unavailable")
        continue
      }
      const result = yield* Effect.either(provider.run)
      if (Either.isRight(result)) {
        yield* Effect.annotateCurrentSpan(TelemetryNames.providerAttribute, provider.name)
        return { value: result.right, provider: provider.name }
      }
      const error = result.left
      if (!isCircuitOpen(error) && !fallsThrough(error)) return yield* Effect.fail(error)
      attempts.push({ _tag: "Failed", provider: provider.name, error })
      yield* moveOn(index, provider.name, isIntegrationError(error) ? error.reason : "error")
    }
    return yield* Effect.fail(new FallbackExhausted({ attempts }))
  })

/**
 * Tries `providers` in order and returns the first success with the name of its provider (also set as the span
 * attribute `integration.fallback.provider`).
 *
 * A provider whose `isAvailable` says no is skipped without being called. A failure that `shouldFallBack` accepts (or
 * a `CircuitOpen` error) moves on to the next provider; any other failure ends the chain with that error. When no
 * provider is left, the chain fails with `FallbackExhausted` holding every provider's outcome.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CircuitBreaker, Fallback, IntegrationError } from "effect-integrations"
 *
 * // Two vendors' transcription operations, and a breaker guarding the first.
 * declare const fastTranscribe: (audio: File) => Effect.Effect<string, IntegrationError.IntegrationError>
 * declare const slowTranscribe: (audio: File) => Effect.Effect<string, IntegrationError.IntegrationError>
 * declare const fastBreaker: CircuitBreaker.CircuitBreaker
 *
 * const transcribe = (audio: File) =>
 *   Fallback.chain([
 *     {
 *       name: "fast",
 *       run: fastTranscribe(audio).pipe(fastBreaker.run()),
 *       // An open breaker skips this provider without a call.
 *       isAvailable: Effect.map(fastBreaker.state(), (snapshot) => snapshot.state !== "Open")
 *     },
 *     { name: "slow", run: slowTranscribe(audio) }
 *   ]) // Effect<Served<string>, IntegrationError | FallbackExhausted<IntegrationError>>
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const chain = <const P extends readonly [Provider.Any, ...Array<Provider.Any>]>(
  providers: P,
  options: ChainOptions<Provider.Error<P[number]>> = {}
): Effect.Effect<
  Served<Provider.Success<P[number]>>,
  Provider.Error<P[number]> | FallbackExhausted<Provider.Error<P[number]>>,
  Provider.Context<P[number]>
> =>
  chainImpl(
    // Every element is a Provider of some member of these unions, which `P[number]` cannot express to the compiler.
    providers as unknown as ReadonlyArray<
      Provider<Provider.Success<P[number]>, Provider.Error<P[number]>, Provider.Context<P[number]>>
    >,
    options
  )
