/**
 * What the `outbox` subcommands do against a database, loaded only when one of them runs. The outbox is used as it is:
 * no migration runs and nothing is created (`OutboxStore.layerUrl(db, { migrate: false })`), so pointing the CLI at the
 * wrong file or database changes nothing in it. Every failure is one line naming its cause.
 *
 * @since 0.2.0
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as NodeFs from "node:fs"
import * as DatabaseUrl from "../../outbox/internal/databaseUrl.js"
import * as Outbox from "../../outbox/Outbox.js"
import type { Delivery, Endpoint, Stats } from "../../outbox/OutboxModel.js"
import { isOutboxError } from "../../outbox/OutboxModel.js"
import * as OutboxSigning from "../../outbox/OutboxSigning.js"
import * as OutboxStore from "../../outbox/OutboxStore.js"
import * as Failure from "../Failure.js"

/** The password of a Postgres URL, raw and decoded, to mask in anything printed. */
const secretsOf = (db: string): ReadonlyArray<string> => {
  try {
    const password = new URL(db).password
    return password === "" ? [] : [password, decodeURIComponent(password)]
  } catch {
    return []
  }
}

/**
 * Runs `operation` against the outbox at `db`. A malformed `--db` is a usage error (the URL shown with its password
 * masked); a SQLite path that does not exist is refused rather than created; anything else that goes wrong names
 * where and why (`role "x" does not exist (28000)`, `file is not a database (SQLITE_NOTADB)`).
 */
const withOutbox = <A, E>(db: string, operation: Effect.Effect<A, E, OutboxStore.OutboxStore>) =>
  Effect.gen(function*() {
    const target = DatabaseUrl.parse(db)
    if (Either.isLeft(target)) return yield* Effect.fail(Failure.usage(`outbox: --db ${target.left}`))
    if (target.right._tag === "Sqlite" && target.right.filename !== ":memory:" && !NodeFs.existsSync(target.right.filename)) {
      return yield* Effect.fail(Failure.failure(`outbox: no database file at ${target.right.filename}`))
    }
    const where = target.right._tag === "Postgres" ? target.right.display : target.right.filename
    const secrets = secretsOf(db)
    const cannot = (cause: unknown) => Failure.failure(`outbox: cannot use the outbox at ${where}: ${Failure.describe(cause, secrets)}`)
    return yield* operation.pipe(
      Effect.provide(OutboxStore.layerUrl(db, { migrate: false })),
      Effect.mapError((error) => (isOutboxError(error) ? Failure.failure(`outbox: ${error.message}`) : cannot(error))),
      // Drivers throw (a SQLite file that is not a database, a refused connection option): still one line, exit 1.
      Effect.catchAllDefect((defect) => Effect.fail(cannot(defect)))
    )
  })

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

const printLines = (lines: ReadonlyArray<string>) => Effect.forEach(lines, (line) => Console.log(line), { discard: true })

/**
 * @since 0.2.0
 * @category Operations
 */
export const stats = (args: { readonly db: string; readonly json: boolean }) =>
  Effect.flatMap(withOutbox(args.db, Outbox.stats), (stats) =>
    args.json ? Console.log(JSON.stringify(stats)) : printLines(statsLines(stats)))

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

/**
 * @since 0.2.0
 * @category Operations
 */
export const dead = (args: {
  readonly db: string
  readonly json: boolean
  readonly limit: number
  readonly endpoint: string | undefined
}) =>
  Effect.flatMap(withOutbox(args.db, Outbox.listDead({ limit: args.limit, endpointId: args.endpoint })), (deliveries) =>
    printLines(deliveries.map((delivery) => (args.json ? JSON.stringify(delivery) : deadLine(delivery)))))

/**
 * Replays every dead delivery (of one endpoint), or the given ids: an id that does not exist or is not dead is named,
 * and the command exits 1 after replaying the others.
 *
 * @since 0.2.0
 * @category Operations
 */
