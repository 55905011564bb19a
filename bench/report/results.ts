/**
 * What one `npm run bench` run collects: every figure under a stable dotted key (`overhead.c64.stripe.ours.throughput_rps`),
 * the ratios (`overhead.c64.stripe.ours_vs_undici`), the targets with whether each was met, and what could not be
 * measured. `bench/report.json` is this object as JSON.
 *
 * @since 0.1.0
 */
import type * as Profile from "./profile.js"
import * as Targets from "./targets.js"

/**
 * A target as measured in a run.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Target extends Targets.Spec {
  /** `null` when it (or a side of the ratio) could not be measured. */
  readonly value: number | null
  readonly met: boolean | null
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Results {
  readonly meta: {
    readonly date: string
    readonly mode: "quick" | "full"
    readonly node: string
    readonly cpu: string
    readonly cores: number
    readonly loadAverageBefore: ReadonlyArray<number>
    loadAverageAfter: ReadonlyArray<number>
    readonly commit: string | undefined
    readonly sections: ReadonlyArray<string>
    readonly sizes: Readonly<Record<string, number | boolean>>
    seconds: number
  }
  readonly figures: Record<string, number>
  readonly ratios: Record<string, number>
  readonly targets: Array<Target>
  readonly notes: Array<{ readonly section: string; readonly text: string }>
  readonly gaps: Array<{ readonly section: string; readonly text: string }>
  readonly failures: Array<{ readonly section: string; readonly label: string; readonly error: string }>
  readonly profiles: Record<string, Profile.Summary & { readonly file: string; readonly what: string }>
}

/**
 * `a / b`, or `undefined` when either side is missing or `b` is zero.
 *
 * @since 0.1.0
 * @category Helpers
 */
export const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || b === 0 || !Number.isFinite(a) || !Number.isFinite(b) ? undefined : a / b

/**
 * Records the target on `key` (from `targets.ts`), if there is one, with whether `value` meets it.
 *
 * @since 0.1.0
 * @category Helpers
 */
export const addTarget = (results: Results, key: string, value: number | undefined): void => {
  const spec = Targets.byKey(key)
  if (spec === undefined) return
  results.targets.push({ ...spec, value: value ?? null, met: value === undefined ? null : Targets.meets(spec, value) })
}

/**
 * Records a ratio (when measurable) and the target on its key, if there is one.
 *
 * @since 0.1.0
 * @category Helpers
 */
export const addRatio = (results: Results, key: string, value: number | undefined): void => {
  if (value !== undefined) results.ratios[key] = value
  addTarget(results, key, value)
}
