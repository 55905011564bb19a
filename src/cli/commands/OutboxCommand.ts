/**
 * `effect-integrations outbox stats|dead|replay --db <url>`: operate an outbox from the shell. `--db` is a SQLite file
 * path or a `postgres://` URL. Exit codes: 0 done, 1 failed (database unreachable, unknown or not-dead delivery),
 * 2 usage error (a malformed `--db` included).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as NodeFs from "node:fs"
import * as DatabaseUrl from "../../outbox/internal/databaseUrl.js"
import * as Outbox from "../../outbox/Outbox.js"
import type { Delivery, Stats } from "../../outbox/OutboxModel.js"
import { isOutboxError } from "../../outbox/OutboxModel.js"
import * as OutboxStore from "../../outbox/OutboxStore.js"
import { exitWith } from "../ExitCode.js"

/**
 * Runs an operation against the outbox at `db`, turning every failure into a message on stderr: a malformed `--db`
 * is a usage error (exit 2, the URL shown with its password masked), anything else exit 1. A SQLite path that does
 * not exist is refused rather than created.
 */
const withOutbox = <A>(
  db: string,
  operation: Effect.Effect<A, unknown, OutboxStore.OutboxStore>,
  onSuccess: (a: A) => Effect.Effect<void>
) =>
  Effect.gen(function*() {
    const target = DatabaseUrl.parse(db)
    if (Either.isLeft(target)) {
      yield* Console.error(`outbox: --db ${target.left}`)
      return yield* exitWith(2)
    }
    if (target.right._tag === "Sqlite" && !NodeFs.existsSync(target.right.filename)) {
      yield* Console.error(`outbox: no database file at ${target.right.filename}`)
      return yield* exitWith(1)
    }
    const where = target.right._tag === "Postgres" ? target.right.display : target.right.filename
    const result = yield* operation.pipe(Effect.provide(OutboxStore.layerUrl(db)), Effect.either)
    if (result._tag === "Right") return yield* onSuccess(result.right)
    const error = result.left
    yield* Console.error(isOutboxError(error) ? `outbox: ${error.message}` : `outbox: cannot use the outbox at ${where}`)
    return yield* exitWith(1)
  })

const db = Options.text("db").pipe(Options.withDescription("SQLite file path or postgres:// URL of the outbox"))
const json = Options.boolean("json").pipe(Options.withDescription("print JSON instead of text"))

const statsLines = (stats: Stats): ReadonlyArray<string> => [
  `queue depth       ${stats.queueDepth}`,
  `  pending         ${stats.pending}`,
  `  delivering      ${stats.delivering}`,
  `  failed-retrying ${stats.failedRetrying}`,
  `delivered         ${stats.delivered}`,
  `dead              ${stats.dead}`,
  `oldest pending    ${stats.oldestPendingAgeMillis === undefined ? "-" : `${Math.round(stats.oldestPendingAgeMillis / 1000)}s`}`,
  `endpoints         ${stats.endpoints} (${stats.endpointsDisabled} disabled, ${stats.endpointsOpen} breaker open)`
]

const stats = Command.make("stats", { db, json }, (args) =>
  withOutbox(args.db, Outbox.stats, (stats) =>
    args.json ? Console.log(JSON.stringify(stats)) : Effect.forEach(statsLines(stats), (line) => Console.log(line), { discard: true }))).pipe(
    Command.withDescription("Queue depth, deliveries by state, oldest pending age, endpoint health")
  )

const deadLine = (delivery: Delivery) =>
  [
    delivery.id,
    `endpoint=${delivery.endpointId}`,
    `message=${delivery.messageId}`,
    `type=${delivery.messageType}`,
    `attempts=${delivery.attempts}`,
    // Why it is dead: `ssrf` (the destination was refused, never sent) or the failure that ended its schedule.
    `reason=${delivery.lastResult ?? "-"}`,
    `last=${delivery.lastError ?? (delivery.lastStatus === undefined ? "-" : `HTTP ${delivery.lastStatus}`)}`,
    `at=${new Date(delivery.updatedAt).toISOString()}`
  ].join("  ")

const dead = Command.make(
  "dead",
  {
    db,
    json,
    limit: Options.integer("limit").pipe(Options.withDefault(50), Options.withDescription("at most this many")),
    endpoint: Options.text("endpoint").pipe(Options.optional, Options.withDescription("only this endpoint id"))
  },
  (args) =>
    withOutbox(
      args.db,
      Outbox.listDead({ limit: Math.max(1, args.limit), endpointId: Option.getOrUndefined(args.endpoint) }),
      (deliveries) =>
        Effect.forEach(
          deliveries,
          (delivery) => Console.log(args.json ? JSON.stringify(delivery) : deadLine(delivery)),
          { discard: true }
        )
    )
).pipe(Command.withDescription("List the dead letter queue, most recent first"))

const replay = Command.make(
  "replay",
  {
    db,
    all: Options.boolean("all").pipe(Options.withDescription("replay every dead delivery (of --endpoint, if given)")),
    endpoint: Options.text("endpoint").pipe(Options.optional, Options.withDescription("with --all: only this endpoint")),
    ids: Args.text({ name: "delivery-id" }).pipe(Args.repeated)
  },
  (args) =>
    Effect.gen(function*() {
      if (args.all === (args.ids.length > 0)) {
        yield* Console.error("outbox replay: give delivery ids or --all (not both)")
        return yield* exitWith(2)
      }
      if (args.all) {
        return yield* withOutbox(
          args.db,
          Outbox.replayDead({ endpointId: Option.getOrUndefined(args.endpoint) }),
          (count) => Console.log(`replayed ${count}`)
        )
      }
      return yield* withOutbox(args.db, Outbox.replayMany(args.ids), (count) =>
        Effect.gen(function*() {
          yield* Console.log(`replayed ${count} of ${args.ids.length}`)
          if (count < args.ids.length) {
            yield* Console.error("outbox replay: some ids are unknown or not dead")
            yield* exitWith(1)
          }
        }))
    })
).pipe(Command.withDescription("Send dead deliveries again: a new attempt cycle, re-signed, same webhook-id"))

/**
 * The `outbox` command with its `stats`, `dead` and `replay` subcommands.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("outbox").pipe(
  Command.withDescription("Inspect and operate the webhook outbox"),
  Command.withSubcommands([stats, dead, replay])
)
