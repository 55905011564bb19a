/**
 * The SSRF guard's rules as data: the allow-list, the port policy, hostname rules and the verdict on one address.
 * Pure functions, shared by `check`, the request pre-flight and the connect-time hook so all three agree.
 */
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import type { Options } from "../SsrfGuard.js"
import type { Address, Blocked, Cidr } from "./ssrfAddress.js"
import { classify, contains, isMetadata, parseAddress, parseCidr, unmapped } from "./ssrfAddress.js"

type AllowRule =
  | { readonly _tag: "Cidr"; readonly cidr: Cidr; readonly exact: boolean }
  | { readonly _tag: "AddressPort"; readonly address: Address; readonly port: number }
  | { readonly _tag: "HostPort"; readonly hostname: string; readonly port: number }

export interface Policy {
  readonly rules: ReadonlyArray<AllowRule>
  readonly ports: ReadonlySet<number> | undefined
  readonly resolveTimeout: Duration.Duration
  readonly connectTimeout: Duration.Duration
}

const parsePort = (text: string): number | undefined => {
  if (!/^\d{1,5}$/.test(text)) return undefined
  const port = Number(text)
  return port >= 1 && port <= 65535 ? port : undefined
}

/** `hostname` as the WHATWG parser canonicalises it (IDNA, case, numeric IPv4 forms), without a trailing dot. */
const canonicalHost = (host: string): string | undefined => {
  try {
    const url = new URL(`http://${host}/`)
    if (url.username !== "" || url.password !== "" || url.port !== "" || url.pathname !== "/") return undefined
    return stripTrailingDot(url.hostname)
  } catch {
    return undefined
  }
}

export const stripTrailingDot = (hostname: string): string =>
  hostname.endsWith(".") && !hostname.startsWith("[") ? hostname.slice(0, -1) : hostname

const parseAllowEntry = (entry: string): AllowRule | undefined => {
  if (entry.includes("/")) {
    const cidr = parseCidr(entry)
    if (cidr === undefined) return undefined
    return { _tag: "Cidr", cidr, exact: cidr.prefix === (cidr.family === 4 ? 32 : 128) }
  }
  const bare = parseAddress(entry)
  if (bare !== undefined) return parseAllowEntry(`${entry}/${bare.family === 4 ? 32 : 128}`)
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(entry)
  if (bracketed !== null) {
    const address = parseAddress(bracketed[1]!)
    const port = parsePort(bracketed[2]!)
    return address === undefined || address.family !== 6 || port === undefined
      ? undefined
      : { _tag: "AddressPort", address, port }
  }
  const colon = entry.lastIndexOf(":")
  if (colon <= 0) return undefined
  const port = parsePort(entry.slice(colon + 1))
  const host = canonicalHost(entry.slice(0, colon))
  if (port === undefined || host === undefined) return undefined
  const address = parseAddress(host)
  return address === undefined ? { _tag: "HostPort", hostname: host, port } : { _tag: "AddressPort", address, port }
}

/** Validates the options once, so a typo in an allow-list is a configuration error rather than a silent refusal. */
export const compile = (options: Options = {}): Either.Either<Policy, string> => {
  const rules: Array<AllowRule> = []
  for (const entry of options.allow ?? []) {
    const rule = parseAllowEntry(entry.trim())
    if (rule === undefined) {
      return Either.left(`invalid allow-list entry ${JSON.stringify(entry)}: expected a CIDR, an IP, or host:port`)
    }
    rules.push(rule)
  }
  for (const port of options.allowedPorts ?? []) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return Either.left(`invalid allowed port ${port}`)
  }
  return Either.right({
    rules,
    ports: options.allowedPorts === undefined ? undefined : new Set(options.allowedPorts),
    resolveTimeout: Duration.decode(options.resolveTimeout ?? "5 seconds"),
    connectTimeout: Duration.decode(options.connectTimeout ?? "10 seconds")
  })
}

const sameAddress = (a: Address, b: Address) => a.family === b.family && a.value === b.value

const matchesAddress = (rule: AllowRule, address: Address, port: number): boolean => {
  switch (rule._tag) {
    case "Cidr":
      // A broad range an operator listed for a private network must not also open the metadata endpoint inside it.
      return (rule.exact || !isMetadata(address)) && contains(rule.cidr, address)
    case "AddressPort":
      return rule.port === port && sameAddress(rule.address, address)
    case "HostPort":
      return false
  }
}

