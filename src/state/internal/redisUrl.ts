/**
 * `redis://` / `rediss://` URLs checked in full before a client exists, and turned into explicit ioredis options so
 * ioredis never parses the text itself (its `url.parse` prints a bad URL, password included, in a deprecation warning,
 * and a path like `/abc` becomes `SELECT NaN`, an unhandled rejection that ends the process).
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as ConnectionUrl from "../../core/internal/connectionUrl.js"

/** @internal */
export interface Target {
  readonly host: string
  readonly port: number
  /** The logical database; Redis allows 0 up to its `databases` setting (16 by default), which only the server knows. */
  readonly db: number
  readonly username: string | undefined
  readonly password: string | undefined
  readonly tls: boolean
  /** IP family for name lookups (`?family=6`, the one query parameter ioredis documents); ioredis' default otherwise. */
  readonly family: 0 | 4 | 6 | undefined
  /** The URL with its password masked. */
  readonly display: string
}

/** Redis reads `databases` as a C int. */
const MAX_DB = 2_147_483_647

/** @internal */
export const parse = (raw: string): Either.Either<Target, string> =>
  Either.flatMap(ConnectionUrl.parse(raw, { schemes: ["redis:", "rediss:"] }), (parsed) => {
    const wrong = (problem: string) => Either.left(`${problem} (got ${parsed.masked})`)
    const path = parsed.url.pathname
    const index = path === "" || path === "/" ? "0" : /^\/(0|[1-9][0-9]{0,9})$/.exec(path)?.[1]
    if (index === undefined || Number(index) > MAX_DB) {
      return wrong("the path must be empty or a database index such as /0 (an integer, 0-15 on a default server)")
    }
    const params = Array.from(parsed.url.searchParams.keys())
    if (params.some((key) => key !== "family") || (parsed.url.search !== "" && params.length === 0)) {
      return wrong("the only query parameter read is family (0, 4 or 6): set other connection options in code")
    }
    const familyText = parsed.url.searchParams.getAll("family")
    if (familyText.length > 1 || (familyText.length === 1 && !["0", "4", "6"].includes(familyText[0]!))) {
      return wrong("family must be given once, as 0, 4 or 6")
    }
    return Either.right({
      host: parsed.host,
      port: parsed.port ?? 6379,
      db: Number(index),
      username: parsed.username,
      password: parsed.password,
      tls: parsed.url.protocol === "rediss:",
      family: familyText.length === 0 ? undefined : (Number(familyText[0]) as 0 | 4 | 6),
      display: parsed.masked
    })
  })
