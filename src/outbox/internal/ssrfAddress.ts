/**
 * IP address parsing and classification for the SSRF guard: every textual IPv4/IPv6 form a resolver or a URL parser
 * can hand us, matched against the ranges a webhook must never reach, with IPv4 embedded in IPv6 decoded and judged.
 */
import type { Reason } from "../SsrfGuard.js"


export interface Blocked {
  readonly reason: Reason
  readonly description: string
}

export type Address =
  | { readonly family: 4; readonly value: number }
  | { readonly family: 6; readonly value: bigint; readonly zone: string | undefined }

// ---------------------------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------------------------

const decimalOctet = /^(?:0|[1-9]\d{0,2})$/

/**
 * Strict dotted-decimal IPv4 (what resolvers and the WHATWG serializer produce). Looser spellings (`0177.1`) are left
 * to the URL parser to canonicalise; here they are refused so nothing downstream can read them differently.
 */
export const parseIPv4 = (text: string): number | undefined => {
  const parts = text.split(".")
  if (parts.length !== 4) return undefined
  let value = 0
  for (const part of parts) {
    if (!decimalOctet.test(part)) return undefined
    const octet = Number(part)
    if (octet > 255) return undefined
    value = value * 256 + octet
  }
  return value
}

const hexGroup = /^[0-9a-fA-F]{1,4}$/

const parseGroups = (part: string, mayEndInDottedQuad: boolean): Array<number> | undefined => {
  if (part === "") return []
  const pieces = part.split(":")
  const groups: Array<number> = []
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!
    if (mayEndInDottedQuad && i === pieces.length - 1 && piece.includes(".")) {
      const v4 = parseIPv4(piece)
      if (v4 === undefined) return undefined
      groups.push(Math.floor(v4 / 0x10000), v4 % 0x10000)
    } else if (hexGroup.test(piece)) {
      groups.push(parseInt(piece, 16))
    } else {
      return undefined
    }
  }
  return groups
}

/**
 * Any RFC 4291 textual IPv6 form: full, `::`-compressed, with a trailing dotted quad, bracketed, with a zone id
 * (`fe80::1%eth0`, which the zone does not change the class of).
 */
export const parseIPv6 = (input: string): { readonly value: bigint; readonly zone: string | undefined } | undefined => {
  let text = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input
  let zone: string | undefined
  const percent = text.indexOf("%")
  if (percent !== -1) {
    zone = text.slice(percent + 1)
    text = text.slice(0, percent)
    if (zone === "") return undefined
  }
  const halves = text.split("::")
  if (halves.length > 2) return undefined
  let groups: Array<number>
  if (halves.length === 1) {
    const all = parseGroups(halves[0]!, true)
    if (all === undefined || all.length !== 8) return undefined
    groups = all
  } else {
    const head = parseGroups(halves[0]!, false)
    const tail = parseGroups(halves[1]!, true)
    if (head === undefined || tail === undefined) return undefined
    const missing = 8 - head.length - tail.length
    if (missing < 1) return undefined
    groups = [...head, ...Array.from({ length: missing }, () => 0), ...tail]
  }
  let value = 0n
  for (const group of groups) value = (value << 16n) | BigInt(group)
  return { value, zone }
}

export const parseAddress = (text: string): Address | undefined => {
  const v4 = parseIPv4(text)
  if (v4 !== undefined) return { family: 4, value: v4 }
  const v6 = parseIPv6(text)
  return v6 === undefined ? undefined : { family: 6, value: v6.value, zone: v6.zone }
}

export const formatIPv4 = (value: number): string =>
  [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join(".")

export const formatIPv6 = (value: bigint): string => {
  const groups: Array<string> = []
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16))
  return groups.join(":")
}

// ---------------------------------------------------------------------------------------------------------------------
// CIDR ranges
// ---------------------------------------------------------------------------------------------------------------------

export type Cidr =
  | { readonly family: 4; readonly base: number; readonly prefix: number }
  | { readonly family: 6; readonly base: bigint; readonly prefix: number }

export const parseCidr = (text: string): Cidr | undefined => {
  const slash = text.indexOf("/")
  const addressText = slash === -1 ? text : text.slice(0, slash)
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1)
  const address = parseAddress(addressText)
  if (address === undefined || (address.family === 6 && address.zone !== undefined)) return undefined
  const max = address.family === 4 ? 32 : 128
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined
  const prefix = prefixText === undefined ? max : Number(prefixText)
  if (prefix > max) return undefined
  return address.family === 4
    ? { family: 4, base: address.value, prefix }
    : { family: 6, base: address.value, prefix }
}

