/**
 * Closed-loop load: `concurrency` loops, each making its next call as soon as the previous one settles, until `calls`
 * calls have started. The same shape drives Promise clients here and Effect clients in `effectLoad.ts` (fibers), so
 * variants differ only in the client under test. This module loads no Effect code, so Promise variants don't pay for it.
 *
 * @since 0.1.0
 */
import * as NodeHttp from "node:http"
import type * as Instructions from "./instructions.js"
import type { Stats } from "./server.js"

/**
 * How a load run went; a run with failures is reported, never silently counted as throughput.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Outcome {
  readonly failures: number
  readonly firstFailure: string | undefined
}

/**
 * A client under test.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Driver {
  readonly run: (calls: number, concurrency: number) => Promise<Outcome>
  /**
   * Effect clients only: the Promise clients' load generator (`promiseLoad`), each call entered through the runtime's
   * `runPromise`, as an app's request handler calls an Effect service. With it a variant differs from a Promise
   * client only in the client, not in the bookkeeping of the loops that hold its calls.
   */
  readonly runEach?: ((calls: number, concurrency: number) => Promise<Outcome>) | undefined
  readonly close: () => Promise<void>
  /** Figures the variant adds to its row (e.g. spans ended), read after the measured run. */
  readonly extra?: (() => Promise<Readonly<Record<string, number>>>) | undefined
  /** Effect clients only: counts the Effect work of `calls` sequential calls after a warm-up (see `instructions.ts`). */
  readonly instructions?: ((calls: number, warmup: number) => Promise<Instructions.PerCall>) | undefined
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)

/**
 * Drives a Promise-returning call.
 *
 * @since 0.1.0
 * @category Load
 */
export const promiseLoad = async (call: () => Promise<unknown>, calls: number, concurrency: number): Promise<Outcome> => {
  let started = 0
  let failures = 0
  let firstFailure: string | undefined
  const loop = async () => {
    while (started < calls) {
      started++
      try {
        await call()
      } catch (error) {
        failures++
        firstFailure ??= describe(error)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, loop))
  return { failures, firstFailure }
}

/**
 * Sends a control request to the target server (over `node:http` and a connection of its own, so no variant's HTTP
 * client is loaded for it and none of its pooled connections is used) and returns the parsed answer.
 *
 * @since 0.1.0
 * @category Load
 */
export const control = <A>(port: number, path: "/__stats" | "/__stats?reset" | "/__hold" | "/__release"): Promise<A> =>
  new Promise((resolve, reject) => {
    const req = NodeHttp.get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as A))
      res.on("error", reject)
    })
    req.on("error", reject)
  })

/**
 * Reads the target server's counters.
 *
 * @since 0.1.0
 * @category Load
 */
export const serverStats = (port: number, reset = false): Promise<Stats> =>
  control<Stats>(port, reset ? "/__stats?reset" : "/__stats")
