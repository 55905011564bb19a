/**
 * `demo --crash`: the durable worker runs in a child process (`Worker.ts`, compiled) on the demo's SQLite file, and is
 * SIGKILLed a few times mid-run, each kill once the durable calls have made a given amount of progress, and restarted.
 * The report then shows that no durable call was lost or performed twice.
 *
 * @since 0.3.0
 */
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as NodeChildProcess from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import type * as Durables from "./Durables.js"

/**
 * Workers killed in a `--crash` run.
 *
 * @since 0.3.0
 * @category Constants
 */
export const kills = 3

/**
 * The compiled worker beside this module; under vitest (this module is `src/…/Crash.ts`) the one in dist/.
 */
const workerScript = (): string => {
  const here = NodeUrl.fileURLToPath(import.meta.url)
  const beside = NodePath.join(NodePath.dirname(here), "Worker.js")
  if (NodeFs.existsSync(beside)) return beside
  return NodePath.resolve(NodePath.dirname(here), "../../../dist/src/cli/demo/Worker.js")
}

interface Child {
  readonly process: NodeChildProcess.ChildProcess
  readonly ready: Promise<boolean>
  readonly exited: Promise<void>
  readonly stderr: () => string
}

const READY_LINE = "worker ready\n"

const spawn = (db: string, urls: Durables.BaseUrls, worker: string): Child => {
  const child = NodeChildProcess.spawn(process.execPath, [workerScript()], {
    env: { ...process.env, DEMO_DURABLE_DB: db, DEMO_DURABLE_URLS: JSON.stringify(urls), DEMO_DURABLE_WORKER: worker },
    stdio: ["ignore", "ignore", "pipe"]
  })
  let stderr = ""
  let isReady = false
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()))
  const ready = new Promise<boolean>((resolve) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4_000)
      if (!isReady && stderr.includes(READY_LINE)) {
        isReady = true
        stderr = stderr.replace(READY_LINE, "")
        resolve(true)
      }
    })
    void exited.then(() => resolve(false))
  })
  return { process: child, ready, exited, stderr: () => stderr }
}

const kill = (child: Child) =>
  Effect.promise(() => {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL")
    return child.exited
  })

/**
 * @since 0.3.0
 * @category Models
 */
export interface Supervisor {
  /** Workers SIGKILLed so far. */
  readonly crashes: Effect.Effect<number>
}

/**
 * Starts the worker process and, in the background, kills it `kills` times, the `i`th time once `completed` (durable
 * calls ended) reaches `i / (kills + 1)` of `expected`, restarting it each time. It waits on progress only: a run that
 * ends before a threshold simply has fewer crashes. A worker that exits on its own is restarted and its stderr shown.
 * The scope kills the last worker.
 *
 * @since 0.3.0
 * @category Running
 */
export const supervise = (options: {
  readonly db: string
  readonly urls: Durables.BaseUrls
  readonly expected: number
  readonly completed: Effect.Effect<number, SqlError>
}) =>
  Effect.gen(function*() {
    const crashes = yield* Ref.make(0)
    let generation = 0
    const start = () => spawn(options.db, options.urls, `demo-worker-${generation++}`)
    const current = yield* Effect.acquireRelease(Effect.suspend(() => Ref.make(start())), (ref) => Effect.flatMap(Ref.get(ref), kill))
    // Spawned and recorded in one step, so an interruption never leaves a worker the scope does not know about.
    const restart = Effect.uninterruptible(Effect.suspend(() => Ref.set(current, start())))

    // A worker that dies by itself (not one of our kills) is restarted, so the queue keeps moving.
    const restartIfExited = Effect.gen(function*() {
      const child = yield* Ref.get(current)
      if (child.process.exitCode === null && child.process.signalCode === null) return
      yield* Effect.sync(() => process.stderr.write(`[demo] durable worker exited by itself: ${child.stderr().trim()}\n`))
      yield* restart
    })

    const killOnce = (threshold: number) =>
      Effect.gen(function*() {
        while ((yield* Effect.orElseSucceed(options.completed, () => 0)) < threshold) {
          yield* restartIfExited
          yield* Effect.sleep("50 millis")
        }
        const child = yield* Ref.get(current)
        // Killed once it works: a kill before it opened its store would show nothing.
        if (!(yield* Effect.promise(() => child.ready))) return yield* restartIfExited
        yield* kill(child)
        yield* Ref.update(crashes, (n) => n + 1)
        yield* restart
      })

    const thresholds = Array.from({ length: kills }, (_, i) => Math.max(1, Math.floor(((i + 1) * options.expected) / (kills + 1))))
    yield* Effect.forkScoped(
      Effect.zipRight(
        Effect.forEach(thresholds, killOnce, { discard: true }),
        Effect.forever(Effect.zipRight(restartIfExited, Effect.sleep("200 millis")))
      )
    )
    return { crashes: Ref.get(crashes) } satisfies Supervisor
  })
