/**
 * `effect-integrations outbox stats|dead|replay|endpoints --db <url>`: operate an outbox from the shell. `--db` is a
 * SQLite file path or a `postgres://` URL of an outbox an app created: the CLI never migrates or creates tables.
 * Exit codes: 0 done, 1 failed (database unreachable or not an outbox, unknown or not-dead delivery), 2 usage error
 * (a malformed `--db` included). The database work is loaded when a subcommand runs (it needs `@effect/sql`).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as SsrfGuard from "../../outbox/SsrfGuard.js"
import * as Failure from "../Failure.js"
import * as Flags from "../Flags.js"
import * as Peers from "../Peers.js"

const operations = Peers.load(Peers.outbox, () => import("../outbox/Operations.js"))

const db = Options.text("db").pipe(Options.withDescription("SQLite file path or postgres:// URL of the outbox"))
const json = Options.boolean("json").pipe(Options.withDescription("print JSON instead of text"))

const stats = Command.make("stats", { db, json }, (args) => Effect.flatMap(operations, (ops) => ops.stats(args))).pipe(
  Command.withDescription("Queue depth, deliveries by state, oldest pending age, endpoint health (read only)")
)

const dead = Command.make(
  "dead",
  {
    db,
    json,
    limit: Flags.integerIn("limit", 1, 10_000).pipe(Options.withDefault(50), Options.withDescription("at most this many (1 to 10000)")),
    endpoint: Options.text("endpoint").pipe(Options.optional, Options.withDescription("only this endpoint id"))
  },
  (args) => Effect.flatMap(operations, (ops) => ops.dead({ ...args, endpoint: Option.getOrUndefined(args.endpoint) }))
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
    args.all === (args.ids.length > 0)
      ? Effect.fail(Failure.usage("outbox replay: give delivery ids or --all (not both)"))
      : Effect.flatMap(operations, (ops) => ops.replay({ ...args, endpoint: Option.getOrUndefined(args.endpoint) }))
).pipe(Command.withDescription("Send dead deliveries again: a new attempt cycle, re-signed, same webhook-id"))

const endpointId = Args.text({ name: "endpoint-id" })

const list = Command.make("list", { db, json }, (args) => Effect.flatMap(operations, (ops) => ops.listEndpoints(args))).pipe(
  Command.withDescription("List the endpoints: id, state, URL without its query, event types, failures in a row")
)

const create = Command.make(
  "create",
  {
    db,
    json,
    url: Options.text("url").pipe(Options.withDescription("where to deliver (http or https)")),
    id: Options.text("id").pipe(Options.optional, Options.withDescription("endpoint id (default: generated)")),
    description: Options.text("description").pipe(Options.optional, Options.withDescription("free text")),
    eventTypes: Options.text("event-type").pipe(
      Options.repeated,
      Options.optional,
      Options.withDescription("only these event types, exact or prefix.* (repeatable; default: every type)")
    ),
    allow: Options.text("allow").pipe(
      Options.repeated,
      Options.optional,
      Options.withDescription("let the SSRF guard accept this CIDR, IP, ip:port or host:port (repeatable)")
    )
  },
  (args) =>
    Effect.gen(function*() {
      const allow = Option.getOrElse(args.allow, () => [])
      const valid = SsrfGuard.validateOptions({ allow })
      if (Either.isLeft(valid)) return yield* Effect.fail(Failure.usage(`outbox endpoints create: --allow ${valid.left}`))
      const ops = yield* operations
      return yield* ops.createEndpoint({
        db: args.db,
        json: args.json,
        url: args.url,
        id: Option.getOrUndefined(args.id),
        description: Option.getOrUndefined(args.description),
        eventTypes: Option.getOrElse(args.eventTypes, () => []),
        allow
      })
    })
).pipe(Command.withDescription("Register an endpoint; prints its signing secret once"))

const enable = Command.make("enable", { db, json, id: endpointId }, (args) =>
  Effect.flatMap(operations, (ops) => ops.setEnabled({ ...args, reason: undefined }))).pipe(
    Command.withDescription("Enable an endpoint and reset its breaker: its queued deliveries resume")
  )

const disable = Command.make(
  "disable",
  {
    db,
    json,
    id: endpointId,
    reason: Options.text("reason").pipe(Options.withDefault("disabled from the CLI"), Options.withDescription("why, kept with the endpoint"))
  },
  (args) => Effect.flatMap(operations, (ops) => ops.setEnabled(args))
).pipe(Command.withDescription("Disable an endpoint: nothing is delivered to it until it is enabled"))

const endpoints = Command.make("endpoints").pipe(
  Command.withDescription("List, create, enable and disable endpoints"),
  Command.withSubcommands([list, create, enable, disable])
)

/**
 * The `outbox` command with its `stats`, `dead`, `replay` and `endpoints` subcommands.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("outbox").pipe(
  Command.withDescription("Inspect and operate the webhook outbox"),
  Command.withSubcommands([stats, dead, replay, endpoints])
)
