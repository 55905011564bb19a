/**
 * Connection URLs of the stores (Redis, Postgres): parsed with the WHATWG parser only, checked piece by piece, and
 * shown in messages with the password and query values masked. Drivers get the decoded pieces, never the raw text:
 * some still run Node's legacy `url.parse`, whose deprecation warning prints the whole URL, password included.
 *
 * @internal
 */
import * as Either from "effect/Either"

/** @internal */
export interface Parsed {
  readonly url: URL
  /** Without IPv6 brackets; percent-decoded (a Postgres socket directory may be given as `%2Fvar%2Frun`). */
  readonly host: string
  readonly port: number | undefined
  readonly username: string | undefined
  readonly password: string | undefined
  /** The URL with the password and query values replaced by `***`, for messages. */
  readonly masked: string
}

/** @internal */
export interface Rules {
  /** Accepted schemes with their colon, e.g. `["redis:", "rediss:"]`. */
  readonly schemes: ReadonlyArray<string>
  /** Whether the host may be a percent-encoded absolute path (a Unix socket directory). */
  readonly socketHost?: boolean | undefined
}

/** @internal */
export const mask = (url: URL): string => {
  const user = url.username + (url.password === "" ? "" : ":***")
  const query = url.search === "" ? "" : `?${Array.from(url.searchParams.keys(), (key) => `${key}=***`).join("&")}`
  return `${url.protocol}//${user === "" ? "" : `${user}@`}${url.host}${url.pathname}${query}${url.hash === "" ? "" : "#***"}`
}

const decode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

const hostname = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$/

/**
 * The URL's scheme, host, port and credentials, or why they are wrong (a sentence naming what to fix, with the
 * masked URL when it parses at all: an unparseable text is never echoed, it may hold a password).
 *
 * @internal
 */
export const parse = (raw: string, rules: Rules): Either.Either<Parsed, string> => {
  const expected = rules.schemes.map((scheme) => `${scheme}//`).join(" or ")
  const text = raw.trim()
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return Either.left(`must be a ${expected} URL with a valid host and a port in 1-65535`)
  }
  if (!rules.schemes.includes(url.protocol)) {
    return Either.left(`must be a ${expected} URL (got a ${url.protocol.slice(0, 32)} URL)`)
  }
  // Without `//` the credentials and host are read as a path: the text is not echoed, masking would miss them.
  if (!text.slice(url.protocol.length).startsWith("//")) return Either.left(`must start with ${expected}`)
  const masked = mask(url)
  const wrong = (problem: string) => Either.left(`${problem} (got ${masked})`)
  // The WHATWG parser drops tabs and newlines inside a URL; a driver or a log reader might not.
  if (/[\u0000-\u0020\u007f]/.test(text)) return wrong("must not contain spaces or control characters")
  if (url.hash !== "") return wrong("must not have a #fragment")
  const username = decode(url.username)
  if (username === undefined) return wrong("the user name is not valid percent-encoding")
  const password = decode(url.password)
  if (password === undefined) return wrong("the password is not valid percent-encoding")
  const rawHost = url.hostname
  let host: string
  if (rawHost.startsWith("[") && rawHost.endsWith("]")) {
    // The WHATWG parser has already checked an IPv6 literal.
    host = rawHost.slice(1, -1)
  } else if (rules.socketHost === true && /^%2F/i.test(rawHost)) {
    const path = decode(rawHost)
    if (path === undefined || path.includes("\u0000")) return wrong("the socket directory is not valid percent-encoding")
    host = path
  } else if (rawHost === "") {
    return wrong("has no host")
  } else if (!hostname.test(rawHost)) {
    return wrong("the host must be a hostname, an IPv4 address or an [IPv6] address")
  } else {
    host = rawHost
  }
  const port = url.port === "" ? undefined : Number(url.port)
  if (port === 0) return wrong("the port must be in 1-65535")
  return Either.right({
    url,
    host,
    port,
    username: username === "" ? undefined : username,
    password: password === "" ? undefined : password,
    masked
  })
}
