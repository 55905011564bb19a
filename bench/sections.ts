/**
 * The benchmark sections in the order they run. Each starts what it needs (a target server, child processes), runs its
 * variants one after another, files every figure under a stable key and derives the ratios and targets.
 *
 * @since 0.1.0
 */
import * as ColdStart from "./coldstart/runner.js"
import {
  type Job,
  type JobResult,
  type MemoryVariant,
  type Operation,
  operations,
  type Stage,
  stages,
  type Variant
} from "./harness/jobs.js"
import * as Processes from "./harness/process.js"
import { addRatio, addTarget, ratio, type Results } from "./report/results.js"


/**
 * Sizes for one run; `--quick` uses the small set.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Sizes {
  readonly calls: number
  /** Interleaved rounds of every call-overhead variant; each figure is the median over them. */
  readonly overheadRounds: number
  readonly webhookOps: number
  readonly webhookBytes: number
  readonly outboxMessages: number
  readonly outboxConcurrency: number
  /** Resend e-mails per store in the durable benchmark, plain and durable. */
  readonly durableCalls: number
  /** Calls held in flight at once by the memory benchmark. */
  readonly inflight: number
  /** Also measure ours with tracing off (a reference row, left out of a quick run to keep it short). */
  readonly memoryUntraced: boolean
  /** Sequential calls counted per variant by the instructions benchmark, after `instructionWarmup` uncounted ones. */
  readonly instructionCalls: number
  readonly instructionWarmup: number
  /** Fresh processes per cold-start variant (interleaved), and per module for import times. */
  readonly coldStartRuns: number
  readonly importRuns: number
  readonly redisCalls: number
  readonly profileCalls: number
  readonly jobTimeoutMs: number
}

/**
 * @since 0.1.0
 * @category Models
 */
export const sizes = (quick: boolean): Sizes =>
  quick
    ? {
      calls: 2_000,
      overheadRounds: 1,
      webhookOps: 10_000,
      webhookBytes: 2048,
      outboxMessages: 500,
      outboxConcurrency: 16,
      durableCalls: 500,
      inflight: 5_000,
      memoryUntraced: false,
      instructionCalls: 200,
      instructionWarmup: 100,
      coldStartRuns: 5,
      importRuns: 3,
      redisCalls: 1_000,
      profileCalls: 2_000,
      jobTimeoutMs: 120_000
    }
    : {
      calls: 20_000,
      overheadRounds: 3,
      webhookOps: 100_000,
      webhookBytes: 2048,
      outboxMessages: 5_000,
      outboxConcurrency: 16,
      durableCalls: 5_000,
      inflight: 5_000,
      memoryUntraced: true,
      instructionCalls: 1_000,
      instructionWarmup: 300,
      coldStartRuns: 7,
      importRuns: 5,
      redisCalls: 10_000,
      profileCalls: 10_000,
      jobTimeoutMs: 600_000
    }

/**
 * @since 0.1.0
 * @category Models
 */
export interface Context {
  readonly results: Results
  readonly sizes: Sizes
  readonly log: (line: string) => void
}

const fmt = (value: number | undefined, digits = 0) =>
  value === undefined ? "-" : value.toLocaleString("en-US", { maximumFractionDigits: digits })

/** Runs a job, files its figures under `prefix`, and returns them (empty when it failed or was a gap). */
const job = async (
  ctx: Context,
  section: string,
  prefix: string,
  spec: Job,
  execArgv?: ReadonlyArray<string>
): Promise<Readonly<Record<string, number>>> => {
  const started = performance.now()
  const result: JobResult = await Processes.runJob(spec, { timeoutMs: ctx.sizes.jobTimeoutMs, execArgv })
  ctx.results.figures[`${prefix}.job_seconds`] = (performance.now() - started) / 1000
  if (!result.ok) {
    if (result.gap) ctx.results.gaps.push({ section, text: result.error })
    else ctx.results.failures.push({ section, label: prefix, error: result.error })
    ctx.log(`  ${prefix}: ${result.gap ? "GAP" : "FAILED"}: ${result.error.split("\n")[0]}`)
    return {}
  }
  for (const [key, value] of Object.entries(result.figures)) ctx.results.figures[`${prefix}.${key}`] = value
  for (const text of result.notes) ctx.results.notes.push({ section, text: `${prefix}: ${text}` })
  return result.figures
}

