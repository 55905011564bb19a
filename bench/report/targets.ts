/**
 * The targets every run is judged by (issue 14, and the webhook verifiers'), each under the key of the figure or ratio
 * it bounds. Sections record a target just by filing that key (`Results.addRatio` / `Results.addFigureTarget`), and the
 * report lists every target here, measured or not, so a target cannot silently drop out of the table.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category Models
 */
export interface Spec {
  readonly key: string
  readonly label: string
  /** A ratio (`×`) or a plain count, such as instructions per call. */
  readonly unit: "ratio" | "count"
  readonly minimum?: number | undefined
  readonly maximum?: number | undefined
}

/**
 * The most Effect instructions a call of ours may take on the fast path.
 *
 * @since 0.1.0
 * @category Targets
 */
export const MAX_INSTRUCTIONS_PER_CALL = 60

const throughput = (operation: string, title: string, concurrency: number, minimum: number): Spec => ({
  key: `overhead.c${concurrency}.${operation}.ours_vs_official`,
  label: `${title}, concurrency ${concurrency}: ours ≥ ${minimum.toFixed(1)}× the official SDK's throughput`,
  unit: "ratio",
  minimum
})

const instructions = (operation: string, title: string): Spec => ({
  key: `instructions.${operation}.ours.instructions_per_call`,
  label: `${title}: ≤ ${MAX_INSTRUCTIONS_PER_CALL} Effect instructions per call (ours)`,
  unit: "count",
  maximum: MAX_INSTRUCTIONS_PER_CALL
})

/**
 * @since 0.1.0
 * @category Targets
 */
export const all: ReadonlyArray<Spec> = [
  throughput("stripe.retrieve", "Stripe customers.retrieve", 1, 1),
  throughput("stripe.retrieve", "Stripe customers.retrieve", 64, 1),
  throughput("stripe.create", "Stripe customers.create", 1, 1),
  throughput("stripe.create", "Stripe customers.create", 64, 1),
  throughput("openai.chat", "OpenAI chat completion", 64, 1.2),
  instructions("stripe.retrieve", "Stripe customers.retrieve"),
  instructions("stripe.create", "Stripe customers.create"),
  instructions("openai.chat", "OpenAI chat completion"),
  {
    key: "memory.heap_per_call.ours_vs_undici",
    label: "Heap per in-flight call: ours ≤ 2× raw undici",
    unit: "ratio",
    maximum: 2
  },
  {
    key: "coldstart.stripe.ours_vs_official",
    label: "Stripe cold start (import + one call, spawn to exit): ours ≤ 2× the official SDK",
    unit: "ratio",
    maximum: 2
  },
  {
    key: "coldstart.openai.ours_vs_official",
    label: "OpenAI cold start (import + one call, spawn to exit): ours ≤ 2× the official SDK",
    unit: "ratio",
    maximum: 2
  },
  {
    key: "webhooks.standard.ours_vs_official",
    label: "Standard Webhooks verification: ours ≥ 1.0× official",
    unit: "ratio",
    minimum: 1
  },
  { key: "webhooks.stripe.ours_vs_official", label: "Stripe verification: ours ≥ 1.0× official", unit: "ratio", minimum: 1 }
]

const index = new Map(all.map((spec) => [spec.key, spec]))

/**
 * The target on a key, if there is one.
 *
 * @since 0.1.0
 * @category Targets
 */
export const byKey = (key: string): Spec | undefined => index.get(key)

/**
 * Whether a measured value meets its target.
 *
 * @since 0.1.0
 * @category Targets
 */
export const meets = (spec: Spec, value: number): boolean =>
  (spec.minimum === undefined || value >= spec.minimum) && (spec.maximum === undefined || value <= spec.maximum)
