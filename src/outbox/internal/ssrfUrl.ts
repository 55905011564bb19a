/**
 * URL canonicalisation for the SSRF guard: the WHATWG parser decides where a request really goes (it folds
 * `2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`, IDNA and percent-encoding into one host), and the raw text is refused
 * when other parsers could read it differently (userinfo, fragments, backslashes, dropped control characters).
 */
import * as Either from "effect/Either"
import type { Blocked } from "./ssrfAddress.js"
import { parseAddress } from "./ssrfAddress.js"
import type { HostTarget, Policy } from "./ssrfPolicy.js"
import { judgeHost } from "./ssrfPolicy.js"

export interface Target {
  readonly url: URL
  /** Unbracketed hostname as the parser canonicalised it. */
  readonly hostname: string
  readonly port: number
  readonly host: HostTarget
  readonly sanitised: string
}

export interface Refusal extends Blocked {
  readonly url: string
  readonly address?: string
}

const maxLength = 8192

export const defaultPort = (protocol: string): number => protocol === "https:" ? 443 : 80

/**
 * The URL as it may appear in errors and logs: scheme, host, port and path, with userinfo and the fragment dropped and
 * query values masked (webhook URLs often carry tokens in the query).
 */
export const sanitise = (url: URL): string => {
  const keys = Array.from(url.searchParams.keys())
  const query = keys.length === 0 ? "" : `?${keys.map((key) => `${encodeURIComponent(key)}=REDACTED`).join("&")}`
  return `${url.protocol}//${url.host}${url.pathname}${query}`
}

const unparseable = "(invalid URL)"

const refuse = (url: string, blocked: Blocked, address?: string): Either.Either<never, Refusal> =>
  Either.left(address === undefined ? { ...blocked, url } : { ...blocked, url, address })

export const unbracket = (hostname: string): string =>
  hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname

/** Every rule that needs no DNS, applied to a URL as the customer typed it. */
export const parseTarget = (raw: string, policy: Policy): Either.Either<Target, Refusal> => {
  if (raw.length > maxLength) {
    return refuse(unparseable, { reason: "InvalidUrl", description: `the URL is longer than ${maxLength} characters` })
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse(unparseable, { reason: "InvalidUrl", description: "not an absolute URL" })
  }
  const sanitised = sanitise(url)
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return refuse(url.protocol.slice(0, 32), {
      reason: "UnsupportedScheme",
      description: "only http: and https: are delivered to"
    })
  }
  // WHATWG silently drops tabs and newlines and trims spaces; another parser (a proxy, a log reader) might not.
  if (/[\u0000-\u0020\u007f]/.test(raw)) {
    return refuse(sanitised, {
      reason: "AmbiguousUrl",
      description: "the URL contains whitespace or control characters"
    })
  }
  // `http://127.0.0.1\@evil.com`: WHATWG reads the backslash as a path separator, others as part of the userinfo.
  if (raw.includes("\\")) {
    return refuse(sanitised, { reason: "AmbiguousUrl", description: "the URL contains a backslash" })
  }
  // `http:127.0.0.1` and `http:/127.0.0.1` parse as hosts for special schemes only; require the plain form.
  const prefix = /^https?:\/\//i.exec(raw)
  if (prefix === null) {
    return refuse(sanitised, { reason: "AmbiguousUrl", description: "the URL must start with http:// or https://" })
  }
  const authority = raw.slice(prefix[0].length).split(/[/?#]/, 1)[0] ?? ""
  if (url.username !== "" || url.password !== "" || authority.includes("@")) {
    return refuse(sanitised, { reason: "UserInfo", description: "credentials in the URL (user:pass@) are refused" })
  }
  // `http://evil.com#@127.0.0.1`: the fragment is never sent, and parsers that miss the `#` see a different host.
  if (raw.includes("#")) {
    return refuse(sanitised, { reason: "AmbiguousUrl", description: "the URL has a fragment (#), which is never sent" })
  }
  const hostname = unbracket(url.hostname)
  const port = url.port === "" ? defaultPort(url.protocol) : Number(url.port)
  const literal = parseAddress(hostname) !== undefined
  return Either.match(judgeHost(policy, hostname, port), {
    onLeft: (blocked) =>
      refuse(sanitised, blocked, literal && blocked.reason !== "PortNotAllowed" ? hostname : undefined),
    onRight: (host) => Either.right({ url, hostname, port, host, sanitised })
  })
}
