/**
 * Where the report's numbers come from: the kernel's metrics (read as the change over the run, since Effect's metric
 * registry is global to the process) and the circuit breakers' transition stream. Nothing here is estimated.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as MetricState from "effect/MetricState"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as CircuitBreaker from "../../core/CircuitBreaker.js"

/**
 * Counter values, one entry per metric name and tag set.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Counters {
  readonly entries: ReadonlyArray<{ readonly name: string; readonly tags: Readonly<Record<string, string>>; readonly count: number }>
}

/**
 * Every counter of the process now.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const counters: Effect.Effect<Counters> = Effect.map(Metric.snapshot, (pairs) => ({
  entries: pairs.flatMap((pair) =>
    MetricState.isCounterState(pair.metricState)
      ? [{
        name: pair.metricKey.name,
        tags: Object.fromEntries(pair.metricKey.tags.map((tag) => [tag.key, tag.value])),
        count: Number(pair.metricState.count)
      }]
      : []
  )
}))

const keyOf = (entry: Counters["entries"][number]) =>
  `${entry.name}|${Object.entries(entry.tags).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(",")}`

/**
 * What changed between two readings.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const delta = (before: Counters, after: Counters): Counters => {
  const start = new Map(before.entries.map((entry) => [keyOf(entry), entry.count]))
  return {
    entries: after.entries
      .map((entry) => ({ ...entry, count: entry.count - (start.get(keyOf(entry)) ?? 0) }))
      .filter((entry) => entry.count !== 0)
  }
}

/**
 * The sum of a counter over the entries whose tags include `tags`.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const sum = (counters: Counters, name: string, tags: Readonly<Record<string, string>> = {}): number =>
  counters.entries
    .filter((entry) => entry.name === name && Object.entries(tags).every(([key, value]) => entry.tags[key] === value))
    .reduce((total, entry) => total + entry.count, 0)

/**
 * Records every transition of every breaker keeping state in `store`, from now until the scope closes.
 *
 * @since 0.1.0
 * @category Breakers
 */
export const watchBreakers = (
  store: CircuitBreaker.CircuitBreakerStore.Service
): Effect.Effect<Effect.Effect<ReadonlyArray<CircuitBreaker.Transition>>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const seen: Array<CircuitBreaker.Transition> = []
    yield* Effect.forkScoped(Stream.runForEach(store.transitions, (transition) => Effect.sync(() => seen.push(transition))))
    // Let the subscription start before any call can trip a breaker.
    yield* Effect.sleep("20 millis")
    return Effect.sync(() => [...seen])
  })
