/**
 * Optional peer dependencies (the SQL drivers, ioredis) are imported when the layer that needs them is built, never by
 * an entry point: a user of a vendor client never loads, or installs, a database driver. A missing one is a defect that says which
 * package to install, instead of a bare `ERR_MODULE_NOT_FOUND` from deep inside the package.
 */
import * as Effect from "effect/Effect"

/** What needs optional packages, and the command that installs them (the message of a missing one). */
export interface Peer {
  readonly neededBy: string
  /** `npm install` arguments: every package the feature needs, with the ranges we support. */
  readonly install: string
}

/** @internal */
export const sqliteClient: Peer = {
  neededBy: "OutboxStore.layerSqlite (the SQLite outbox)",
  install: "@effect/sql@^0.52.1 @effect/sql-sqlite-node@^0.53.0"
}

/** @internal */
export const pgClient: Peer = {
  neededBy: "OutboxStore.layerPg (the Postgres outbox)",
  install: "@effect/sql@^0.52.1 @effect/sql-pg@^0.53.0"
}

/** @internal */
export const ioredis: Peer = { neededBy: "effect-integrations/state (the Redis stores)", install: "ioredis@^5.9.2" }

const notFound = /Cannot find (?:package|module) '([^']+)'/

/** The package a module-not-found error is about, or undefined for any other error. @internal */
export const missingPackage = (error: unknown): string | undefined => {
  const code = (error as { readonly code?: unknown } | null)?.code
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return undefined
  const missing = notFound.exec(String((error as { readonly message?: unknown }).message))?.[1]
  if (missing === undefined) return undefined
  return missing.startsWith("@") ? missing.split("/").slice(0, 2).join("/") : missing.split("/")[0]
}

/** The message of the defect raised when a package `peer` needs cannot be imported. @internal */
export const missingMessage = (peer: Peer, error: unknown): string | undefined => {
  const missing = missingPackage(error)
  return missing === undefined
    ? undefined
    : `${peer.neededBy} needs the package ${missing}, which is not installed: npm install ${peer.install}`
}

/**
 * Imports an optional peer. A missing package dies with a message naming it and the install command; any other
 * failure to load it dies with the original error.
 *
 * @internal
 */
export const load = <M>(peer: Peer, importer: () => Promise<M>): Effect.Effect<M> =>
  Effect.tryPromise({ try: importer, catch: (error) => error }).pipe(
    Effect.catchAll((error) => {
      const message = missingMessage(peer, error)
      return message === undefined ? Effect.die(error) : Effect.dieMessage(message)
    })
  )
