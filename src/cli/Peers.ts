/**
 * The optional packages each CLI command needs beyond the CLI's own (`@effect/cli`, `@effect/platform-node`):
 * commands import their implementation when they run, so `simulate` or `url check` work in an app that installed no
 * database driver or OpenTelemetry SDK, and a missing package is one line naming it and the command to install it.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as OptionalPeer from "../core/internal/optionalPeer.js"
import * as Failure from "./Failure.js"

/**
 * @since 0.2.0
 * @category Peers
 */
export const demo: OptionalPeer.Peer = {
  neededBy: "effect-integrations demo",
  install:
    "@effect/opentelemetry@^0.64.1 @opentelemetry/api@^1.9.0 @opentelemetry/sdk-trace-base@^2.12.0 @effect/sql@^0.52.1 @effect/sql-sqlite-node@^0.53.0"
}

/**
 * @since 0.2.0
 * @category Peers
 */
export const outbox: OptionalPeer.Peer = {
  neededBy: "effect-integrations outbox",
  install: "@effect/sql@^0.52.1 and @effect/sql-sqlite-node@^0.53.0 or @effect/sql-pg@^0.53.0"
}

/**
 * Imports a command's implementation; a missing package fails the command with a `CliFailure` naming it.
 *
 * @since 0.2.0
 * @category Loading
 */
export const load = <M>(peer: OptionalPeer.Peer, importer: () => Promise<M>): Effect.Effect<M, Failure.CliFailure> =>
  Effect.tryPromise({ try: importer, catch: (error) => error }).pipe(
    Effect.catchAll((error) => {
      const message = OptionalPeer.missingMessage(peer, error)
      return message === undefined ? Effect.die(error) : Effect.fail(Failure.failure(message))
    })
  )
