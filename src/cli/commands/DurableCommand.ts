/**
 * `effect-integrations durable stats|dead|replay|cancel --db <url>`: operate durable vendor calls from the shell.
 * `--db` is a SQLite file path or a `postgres://` URL of a database an app created: the CLI never migrates or creates
 * tables. `stats` and `dead` only read. Exit codes: 0 done, 1 failed (database unreachable or without the tables, a key
 * unknown or in the wrong state), 2 usage error.
 *
 * @since 0.3.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Failure from "../Failure.js"
import * as Flags from "../Flags.js"
import * as Peers from "../Peers.js"

const operations = Peers.load(Peers.outbox, () => import("../durable/Operations.js"))

const db = Options.text("db").pipe(Options.withDescription("SQLite file path or postgres:// URL of the database"))
const json = Options.boolean("json").pipe(Options.withDescription("print JSON instead of text"))
const operation = Options.text("operation").pipe(Options.optional, Options.withDescription("only this operation"))
const keys = Args.text({ name: "key" }).pipe(Args.repeated)

const stats = Command.make("stats", { db, json }, (args) => Effect.flatMap(operations, (ops) => ops.stats(args))).pipe(
  Command.withDescription("Calls by state, queue depth, oldest queued age (read only)")
)

const dead = Command.make(
  "dead",
  {
    db,
    json,
    operation,
    limit: Flags.integerIn("limit", 1, 10_000).pipe(Options.withDefault(50), Options.withDescription("at most this many (1 to 10000)")),
    unconfirmed: Options.boolean("unconfirmed").pipe(
      Options.withDescription("list the unconfirmed calls (the vendor may have acted) instead of the dead ones")
    )
  },
  (args) => Effect.flatMap(operations, (ops) => ops.dead({ ...args, operation: Option.getOrUndefined(args.operation) }))
).pipe(Command.withDescription("List the dead letter queue with reasons, most recent first (read only)"))

const replay = Command.make(
  "replay",
  {
    db,
    all: Options.boolean("all").pipe(Options.withDescription("replay every dead call (of --operation, if given)")),
    operation,
    keys
  },
  (args) =>
    args.all === (args.keys.length > 0)
      ? Effect.fail(Failure.usage("durable replay: give keys or --all (not both)"))
      : Effect.flatMap(operations, (ops) => ops.replay({ ...args, operation: Option.getOrUndefined(args.operation) }))
).pipe(Command.withDescription("Send dead (or, by key, unconfirmed or cancelled) calls again: a new attempt cycle, the same key"))

const cancel = Command.make(
  "cancel",
  {
    db,
    reason: Options.text("reason").pipe(Options.withDefault("cancelled from the CLI"), Options.withDescription("why, kept with the call")),
    keys
  },
  (args) =>
    args.keys.length === 0
      ? Effect.fail(Failure.usage("durable cancel: give the keys to cancel"))
      : Effect.flatMap(operations, (ops) => ops.cancel(args))
).pipe(Command.withDescription("Cancel queued, dead or unconfirmed calls: they are never attempted again"))

/**
 * The `durable` command with its `stats`, `dead`, `replay` and `cancel` subcommands.
 *
 * @since 0.3.0
 * @category Commands
 */
export const command = Command.make("durable").pipe(
  Command.withDescription("Inspect and operate durable vendor calls"),
  Command.withSubcommands([stats, dead, replay, cancel])
)