// Enough calls for the JIT to settle and the connection pool to fill, small enough for `--quick`.
const warmupFor = (calls: number) => Math.max(200, Math.round(calls / 10))

/**
 * Per figure, the median over rounds that all succeeded (failures are summed instead); empty when no round ran. A round
 * that failed outright (no figures) leaves the result without figures, as a single failed run would.
 */
const medianFigures = (rounds: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> => {
  if (rounds.length === 0 || rounds.some((figures) => Object.keys(figures).length === 0)) return {}
  const out: Record<string, number> = {}
  for (const name of Object.keys(rounds[0]!)) {
    const values = rounds.map((figures) => figures[name]).filter((value): value is number => value !== undefined)
    if (name === "failures") {
      out[name] = values.reduce((sum, value) => sum + value, 0)
      continue
    }
    const sorted = [...values].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    out[name] = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  }
  out["rounds"] = rounds.length
  return out
}

const VARIANTS: ReadonlyArray<Variant> = ["undici", "official", "ours"]
const CONCURRENCIES = [1, 64] as const

/**
 * Call overhead: every operation × concurrency × variant against one target server, each in its own process, the
 * variants taking turns round after round.
 *
 * @since 0.1.0
 * @category Sections
 */
export const overhead = async (ctx: Context): Promise<void> => {
  const server = await Processes.startServer()
  try {
    for (const operation of operations) {
      for (const concurrency of CONCURRENCIES) {
        const rounds = Math.max(1, ctx.sizes.overheadRounds)
        const collected: Record<Variant, Array<Readonly<Record<string, number>>>> = { undici: [], official: [], ours: [] }
        // Variants take turns, round after round, so a slow spell on the machine lands on all of them rather than one.
        for (let round = 1; round <= rounds; round++) {
          for (const variant of VARIANTS) {
            const prefix = `overhead.c${concurrency}.${operation}.${variant}`
            const label = rounds === 1 ? prefix : `${prefix}.round${round}`
            const figures = await job(ctx, "overhead", label, {
              kind: "overhead",
              operation,
              variant,
              concurrency,
              calls: ctx.sizes.calls,
              warmup: warmupFor(ctx.sizes.calls),
              port: server.port
            })
            collected[variant].push(figures)
            ctx.log(
              `  ${label}: ${fmt(figures["throughput_rps"])} req/s, ${fmt(figures["cpu_us_per_call"], 1)} µs CPU/call, ` +
                `server ${fmt(figures["server_cpu_percent"])} %`
            )
          }
        }
        const throughput: Partial<Record<Variant, number | undefined>> = {}
        const cpu: Partial<Record<Variant, number | undefined>> = {}
        for (const variant of VARIANTS) {
          const prefix = `overhead.c${concurrency}.${operation}.${variant}`
          const figures = rounds === 1 ? (collected[variant][0] ?? {}) : medianFigures(collected[variant])
          if (rounds > 1) for (const [name, value] of Object.entries(figures)) ctx.results.figures[`${prefix}.${name}`] = value
          throughput[variant] = figures["failures"] === 0 ? figures["throughput_rps"] : undefined
          cpu[variant] = figures["cpu_us_per_call"]
        }
        const key = `overhead.c${concurrency}.${operation}`
        addRatio(ctx.results, `${key}.ours_vs_undici`, ratio(throughput.ours, throughput.undici))
        addRatio(ctx.results, `${key}.ours_vs_official`, ratio(throughput.ours, throughput.official))
        addRatio(ctx.results, `${key}.cpu_per_call.ours_vs_undici`, ratio(cpu.ours, cpu.undici))
        addRatio(ctx.results, `${key}.cpu_per_call.ours_vs_official`, ratio(cpu.ours, cpu.official))
      }
    }
    // The headline keys: the worst operation.
    for (const concurrency of CONCURRENCIES) {
      for (const against of ["undici", "official"] as const) {
        const values = operations.map((op) => ctx.results.ratios[`overhead.c${concurrency}.${op}.ours_vs_${against}`])
        if (values.every((value) => value !== undefined)) {
          ctx.results.ratios[`overhead.c${concurrency}.ours_vs_${against}`] = Math.min(...(values as Array<number>))
        }
      }
    }
  } finally {
    await server.stop()
  }
}

/**
 * Effect instructions, fibers and suspensions per call: ours for every operation, then each stage of the Stripe
 * `customers.retrieve` breakdown. One process per variant; the figures count work, so one run is enough.
 *
 * @since 0.1.0
 * @category Sections
 */
export const instructions = async (ctx: Context): Promise<void> => {
  const server = await Processes.startServer()
  try {
    const runs: Array<{ readonly operation: Operation; readonly variant: "ours" | Stage }> = [
      ...operations.map((operation) => ({ operation, variant: "ours" as const })),
      ...stages.map((variant) => ({ operation: "stripe.retrieve" as const, variant }))
    ]
    for (const { operation, variant } of runs) {
      const prefix = `instructions.${operation}.${variant}`
      const figures = await job(ctx, "instructions", prefix, {
        kind: "instructions",
        operation,
        variant,
        calls: ctx.sizes.instructionCalls,
        warmup: ctx.sizes.instructionWarmup,
        port: server.port
      })
      ctx.log(
        `  ${prefix}: ${fmt(figures["instructions_per_call"], 1)} instructions, ${fmt(figures["fibers_per_call"], 2)} fibers, ` +
          `${fmt(figures["suspensions_per_call"], 2)} suspensions per call`
      )
      addTarget(ctx.results, `${prefix}.instructions_per_call`, figures["instructions_per_call"])
    }
  } finally {
    await server.stop()
  }
}

/**
 * Webhook verification: each scheme, official then ours.
 *
 * @since 0.1.0
 * @category Sections
 */
export const webhooks = async (ctx: Context): Promise<void> => {
  for (const scheme of ["standard", "stripe"] as const) {
    const opsPerSec: Partial<Record<"ours" | "official", number | undefined>> = {}
    for (const variant of ["official", "ours"] as const) {
      const prefix = `webhooks.${scheme}.${variant}`
      const figures = await job(ctx, "webhooks", prefix, {
        kind: "webhooks",
        scheme,
        variant,
        ops: ctx.sizes.webhookOps,
        payloadBytes: ctx.sizes.webhookBytes
      })
      opsPerSec[variant] = figures["ops_per_sec"]
      ctx.log(`  ${prefix}: ${fmt(figures["ops_per_sec"])} verifications/s, ${fmt(figures["cpu_us_per_op"], 1)} µs CPU each`)
    }
    addRatio(ctx.results, `webhooks.${scheme}.ours_vs_official`, ratio(opsPerSec.ours, opsPerSec.official))
  }
}

/**
 * Outbox delivery rate on SQLite and Postgres against a plain POST loop with the same receiver and concurrency.
 *
 * @since 0.1.0
 * @category Sections
 */
export const outbox = async (ctx: Context): Promise<void> => {
  const messages = ctx.sizes.outboxMessages
  const ceiling = await job(ctx, "outbox", "outbox.ceiling", {
    kind: "ceiling",
    messages,
    concurrency: ctx.sizes.outboxConcurrency
  })
  ctx.log(`  outbox.ceiling: ${fmt(ceiling["delivered_per_sec"])} POST/s`)
  for (const store of ["sqlite", "postgres"] as const) {
    const figures = await job(ctx, "outbox", `outbox.${store}`, { kind: "outbox", store, messages })
    ctx.log(`  outbox.${store}: ${fmt(figures["delivered_per_sec"])} delivered/s`)
    addRatio(ctx.results, `outbox.${store}.vs_ceiling`, ratio(figures["delivered_per_sec"], ceiling["delivered_per_sec"]))
  }
}


/**
 * Durable calls per second on SQLite and Postgres against plain calls of the same client to the same simulator.
 *
 * @since 0.3.0
 * @category Sections
 */
export const durable = async (ctx: Context): Promise<void> => {
  for (const store of ["sqlite", "postgres"] as const) {
    const figures = await job(ctx, "durable", `durable.${store}`, { kind: "durable", store, calls: ctx.sizes.durableCalls })
    ctx.log(`  durable.${store}: ${fmt(figures["durable_per_sec"])} durable calls/s, ${fmt(figures["plain_per_sec"])} plain calls/s`)
    addRatio(ctx.results, `durable.${store}.vs_plain`, ratio(figures["durable_per_sec"], figures["plain_per_sec"]))
  }
}
/**
 * Heap per in-flight call: `inflight` Stripe customer retrievals held by the server at once, per variant.
 *
 * @since 0.1.0
 * @category Sections
 */
export const memory = async (ctx: Context): Promise<void> => {
  const server = await Processes.startServer()
  try {
    const perCall: Partial<Record<MemoryVariant, number | undefined>> = {}
    const controls = ctx.sizes.memoryUntraced ? (["ours-untraced", "ours-all", "effect-undici", "effect-undici-all"] as const) : []
    const variants: ReadonlyArray<MemoryVariant> = ["undici", "official", "ours", ...controls]
    for (const variant of variants) {
      const prefix = `memory.${variant}`
      const figures = await job(ctx, "memory", prefix, {
        kind: "memory",
        variant,
        inflight: ctx.sizes.inflight,
        port: server.port
      })
      perCall[variant] = figures["failures"] === 0 ? figures["heap_bytes_per_call"] : undefined
      ctx.log(
        `  ${prefix}: ${fmt(figures["heap_bytes_per_call"])} B heap/call, ${fmt(figures["rss_bytes_per_call"])} B RSS/call, ` +
          `${fmt(figures["held"])} held at once`
      )
    }
    addRatio(ctx.results, "memory.heap_per_call.ours_vs_undici", ratio(perCall.ours, perCall.undici))
    addRatio(ctx.results, "memory.heap_per_call.ours_vs_official", ratio(perCall.ours, perCall.official))
    addRatio(ctx.results, "memory.heap_per_call.ours-untraced_vs_undici", ratio(perCall["ours-untraced"], perCall.undici))
    addRatio(ctx.results, "memory.heap_per_call.ours-all_vs_undici", ratio(perCall["ours-all"], perCall.undici))
  } finally {
    await server.stop()
  }
}

const median = (values: ReadonlyArray<number>): number | undefined => {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * The modules whose import time the cold-start section reports, each alone in a fresh process (with what it imports).
 * `node` alone (no import) is Node's own start-up.
 *
 * @since 0.1.0
 * @category Sections
 */
export const importedModules: ReadonlyArray<readonly [name: string, specifier: string | undefined]> = [
  ["node", undefined],
  ["effect/Effect", "effect/Effect"],
  ["effect/Schema", "effect/Schema"],
  ["@effect/platform/HttpClient", "@effect/platform/HttpClient"],
  ["@effect/platform-node/NodeHttpClient", "@effect/platform-node/NodeHttpClient"],
  ["undici", "undici"],
  ["effect-integrations/transport/node", new URL("../src/transport/node.js", import.meta.url).href],
  ["effect-integrations/transport", new URL("../src/transport/index.js", import.meta.url).href],
  ["effect-integrations/stripe", new URL("../src/vendors/stripe/index.js", import.meta.url).href],
  ["effect-integrations/openai", new URL("../src/vendors/openai/index.js", import.meta.url).href],
  ["stripe", "stripe"],
  ["openai", "openai"]
]

/**
 * Cold start: fresh `node` processes that import a client and make one call, ours and the official SDK taking turns;
 * the median wall time (spawn to exit) and peak RSS. Then the import time of single modules, to show where it goes.
 *
 * @since 0.1.0
 * @category Sections
 */
export const coldstart = async (ctx: Context): Promise<void> => {
  const server = await Processes.startServer()
  const timeoutMs = 60_000
  try {
    // Ours over `node:http` (`NodeTransport`, for short-lived processes) is the one held to the target; over undici
    // (`UndiciTransport`, for long-running services) for reference.
    const scripts = {
      stripe: { ours: ["stripeOurs", "node"], "ours-undici": ["stripeOurs", "undici"], official: ["stripeOfficial"] },
      openai: { ours: ["openaiOurs", "node"], "ours-undici": ["openaiOurs", "undici"], official: ["openaiOfficial"] }
    } as const
    const variants = ["official", "ours", "ours-undici"] as const
    type ColdVariant = typeof variants[number]
    for (const vendor of ["stripe", "openai"] as const) {
      const runs: Record<ColdVariant, Array<ColdStart.Run>> = { ours: [], "ours-undici": [], official: [] }
      for (let round = 0; round < ctx.sizes.coldStartRuns; round++) {
        // Rotate which goes first, so none always inherits a warm page cache from another.
        const order = variants.map((_, i) => variants[(i + round) % variants.length]!)
        for (const variant of order) {
          try {
            const [script, ...args] = scripts[vendor][variant]
            runs[variant].push(await ColdStart.run(script, [String(server.port), ...args], timeoutMs))
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error)
            ctx.results.failures.push({ section: "coldstart", label: `coldstart.${vendor}.${variant}`, error: message })
          }
        }
      }
      const wall: Partial<Record<ColdVariant, number | undefined>> = {}
      for (const variant of variants) {
        const prefix = `coldstart.${vendor}.${variant}`
        const figures: Record<string, number | undefined> = {
          runs: runs[variant].length,
          wall_ms: median(runs[variant].map((r) => r.wall_ms)),
          ready_ms: median(runs[variant].map((r) => r.ready_ms)),
          max_rss_bytes: median(runs[variant].map((r) => r.max_rss_bytes))
        }
        for (const [name, value] of Object.entries(figures)) if (value !== undefined) ctx.results.figures[`${prefix}.${name}`] = value
        // Every run must have worked, or the median is over a different set than the other variant's.
        wall[variant] = runs[variant].length === ctx.sizes.coldStartRuns ? figures["wall_ms"] : undefined
        ctx.log(
          `  ${prefix}: ${fmt(figures["wall_ms"])} ms spawn to exit, ${fmt(figures["ready_ms"])} ms to the result, ` +
            `${fmt((figures["max_rss_bytes"] ?? Number.NaN) / 1024 / 1024, 1)} MiB peak RSS`
        )
      }
      addRatio(ctx.results, `coldstart.${vendor}.ours_vs_official`, ratio(wall.ours, wall.official))
      addRatio(ctx.results, `coldstart.${vendor}.ours-undici_vs_official`, ratio(wall["ours-undici"], wall.official))
    }
    const imports = new Map<string, Array<ColdStart.Run>>(importedModules.map(([name]) => [name, []]))
    for (let round = 0; round < ctx.sizes.importRuns; round++) {
      for (const [name, specifier] of importedModules) {
        try {
          imports.get(name)?.push(await ColdStart.run("importOne", specifier === undefined ? [] : [specifier], timeoutMs))
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          ctx.results.failures.push({ section: "coldstart", label: `coldstart.import.${name}`, error: message })
        }
      }
    }
    for (const [name, runs] of imports) {
      if (runs.length === 0) continue
      const prefix = `coldstart.import.${name}`
      const importMs = median(runs.map((r) => r["import_ms"] ?? Number.NaN))
      const wallMs = median(runs.map((r) => r.wall_ms))
      const rss = median(runs.map((r) => r.max_rss_bytes))
      if (importMs !== undefined) ctx.results.figures[`${prefix}.import_ms`] = importMs
      if (wallMs !== undefined) ctx.results.figures[`${prefix}.wall_ms`] = wallMs
      if (rss !== undefined) ctx.results.figures[`${prefix}.max_rss_bytes`] = rss
      ctx.log(`  ${prefix}: ${fmt(importMs, 1)} ms import, ${fmt(wallMs)} ms process, ${fmt((rss ?? 0) / 1024 / 1024, 1)} MiB`)
    }
  } finally {
    await server.stop()
  }
}

/**
 * The Redis limiter and breaker cost, from `bench/redis.ts`.
 *
 * @since 0.1.0
 * @category Sections
 */
export const redis = async (ctx: Context): Promise<void> => {
  const figures = await job(ctx, "redis", "redis", { kind: "redis", calls: ctx.sizes.redisCalls })
  for (const [key, value] of Object.entries(figures)) {
    if (/ratio|_vs_/i.test(key)) ctx.results.ratios[`redis.${key}`] = value
  }
  if (Object.keys(figures).length > 0) ctx.log(`  redis: ${JSON.stringify(figures)}`)
}

/**
 * Our Stripe client built up layer by layer at concurrency 64 (see `variants/stages.ts`), each stage's throughput as a
 * share of raw undici's from the call-overhead section.
 *
 * @since 0.1.0
 * @category Sections
 */
export const breakdown = async (ctx: Context): Promise<void> => {
  const server = await Processes.startServer()
  try {
    for (const stage of stages) {
      const prefix = `breakdown.c64.${stage}`
      const figures = await job(ctx, "breakdown", prefix, {
        kind: "overhead",
        operation: "stripe.retrieve",
        variant: stage,
        concurrency: 64,
        calls: ctx.sizes.calls,
        warmup: warmupFor(ctx.sizes.calls),
        port: server.port
      })
      const undici = ctx.results.figures["overhead.c64.stripe.retrieve.undici.throughput_rps"]
      addRatio(ctx.results, `${prefix}.vs_undici`, ratio(figures["throughput_rps"], undici))
      ctx.log(`  ${prefix}: ${fmt(figures["throughput_rps"])} req/s, ${fmt(figures["cpu_us_per_call"], 1)} µs CPU/call`)
    }
  } finally {
    await server.stop()
  }
}

/**
 * What to profile: our client at concurrency 64, or our webhook verifier.
 *
 * @since 0.1.0
 * @category Models
 */
export type ProfileTarget =
  | { readonly _tag: "client"; readonly operation: Operation }
  | { readonly _tag: "webhook"; readonly scheme: "standard" | "stripe" }

/**
 * Runs one of our variants under `node --cpu-prof` and returns the profile's path.
 *
 * @since 0.1.0
 * @category Sections
 */
export const profile = async (ctx: Context, target: ProfileTarget, directory: string): Promise<string | undefined> => {
  const server = target._tag === "client" ? await Processes.startServer() : undefined
  try {
    const before = new Set(await listProfiles(directory))
    const spec: Job = server !== undefined && target._tag === "client"
      ? {
        kind: "overhead",
        operation: target.operation,
        variant: "ours",
        concurrency: 64,
        calls: ctx.sizes.profileCalls,
        warmup: warmupFor(ctx.sizes.profileCalls),
        port: server.port
      }
      : {
        kind: "webhooks",
        scheme: target._tag === "webhook" ? target.scheme : "standard",
        variant: "ours",
        ops: ctx.sizes.webhookOps,
        payloadBytes: ctx.sizes.webhookBytes
      }
    const label = target._tag === "client" ? target.operation : `webhook-${target.scheme}`
    await job(ctx, "profile", `profile.${label}`, spec, [
      "--cpu-prof",
      `--cpu-prof-dir=${directory}`,
      "--cpu-prof-interval=250"
    ])
    return (await listProfiles(directory)).find((file) => !before.has(file))
  } finally {
    await server?.stop()
  }
}

const listProfiles = async (directory: string): Promise<ReadonlyArray<string>> => {
  const NodeFs = await import("node:fs/promises")
  const NodePath = await import("node:path")
  await NodeFs.mkdir(directory, { recursive: true })
  return (await NodeFs.readdir(directory)).filter((file) => file.endsWith(".cpuprofile")).map((file) =>
    NodePath.join(directory, file)
  )
}