export const replay = (args: { readonly db: string; readonly all: boolean; readonly endpoint: string | undefined; readonly ids: ReadonlyArray<string> }) =>
  Effect.gen(function*() {
    if (args.all) {
      const count = yield* withOutbox(args.db, Outbox.replayDead({ endpointId: args.endpoint }))
      return yield* Console.log(`replayed ${count}`)
    }
    const result = yield* withOutbox(
      args.db,
      Effect.gen(function*() {
        const unknown: Array<string> = []
        const notDead: Array<string> = []
        const replayable: Array<string> = []
        for (const id of new Set(args.ids)) {
          const found = yield* Effect.either(Outbox.getDelivery(id))
          if (Either.isLeft(found)) {
            if (isOutboxError(found.left) && found.left.reason === "NotFound") unknown.push(id)
            else return yield* Effect.fail(found.left)
          } else if (found.right.state !== "dead") {
            notDead.push(`${id} (${found.right.state})`)
          } else {
            replayable.push(id)
          }
        }
        const count = replayable.length === 0 ? 0 : yield* Outbox.replayMany(replayable)
        return { count, unknown, notDead, total: new Set(args.ids).size }
      })
    )
    yield* Console.log(`replayed ${result.count} of ${result.total}`)
    const problems = [
      ...(result.unknown.length > 0 ? [`unknown delivery ids: ${result.unknown.join(", ")}`] : []),
      ...(result.notDead.length > 0 ? [`not dead: ${result.notDead.join(", ")}`] : [])
    ]
    if (problems.length > 0) return yield* Effect.fail(Failure.failure(`outbox replay: ${problems.join("; ")}`))
  })

/** A URL without its query, fragment or credentials: endpoint URLs often carry a token. */
const shownUrl = (raw: string): string => {
  try {
    const url = new URL(raw)
    return `${url.origin}${url.pathname}${url.search === "" ? "" : "?…"}`
  } catch {
    return "(unparseable URL)"
  }
}

const endpointJson = (endpoint: Endpoint) => ({
  id: endpoint.id,
  url: shownUrl(endpoint.url),
  description: endpoint.description ?? null,
  eventTypes: endpoint.eventTypes ?? null,
  enabled: endpoint.enabled,
  disabledReason: endpoint.disabledReason ?? null,
  consecutiveFailures: endpoint.consecutiveFailures,
  secrets: endpoint.secrets.length
})

const endpointLine = (endpoint: Endpoint) =>
  [
    endpoint.id,
    endpoint.enabled ? "enabled" : `disabled${endpoint.disabledReason === undefined ? "" : ` (${endpoint.disabledReason})`}`,
    `url=${shownUrl(endpoint.url)}`,
    `types=${endpoint.eventTypes?.join(",") ?? "*"}`,
    `failures=${endpoint.consecutiveFailures}`
  ].join("  ")

const printEndpoint = (json: boolean) => (endpoint: Endpoint) =>
  Console.log(json ? JSON.stringify(endpointJson(endpoint)) : endpointLine(endpoint))

/**
 * @since 0.2.0
 * @category Operations
 */
export const listEndpoints = (args: { readonly db: string; readonly json: boolean }) =>
  Effect.flatMap(withOutbox(args.db, Outbox.listEndpoints), (endpoints) =>
    Effect.forEach(endpoints, printEndpoint(args.json), { discard: true }))

/**
 * Registers an endpoint with a fresh signing secret, printed once (the receiver needs it to verify deliveries). The
 * URL goes through the SSRF guard first, as at delivery time; `allow` opens self-hosted receivers.
 *
 * @since 0.2.0
 * @category Operations
 */
export const createEndpoint = (args: {
  readonly db: string
  readonly json: boolean
  readonly url: string
  readonly id: string | undefined
  readonly description: string | undefined
  readonly eventTypes: ReadonlyArray<string>
  readonly allow: ReadonlyArray<string>
}) =>
  Effect.gen(function*() {
    const secret = OutboxSigning.generateSecret()
    const endpoint = yield* withOutbox(
      args.db,
      Outbox.createEndpoint(
        {
          url: args.url,
          secret,
          ...(args.id === undefined ? {} : { id: args.id }),
          ...(args.description === undefined ? {} : { description: args.description }),
          ...(args.eventTypes.length === 0 ? {} : { eventTypes: args.eventTypes })
        },
        { ssrf: { allow: args.allow } }
      )
    )
    if (args.json) return yield* Console.log(JSON.stringify({ ...endpointJson(endpoint), secret: Redacted.value(secret) }))
    yield* printEndpoint(false)(endpoint)
    yield* Console.log(`secret ${Redacted.value(secret)}  (shown once: give it to the receiver to verify signatures)`)
  })

/**
 * @since 0.2.0
 * @category Operations
 */
export const setEnabled = (args: { readonly db: string; readonly json: boolean; readonly id: string; readonly reason: string | undefined }) =>
  Effect.flatMap(
    withOutbox(args.db, args.reason === undefined ? Outbox.enableEndpoint(args.id) : Outbox.disableEndpoint(args.id, args.reason)),
    printEndpoint(args.json)
  )