export const contains = (cidr: Cidr, address: Address): boolean => {
  if (cidr.family === 4 && address.family === 4) {
    if (cidr.prefix === 0) return true
    const shift = 32 - cidr.prefix
    return Math.floor(cidr.base / 2 ** shift) === Math.floor(address.value / 2 ** shift)
  }
  if (cidr.family === 6 && address.family === 6) {
    const shift = BigInt(128 - cidr.prefix)
    return cidr.base >> shift === address.value >> shift
  }
  return false
}

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text)
  if (parsed === undefined) throw new Error(`bad built-in CIDR ${text}`)
  return parsed
}

interface Range {
  readonly cidr: Cidr
  readonly text: string
  readonly reason: Reason
  readonly label: string
}

const range = (text: string, reason: Reason, label: string): Range => ({ cidr: cidr(text), text, reason, label })

/**
 * Link-local and special addresses where cloud providers serve instance credentials. They are named apart from their
 * ranges so the reason says "metadata", and a broad allow-list CIDR never opens them (see `isExactAllow`).
 */
const metadataRanges: ReadonlyArray<Range> = [
  range("169.254.169.254/32", "CloudMetadata", "instance metadata (AWS, GCP, Azure, OCI, DigitalOcean...)"),
  range("169.254.170.2/32", "CloudMetadata", "AWS ECS task metadata"),
  range("169.254.170.23/32", "CloudMetadata", "AWS EKS pod identity"),
  range("100.100.100.200/32", "CloudMetadata", "Alibaba Cloud metadata"),
  range("168.63.129.16/32", "CloudMetadata", "Azure WireServer"),
  range("192.0.0.192/32", "CloudMetadata", "Oracle Cloud metadata"),
  range("fd00:ec2::254/128", "CloudMetadata", "AWS IMDS over IPv6"),
  range("fd00:ec2::23/128", "CloudMetadata", "AWS EKS pod identity over IPv6")
]

const ipv4Ranges: ReadonlyArray<Range> = [
  range("0.0.0.0/8", "Unspecified", "this network"),
  range("10.0.0.0/8", "Private", "private (RFC 1918)"),
  range("100.64.0.0/10", "SharedAddressSpace", "carrier-grade NAT (RFC 6598)"),
  range("127.0.0.0/8", "Loopback", "loopback"),
  range("169.254.0.0/16", "LinkLocal", "link-local"),
  range("172.16.0.0/12", "Private", "private (RFC 1918)"),
  range("192.0.0.0/24", "ProtocolAssignment", "IETF protocol assignments"),
  range("192.0.2.0/24", "Documentation", "documentation (TEST-NET-1)"),
  range("192.88.99.0/24", "Reserved", "deprecated 6to4 relay anycast"),
  range("192.168.0.0/16", "Private", "private (RFC 1918)"),
  range("198.18.0.0/15", "Benchmarking", "benchmarking (RFC 2544)"),
  range("198.51.100.0/24", "Documentation", "documentation (TEST-NET-2)"),
  range("203.0.113.0/24", "Documentation", "documentation (TEST-NET-3)"),
  range("224.0.0.0/4", "Multicast", "multicast"),
  range("240.0.0.0/4", "Reserved", "reserved (including broadcast)")
]

// Checked after the IPv4-embedding prefixes have been decoded; anything outside 2000::/3 falls to "Reserved".
const ipv6Ranges: ReadonlyArray<Range> = [
  range("::/128", "Unspecified", "unspecified"),
  range("::1/128", "Loopback", "loopback"),
  range("100::/64", "Reserved", "discard-only (RFC 6666)"),
  range("2001:2::/48", "Benchmarking", "benchmarking (RFC 5180)"),
  range("2001:db8::/32", "Documentation", "documentation"),
  range("2001::/23", "ProtocolAssignment", "IETF protocol assignments"),
  range("3fff::/20", "Documentation", "documentation (RFC 9637)"),
  range("5f00::/16", "Reserved", "SRv6 SIDs"),
  range("fc00::/7", "UniqueLocal", "unique local (RFC 4193)"),
  range("fe80::/10", "LinkLocal", "link-local"),
  range("fec0::/10", "SiteLocal", "deprecated site-local"),
  range("ff00::/8", "Multicast", "multicast")
]

const globalUnicast = cidr("2000::/3")

const findRange = (ranges: ReadonlyArray<Range>, address: Address) =>
  ranges.find((candidate) => contains(candidate.cidr, address))

const describe = (text: string, found: Range): Blocked => ({
  reason: found.reason,
  description: `${text} is in ${found.text} (${found.label})`
})

// ---------------------------------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------------------------------

/** The IPv4 addresses an IPv6 address carries under each transition scheme we know of. */
interface Embedding {
  readonly scheme: string
  readonly ipv4: ReadonlyArray<number>
}