const allowsAddress = (policy: Policy, address: Address, port: number): boolean => {
  const v4 = unmapped(address)
  return policy.rules.some((rule) =>
    matchesAddress(rule, address, port) || (v4 !== undefined && matchesAddress(rule, v4, port))
  )
}

const allowsName = (policy: Policy, hostname: string, port: number): boolean =>
  policy.rules.some((rule) => rule._tag === "HostPort" && rule.hostname === hostname && rule.port === port)

const allowsPortExplicitly = (policy: Policy, host: string, address: Address | undefined, port: number): boolean =>
  policy.rules.some((rule) =>
    (rule._tag === "HostPort" && rule.hostname === host && rule.port === port) ||
    (rule._tag === "AddressPort" && address !== undefined && rule.port === port && sameAddress(rule.address, address))
  )

/**
 * The verdict on one address we are about to dial. `trustedName` is set when the hostname itself is allow-listed:
 * then whatever it resolves to is accepted, except a metadata endpoint, which needs its own exact entry.
 */
export const judgeAddress = (policy: Policy, text: string, port: number, trustedName: boolean): Blocked | undefined => {
  const address = parseAddress(text)
  if (address === undefined) return classify(text)
  if (allowsAddress(policy, address, port)) return undefined
  if (trustedName && !isMetadata(address)) return undefined
  return classify(text)
}

const metadataNames: ReadonlySet<string> = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.tencentyun.com",
  "metadata.platformequinix.com"
])

// Names that only mean something inside a private network (RFC 6761/6762, RFC 8375, ICANN's .internal, and suffixes
// ICANN will never delegate because of name collisions), so a public webhook receiver can't live under them.
const internalSuffixes: ReadonlyArray<string> = [
  "internal",
  "local",
  "localdomain",
  "home.arpa",
  "arpa",
  "lan",
  "home",
  "corp",
  "intranet",
  "svc"
]

export const judgeName = (hostname: string): Blocked | undefined => {
  if (hostname === "") return { reason: "InvalidUrl", description: "the URL has an empty host" }
  if (metadataNames.has(hostname)) {
    return { reason: "CloudMetadata", description: `${hostname} is a cloud metadata hostname` }
  }
  if (hostname === "localhost" || hostname.endsWith(".localhost")) {
    return { reason: "Loopback", description: `${hostname} is a loopback name (RFC 6761)` }
  }
  const suffix = internalSuffixes.find((candidate) => hostname.endsWith(`.${candidate}`))
  if (suffix !== undefined) {
    return { reason: "InternalHostname", description: `${hostname} is under .${suffix}, which only resolves privately` }
  }
  if (!hostname.includes(".")) {
    return { reason: "InternalHostname", description: `${hostname} is a single-label name (search domains apply)` }
  }
  return undefined
}

/** What to dial for a host, once the host itself has passed: a literal address, or a name to resolve. */
export type HostTarget =
  | { readonly _tag: "Address"; readonly address: string }
  | { readonly _tag: "Name"; readonly name: string; readonly trusted: boolean }

/**
 * The rules that need no DNS: port policy, name rules, and the class of an IP literal. `hostname` is unbracketed.
 */
export const judgeHost = (policy: Policy, hostname: string, port: number): Either.Either<HostTarget, Blocked> => {
  const address = parseAddress(hostname)
  const name = address === undefined ? stripTrailingDot(hostname) : hostname
  if (policy.ports !== undefined && !policy.ports.has(port) && !allowsPortExplicitly(policy, name, address, port)) {
    return Either.left({ reason: "PortNotAllowed", description: `port ${port} is not in the allowed ports` })
  }
  if (address !== undefined) {
    const blocked = judgeAddress(policy, hostname, port, false)
    return blocked === undefined ? Either.right({ _tag: "Address", address: hostname }) : Either.left(blocked)
  }
  const trusted = allowsName(policy, name, port)
  const blocked = trusted ? undefined : judgeName(name)
  return blocked === undefined ? Either.right({ _tag: "Name", name, trusted }) : Either.left(blocked)
}
