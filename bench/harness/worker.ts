/**
 * A worker process: receives one job from the harness, runs it, sends back its figures and exits. Each benchmark's
 * module is loaded on demand, so a variant's process holds only the code that variant needs.
 *
 * @since 0.1.0
 */
import type { Job, JobResult } from "./jobs.js"

interface Ran {
  readonly figures: Readonly<Record<string, number>>
  readonly notes: ReadonlyArray<string>
}

/** Nested numbers as dotted keys; strings and booleans become notes. */
const flatten = (value: unknown, prefix: string, figures: Record<string, number>, notes: Array<string>): void => {
  if (typeof value === "number") figures[prefix] = value
  else if (typeof value === "string" || typeof value === "boolean") notes.push(`${prefix}: ${String(value)}`)
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix === "" ? key : `${prefix}.${key}`, figures, notes)
  }
}

const isMissingModule = (error: unknown, name: string): boolean =>
  error instanceof Error && "code" in error && error.code === "ERR_MODULE_NOT_FOUND" && error.message.includes(name)

/** A benchmark owned by another module, whose entry point may not exist yet: its absence is a gap, not a failure. */
const external = async (file: string, exported: string, argument: unknown): Promise<Ran | JobResult> => {
  const specifier = `../${file}`
  let module: Record<string, unknown>
  try {
    module = await import(specifier) as Record<string, unknown>
  } catch (error) {
    if (isMissingModule(error, file)) return { ok: false, gap: true, error: `bench/${file.replace(/\.js$/, ".ts")} does not exist yet` }
    throw error
  }
  const entry = module[exported]
  if (typeof entry !== "function") {
    return { ok: false, gap: true, error: `bench/${file.replace(/\.js$/, ".ts")} does not export ${exported}` }
  }
  const value: unknown = await entry(argument)
  const figures: Record<string, number> = {}
  const notes: Array<string> = []
  flatten(value, "", figures, notes)
  return { figures, notes }
}

const run = async (job: Job): Promise<Ran | JobResult> => {
  switch (job.kind) {
    case "overhead":
      return (await import("../overhead.js")).run(job)
    case "instructions":
      return (await import("../instructions.js")).run(job)
    case "memory":
      return (await import("../memory.js")).run(job)
    case "webhooks":
      return (await import("../webhooks.js")).run(job)
    case "ceiling":
      return (await import("../ceiling.js")).run(job)
    case "outbox": {
      const ran = await external("outbox.js", "runOutboxBench", { store: job.store, messages: job.messages })
      return "ok" in ran ? ran : { figures: { delivered_per_sec: ran.figures[""] ?? Number.NaN }, notes: ran.notes }
    }
    case "durable":
      return { figures: await (await import("../durable.js")).runDurableBench({ store: job.store, calls: job.calls }), notes: [] }
    case "redis":
      return external("redis.js", "runRedisBench", { calls: job.calls })
  }
}

// A warning repeated per call (stripe-node's "Request metrics buffer is full" with thousands of calls in flight) would
// flood the log: each distinct warning is printed once, and how often it came is noted with the job's result.
const warnings = new Map<string, number>()
process.removeAllListeners("warning")
process.on("warning", (warning) => {
  const text = `${warning.name}: ${warning.message}`
  const seen = warnings.get(text) ?? 0
  if (seen === 0) process.stderr.write(`(worker ${process.pid}) ${text}\n`)
  warnings.set(text, seen + 1)
})
const warningNotes = (): ReadonlyArray<string> =>
  [...warnings].map(([text, times]) => `warning${times > 1 ? ` (${times} times)` : ""}: ${text}`)

process.once("message", (job: Job) => {
  run(job).then(
    (ran): JobResult => ("ok" in ran ? ran : { ok: true, figures: ran.figures, notes: [...ran.notes, ...warningNotes()] }),
    (error: unknown): JobResult => ({
      ok: false,
      gap: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error)
    })
  ).then((result) => {
    process.send?.(result, () => process.exit(0))
  })
})
