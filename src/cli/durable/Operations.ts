/**
 * What the `durable` subcommands do against a database, loaded only when one of them runs. The tables are used as they
 * are: no migration runs and nothing is created (`OutboxStore.layerUrl(db, { migrate: false })`). Inputs and results
 * are never printed (they carry e-mail addresses, phone numbers, message bodies): keys, operations, states and
 * reasons only.
 *
 * @since 0.3.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as NodeFs from "node:fs"
import * as Durable from "../../outbox/Durable.js"
import * as DatabaseUrl from "../../outbox/internal/databaseUrl.js"
import * as OutboxStore from "../../outbox/OutboxStore.js"
import * as Failure from "../Failure.js"

const secretsOf = (db: string): ReadonlyArray<string> => {
  try {
    const password = new URL(db).password
    return password === "" ? [] : [password, decodeURIComponent(password)]
  } catch {
    return []
  }
}

/** Runs `operation` against the durable calls at `db`; every failure is one line naming its cause. */
const withDatabase = <A, E>(db: string, operation: Effect.Effect<A, E, SqlClient.SqlClient>) =>
  Effect.gen(function*() {
    const target = DatabaseUrl.parse(db)
    if (Either.isLeft(target)) return yield* Effect.fail(Failure.usage(`durable: --db ${target.left}`))
    if (target.right._tag === "Sqlite" && target.right.filename !== ":memory:" && !NodeFs.existsSync(target.right.filename)) {
      return yield* Effect.fail(Failure.failure(`durable: no database file at ${target.right.filename}`))
    }
    const where = target.right._tag === "Postgres" ? target.right.display : target.right.filename
    const cannot = (cause: unknown) =>
      Failure.failure(`durable: cannot use the durable calls at ${where}: ${Failure.describe(cause, secretsOf(db))}`)
    return yield* operation.pipe(
      Effect.provide(OutboxStore.layerUrl(db, { migrate: false })),
      Effect.mapError(cannot),
      Effect.catchAllDefect((defect) => Effect.fail(cannot(defect)))
    )
  })

const printLines = (lines: ReadonlyArray<string>) => Effect.forEach(lines, (line) => Console.log(line), { discard: true })

const statsLines = (stats: Durable.Stats): ReadonlyArray<string> => [
  `queue depth       ${stats.queueDepth}`,
  `  pending         ${stats.pending}`,
  `  running         ${stats.running}`,
  `  retrying        ${stats.retrying}`,
  `succeeded         ${stats.succeeded}`,
  `dead              ${stats.dead}`,
  `unconfirmed       ${stats.unconfirmed}`,
  `cancelled         ${stats.cancelled}`,
  `oldest queued     ${stats.oldestQueuedAgeMillis === undefined ? "-" : `${Math.round(stats.oldestQueuedAgeMillis / 1000)}s`}`
]

/**
 * @since 0.3.0
 * @category Operations
 */
export const stats = (args: { readonly db: string; readonly json: boolean }) =>
  Effect.flatMap(withDatabase(args.db, Durable.stats), (stats) =>
    args.json ? Console.log(JSON.stringify(stats)) : printLines(statsLines(stats)))

const callJson = (call: Durable.Call) => ({
  key: call.key,
  operation: call.operation,
  state: call.state,
  attempts: call.attempts,
  reason: call.reason ?? null,
  lastError: call.lastError ?? null,
  createdAt: new Date(call.createdAt).toISOString(),
  updatedAt: new Date(call.updatedAt).toISOString()
})

const callLine = (call: Durable.Call) =>
  [
    call.key,
    `operation=${call.operation}`,
    `state=${call.state}`,
    `attempts=${call.attempts}`,
    `reason=${call.reason ?? "-"}`,
    `last=${call.lastError ?? "-"}`,
    `at=${new Date(call.updatedAt).toISOString()}`
  ].join("  ")

/**
 * The dead letter queue (or the unconfirmed calls), most recent first. Read only.
 *
 * @since 0.3.0
 * @category Operations
 */
export const dead = (args: {
  readonly db: string
  readonly json: boolean
  readonly limit: number
  readonly operation: string | undefined
  readonly unconfirmed: boolean
}) =>
  Effect.flatMap(
    withDatabase(args.db, Durable.list({ state: args.unconfirmed ? "unconfirmed" : "dead", operation: args.operation, limit: args.limit })),
    (calls) => printLines(calls.map((call) => (args.json ? JSON.stringify(callJson(call)) : callLine(call))))
  )

/** Keys given on the command line that did not move, each with its state. */
const leftOver = (keys: ReadonlyArray<string>, moved: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const done = new Set(moved)
    const problems: Array<string> = []
    for (const key of new Set(keys)) {
      if (done.has(key)) continue
      const found = yield* Effect.either(Durable.get(key))
      problems.push(Either.isLeft(found) ? `${key} (unknown)` : `${key} (${found.right.state})`)
    }
    return problems
  })

/**
 * Sends dead calls again (every one with `--all`, of `--operation` if given), or the given keys (dead, unconfirmed or
 * cancelled: replaying an unconfirmed call is the operator's decision that it did not happen). Keys that did not move
 * are named, and the command exits 1 after replaying the others.
 *
 * @since 0.3.0
 * @category Operations
 */
export const replay = (args: {
  readonly db: string
  readonly all: boolean
  readonly operation: string | undefined
  readonly keys: ReadonlyArray<string>
}) =>
  Effect.gen(function*() {
    if (args.all) {
      const moved = yield* withDatabase(args.db, Durable.replayDead({ operation: args.operation }))
      return yield* Console.log(`replayed ${moved.length}`)
    }
    const { moved, problems } = yield* withDatabase(
      args.db,
      Effect.gen(function*() {
        const moved = yield* Durable.replay([...new Set(args.keys)])
        return { moved, problems: yield* leftOver(args.keys, moved) }
      })
    )
    yield* Console.log(`replayed ${moved.length} of ${new Set(args.keys).size}`)
    if (problems.length > 0) return yield* Effect.fail(Failure.failure(`durable replay: not replayable: ${problems.join(", ")}`))
  })

/**
 * Cancels the given calls (queued and not running, dead or unconfirmed): they are never attempted again.
 *
 * @since 0.3.0
 * @category Operations
 */
export const cancel = (args: { readonly db: string; readonly reason: string; readonly keys: ReadonlyArray<string> }) =>
  Effect.gen(function*() {
    const { moved, problems } = yield* withDatabase(
      args.db,
      Effect.gen(function*() {
        const moved = yield* Durable.cancel([...new Set(args.keys)], args.reason)
        return { moved, problems: yield* leftOver(args.keys, moved) }
      })
    )
    yield* Console.log(`cancelled ${moved.length} of ${new Set(args.keys).size}`)
    if (problems.length > 0) return yield* Effect.fail(Failure.failure(`durable cancel: not cancellable: ${problems.join(", ")}`))
  })
