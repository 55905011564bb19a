/**
 * The jobs the harness hands to a fresh child process, and what a child sends back. One job per process, so each
 * variant's peak RSS and CPU time are its own.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category Models
 */
export type Vendor = "stripe" | "openai"

/**
 * The calls the benchmarks make: Stripe `customers.retrieve` (a GET), Stripe `customers.create` (a form POST with an
 * idempotency key) and an OpenAI chat completion (a JSON POST).
 *
 * @since 0.1.0
 * @category Models
 */
export type Operation = "stripe.retrieve" | "stripe.create" | "openai.chat"

/**
 * @since 0.1.0
 * @category Models
 */
export const operations: ReadonlyArray<Operation> = ["stripe.retrieve", "stripe.create", "openai.chat"]

/**
 * @since 0.1.0
 * @category Models
 */
export const vendorOf = (operation: Operation): Vendor => (operation === "openai.chat" ? "openai" : "stripe")

/**
 * `undici`: raw `undici.request` with an `Agent`; `official`: the vendor's npm SDK; `ours`: this library's client.
 *
 * @since 0.1.0
 * @category Models
 */
export type Variant = "undici" | "official" | "ours"

/**
 * Our Stripe `customers.retrieve` built up one layer at a time (`variants/stages.ts`): the bare Effect-over-undici
 * floor, `@effect/platform`'s HttpClient, the kernel without and with its policies, the client without tracing.
 *
 * @since 0.1.0
 * @category Models
 */
export type Stage = "effect-undici" | "platform" | "lean" | "kernel-bare" | "kernel" | "client-untraced" | "client-platform"

/**
 * @since 0.1.0
 * @category Models
 */
export const stages: ReadonlyArray<Stage> = ["effect-undici", "platform", "lean", "kernel-bare", "kernel", "client-untraced", "client-platform"]

/**
 * The memory benchmark's variants: the three call-overhead ones (the Effect client's calls entered one by one from the
 * Promise clients' loops), ours with tracing off, and two controls that show what the load generator itself keeps:
 * ours held by one `Effect.all` of fiber loops (`-all`), and `Effect.tryPromise` over raw undici under each generator.
 *
 * @since 0.1.0
 * @category Models
 */
export type MemoryVariant =
  | Variant
  | "ours-untraced"
  | "ours-all"
  | "effect-undici"
  | "effect-undici-all"

/**
 * @since 0.1.0
 * @category Models
 */
export type Job =
  | {
    readonly kind: "overhead"
    readonly operation: Operation
    /** A stage (Stripe `customers.retrieve` only) breaks `ours` down layer by layer. */
    readonly variant: Variant | Stage
    readonly concurrency: number
    readonly calls: number
    readonly warmup: number
    readonly port: number
  }
  | {
    /** Effect instructions, fibers and suspensions per call of one of our clients or stages, counted sequentially. */
    readonly kind: "instructions"
    readonly operation: Operation
    readonly variant: "ours" | Stage
    readonly calls: number
    readonly warmup: number
    readonly port: number
  }
  | { readonly kind: "memory"; readonly variant: MemoryVariant; readonly inflight: number; readonly port: number }
  | {
    readonly kind: "webhooks"
    readonly scheme: "standard" | "stripe"
    readonly variant: "ours" | "official"
    readonly ops: number
    readonly payloadBytes: number
  }
  | { readonly kind: "outbox"; readonly store: "sqlite" | "postgres"; readonly messages: number }
  | { readonly kind: "durable"; readonly store: "sqlite" | "postgres"; readonly calls: number }
  | { readonly kind: "ceiling"; readonly messages: number; readonly concurrency: number }
  | { readonly kind: "redis"; readonly calls: number }

/**
 * A child's answer. `gap` marks a benchmark that could not run because a part of it does not exist yet.
 *
 * @since 0.1.0
 * @category Models
 */
export type JobResult =
  | { readonly ok: true; readonly figures: Readonly<Record<string, number>>; readonly notes: ReadonlyArray<string> }
  | { readonly ok: false; readonly error: string; readonly gap: boolean }

/**
 * Peak resident set size of the calling process so far, in bytes.
 *
 * @since 0.1.0
 * @category Measuring
 */
export const maxRssBytes = (): number => process.resourceUsage().maxRSS * 1024

/**
 * CPU time (user + system, all threads) of the calling process, in microseconds.
 *
 * @since 0.1.0
 * @category Measuring
 */
export const cpuMicros = (): number => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}
