/**
 * Where an outbox lives, checked before any driver sees it: a `postgres://` URL (scheme, host, port, one database
 * name, credentials' percent-encoding, `sslmode`) or a SQLite path (not empty, no NUL, an existing directory). Problems
 * are sentences for a `ConfigError`; a URL appears in them only with its password masked.
 */
import * as Either from "effect/Either"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as ConnectionUrl from "../../core/internal/connectionUrl.js"

export type Target =
  | { readonly _tag: "Postgres"; readonly url: string; readonly display: string }
  | { readonly _tag: "Sqlite"; readonly filename: string }

/** node-postgres' values; anything else would silently mean "use TLS with its defaults". */
const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full", "no-verify"]

const validQuery = (search: string): boolean =>
  search.slice(1).split("&").every((pair) => {
    try {
      decodeURIComponent(pair.replace(/\+/g, " "))
      return true
    } catch {
      return false
    }
  })

export const postgres = (raw: string): Either.Either<{ readonly url: string; readonly display: string }, string> =>
  Either.flatMap(
    ConnectionUrl.parse(raw, { schemes: ["postgres:", "postgresql:"], socketHost: true }),
    (parsed) => {
      const wrong = (problem: string) => Either.left(`${problem} (got ${parsed.masked})`)
      const path = parsed.url.pathname
      if (path !== "" && !/^\/[^/]*$/.test(path)) return wrong("the path must be one database name, such as /app")
      try {
        decodeURIComponent(path)
      } catch {
        return wrong("the database name is not valid percent-encoding")
      }
      if (!validQuery(parsed.url.search)) return wrong("the query is not valid percent-encoding")
      const sslmode = parsed.url.searchParams.getAll("sslmode")
      if (sslmode.length > 1 || (sslmode.length === 1 && !SSL_MODES.includes(sslmode[0]!))) {
        return wrong(`sslmode must be given once, as one of ${SSL_MODES.join(", ")}`)
      }
      return Either.right({ url: raw.trim(), display: parsed.masked })
    }
  )

/** A SQLite file path as better-sqlite3 takes it; `:memory:` is a private in-memory database. */
export const sqlite = (filename: string): Either.Either<string, string> => {
  if (filename.trim() === "") {
    // better-sqlite3 would open a temporary database, deleted on close: an outbox that silently loses everything.
    return Either.left("must be a SQLite file path (it is empty)")
  }
  if (filename.includes("\u0000")) return Either.left("must not contain a NUL character")
  if (filename === ":memory:") return Either.right(filename)
  const directory = NodePath.dirname(NodePath.resolve(filename))
  let isDirectory = false
  try {
    isDirectory = NodeFs.statSync(directory).isDirectory()
  } catch {
    isDirectory = false
  }
  return isDirectory ? Either.right(filename) : Either.left(`the directory ${directory} does not exist`)
}

/** `[a-z][a-z0-9+.-]+:` at the start: a URL scheme (two letters at least, so `C:\outbox.db` stays a path). */
const scheme = /^([a-z][a-z0-9+.-]+):/i

/**
 * One string: a `postgres://` or `postgresql://` URL, or a SQLite path, optionally written `sqlite:<path>` or
 * `file:<path>` (with or without `//`). Any other scheme is refused rather than taken for a file name.
 */
export const parse = (raw: string): Either.Either<Target, string> => {
  const prefix = scheme.exec(raw.trim())?.[1]?.toLowerCase()
  if (prefix === "postgres" || prefix === "postgresql") {
    return Either.map(postgres(raw), (pg) => ({ _tag: "Postgres", ...pg }))
  }
  if (prefix !== undefined && prefix !== "sqlite" && prefix !== "file") {
    return Either.left(`must be a postgres:// URL or a SQLite path (got a ${prefix.slice(0, 32)}: URL)`)
  }
  const filename = prefix === undefined ? raw : raw.trim().replace(/^(sqlite|file):(\/\/)?/i, "")
  if (prefix !== undefined && /[?#]/.test(filename)) {
    return Either.left(`a ${prefix}: path must have no query or fragment: give the plain file path`)
  }
  return Either.map(sqlite(filename), (file) => ({ _tag: "Sqlite", filename: file }))
}