const u32 = (value: bigint, shift: bigint) => Number((value >> shift) & 0xffffffffn)

const embeddings: ReadonlyArray<{ readonly cidr: Cidr; readonly decode: (value: bigint) => Embedding }> = [
  { cidr: cidr("::ffff:0:0/96"), decode: (v) => ({ scheme: "IPv4-mapped", ipv4: [u32(v, 0n)] }) },
  { cidr: cidr("::ffff:0:0:0/96"), decode: (v) => ({ scheme: "IPv4-translated (RFC 2765)", ipv4: [u32(v, 0n)] }) },
  { cidr: cidr("64:ff9b::/96"), decode: (v) => ({ scheme: "NAT64 (64:ff9b::/96)", ipv4: [u32(v, 0n)] }) },
  {
    // RFC 8215 local-use NAT64: the IPv4 may sit at the /96 position or, per RFC 6052, split around the u-octet of a
    // /48 prefix. An attacker picks the layout, so both readings must be public.
    cidr: cidr("64:ff9b:1::/48"),
    decode: (v) => {
      const high = Number((v >> 64n) & 0xffffn)
      const low = Number((v >> 40n) & 0xffffn)
      return { scheme: "NAT64 (64:ff9b:1::/48)", ipv4: [u32(v, 0n), high * 0x10000 + low] }
    }
  },
  { cidr: cidr("2002::/16"), decode: (v) => ({ scheme: "6to4", ipv4: [u32(v, 80n)] }) },
  {
    // Teredo: server IPv4 in bits 32-63, client IPv4 obfuscated (bitwise NOT) in the last 32 bits.
    cidr: cidr("2001::/32"),
    decode: (v) => ({ scheme: "Teredo", ipv4: [u32(v, 64n), (~u32(v, 0n)) >>> 0] })
  }
]

const ipv4Compatible = cidr("::/96")

const classifyIPv4 = (text: string, value: number): Blocked | undefined => {
  const address: Address = { family: 4, value }
  const found = findRange(metadataRanges, address) ?? findRange(ipv4Ranges, address)
  return found === undefined ? undefined : describe(text, found)
}

const classifyIPv6 = (text: string, value: bigint): Blocked | undefined => {
  const address: Address = { family: 6, value, zone: undefined }
  const metadata = findRange(metadataRanges, address)
  if (metadata !== undefined) return describe(text, metadata)
  for (const embedding of embeddings) {
    if (!contains(embedding.cidr, address)) continue
    const decoded = embedding.decode(value)
    const refused = decoded.ipv4.flatMap((ipv4) => classifyIPv4(formatIPv4(ipv4), ipv4) ?? [])
    // With two readings, the layout not in use usually reads as 0.0.0.0; name the other one when it is refused too.
    const inner = refused.find((verdict) => verdict.reason !== "Unspecified") ?? refused[0]
    return inner === undefined
      ? undefined
      : { reason: inner.reason, description: `${text} embeds ${decoded.scheme} ${inner.description}` }
  }
  // IPv4-compatible (::a.b.c.d) is deprecated: nothing legitimate uses it, so it is refused even for public IPv4,
  // after :: and ::1 have been named precisely.
  const special = findRange(ipv6Ranges, address)
  if (special !== undefined) return describe(text, special)
  if (contains(ipv4Compatible, address)) {
    const ipv4 = u32(value, 0n)
    const inner = classifyIPv4(formatIPv4(ipv4), ipv4)
    return inner !== undefined
      ? { reason: inner.reason, description: `${text} embeds IPv4-compatible ${inner.description}` }
      : { reason: "Reserved", description: `${text} is a deprecated IPv4-compatible address (::/96)` }
  }
  if (!contains(globalUnicast, address)) {
    return { reason: "Reserved", description: `${text} is outside global unicast (2000::/3)` }
  }
  return undefined
}

/** The refusal for an address, or `undefined` when it is public. Unparseable text is refused. */
export const classify = (text: string): Blocked | undefined => {
  const address = parseAddress(text)
  if (address === undefined) {
    return { reason: "InvalidAddress", description: `${JSON.stringify(text)} is not an IP address` }
  }
  return address.family === 4 ? classifyIPv4(text, address.value) : classifyIPv6(text, address.value)
}

/** Whether the address is a cloud metadata endpoint, which only an exact allow-list entry may open. */
export const isMetadata = (address: Address): boolean => findRange(metadataRanges, address) !== undefined

/** The IPv4 an IPv4-mapped IPv6 address stands for, so a v4 allow-list entry also matches `::ffff:a.b.c.d`. */
export const unmapped = (address: Address): Address | undefined =>
  address.family === 6 && contains(embeddings[0]!.cidr, address)
    ? { family: 4, value: u32(address.value, 0n) }
    : undefined
