import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as NodeDiagnostics from "node:diagnostics_channel"
import * as NodeNet from "node:net"
import * as SsrfGuard from "../../src/outbox/SsrfGuard.js"
import { formatIPv4, formatIPv6, parseIPv6 } from "../../src/outbox/internal/ssrfAddress.js"
import { blockedCounter } from "../../src/outbox/internal/ssrfCheck.js"
import * as TestServer from "../support/TestServer.js"

// Nothing here touches real DNS: every hostname goes through this table, and unknown names fail as ENOTFOUND.
const resolver = SsrfGuard.resolverFromRecord({
  "rebind.test": ["127.0.0.1"],
  "mixed.test": ["93.184.215.14", "10.0.0.5"],
  "mapped.test": ["::ffff:169.254.169.254"],
  "zone.test": ["fe80::1%eth0"],
  "nat64.test": ["64:ff9b::c0a8:101"],
  "empty.test": [],
  "junk.test": ["not-an-ip"],
  "hooks.example.com": ["93.184.215.14", "2606:4700::1111"],
  "receiver.test": ["10.0.0.7"],
  "sneaky.test": ["169.254.169.254"]
})

const withResolver = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provideService(effect, SsrfGuard.Resolver, resolver)

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined

const refusal = <A>(exit: Exit.Exit<A, SsrfGuard.SsrfBlocked>) => failureOf(exit)

const hostile: ReadonlyArray<readonly [url: string, reason: SsrfGuard.Reason]> = [
  // IPv4 spellings the WHATWG parser folds into 127.0.0.1
  ["http://127.0.0.1/", "Loopback"],
  ["http://2130706433/", "Loopback"],
  ["http://0x7f.1/", "Loopback"],
  ["http://0177.0.0.1/", "Loopback"],
  ["http://127.1/", "Loopback"],
  ["http://0x7f000001/", "Loopback"],
  ["http://%31%32%37.0.0.1/", "Loopback"],
  ["http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "Loopback"],
  ["http://127.0.0.1./", "Loopback"],
  ["http://127.255.255.254:8080/", "Loopback"],
  // IPv4 ranges
  ["http://0/", "Unspecified"],
  ["http://0.0.0.0:8080/", "Unspecified"],
  ["http://10.1.2.3/", "Private"],
  ["http://172.16.0.1/", "Private"],
  ["http://172.31.255.255/", "Private"],
  ["http://192.168.1.1/", "Private"],
  ["http://169.254.1.1/", "LinkLocal"],
  ["http://100.64.0.1/", "SharedAddressSpace"],
  ["http://224.0.0.1/", "Multicast"],
  ["http://240.0.0.1/", "Reserved"],
  ["http://255.255.255.255/", "Reserved"],
  ["http://198.18.0.1/", "Benchmarking"],
  ["http://192.0.2.1/", "Documentation"],
  ["http://198.51.100.7/", "Documentation"],
  ["http://203.0.113.9/", "Documentation"],
  ["http://192.0.0.8/", "ProtocolAssignment"],
  // Cloud metadata, by address and by name
  ["http://169.254.169.254/latest/meta-data/", "CloudMetadata"],
  ["http://100.100.100.200/latest/meta-data/", "CloudMetadata"],
  ["http://168.63.129.16/", "CloudMetadata"],
  ["http://[fd00:ec2::254]/", "CloudMetadata"],
  ["http://metadata.google.internal/computeMetadata/v1/", "CloudMetadata"],
  ["http://metadata.google.internal./", "CloudMetadata"],
  ["http://METADATA/", "CloudMetadata"],
  // IPv6 literals in brackets
  ["http://[::1]/", "Loopback"],
  ["http://[0:0:0:0:0:0:0:1]:8080/", "Loopback"],
  ["http://[::]/", "Unspecified"],
  ["http://[fe80::1]/", "LinkLocal"],
  ["http://[fc00::1]/", "UniqueLocal"],
  ["http://[fd12:3456::1]/", "UniqueLocal"],
  ["http://[fec0::1]/", "SiteLocal"],
  ["http://[ff02::1]/", "Multicast"],
  ["http://[2001:db8::1]/", "Documentation"],
  ["http://[100::1]/", "Reserved"],
  ["http://[4000::1]/", "Reserved"],
  // Blocked IPv4 encoded in IPv6
  ["http://[::ffff:127.0.0.1]/", "Loopback"],
  ["http://[::ffff:7f00:1]/", "Loopback"],
  ["http://[0:0:0:0:0:ffff:a00:1]/", "Private"],
  ["http://[::ffff:169.254.169.254]/", "CloudMetadata"],
  ["http://[::ffff:0:7f00:1]/", "Loopback"],
  ["http://[::127.0.0.1]/", "Loopback"],
  ["http://[::8.8.8.8]/", "Reserved"],
  ["http://[64:ff9b::10.0.0.1]/", "Private"],
  ["http://[64:ff9b::a9fe:a9fe]/", "CloudMetadata"],
  ["http://[64:ff9b:1::c0a8:101]/", "Private"],
  ["http://[64:ff9b:1:7f00:0:100::]/", "Loopback"],
  ["http://[2002:7f00:1::]/", "Loopback"],
  ["http://[2002:a9fe:a9fe::1]/", "CloudMetadata"],
  ["http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "Loopback"],
  ["http://[2001:0:c0a8:101:8000:63bf:5db8:d70e]/", "Private"],
  // Names that only mean something inside a network
  ["http://localhost/", "Loopback"],
  ["http://LOCALHOST./", "Loopback"],
  ["http://\u24dbocalhost/", "Loopback"],
  ["http://api.localhost:3000/", "Loopback"],
  ["http://db.internal/", "InternalHostname"],
  ["http://printer.local/", "InternalHostname"],
  ["http://router.home.arpa/", "InternalHostname"],
  ["http://intranet/", "InternalHostname"],
  // Parser confusion
  ["http://evil.com@127.0.0.1/", "UserInfo"],
  ["http://user:pass@example.com/", "UserInfo"],
  ["http://@93.184.215.14/", "UserInfo"],
  ["http://evil.com#@127.0.0.1", "AmbiguousUrl"],
  ["http://127.0.0.1\\@evil.com", "AmbiguousUrl"],
  ["http://exa\tmple.com/", "AmbiguousUrl"],
  [" http://example.com/", "AmbiguousUrl"],
  ["http:127.0.0.1/", "AmbiguousUrl"],
  ["http:/127.0.0.1/", "AmbiguousUrl"],
  ["https://example.com/hook#section", "AmbiguousUrl"],
  ["ftp://example.com/", "UnsupportedScheme"],
  ["file:///etc/passwd", "UnsupportedScheme"],
  ["gopher://127.0.0.1:6379/_FLUSHALL", "UnsupportedScheme"],
  ["javascript:alert(1)", "UnsupportedScheme"],
  ["/relative/path", "InvalidUrl"],
  ["http://[fe80::1%25eth0]/", "InvalidUrl"],
  ["http://1.2.3.4.5/", "InvalidUrl"],
  // Hostnames whose resolution is refused
  ["http://rebind.test/", "Loopback"],
  ["http://mixed.test/", "Private"],
  ["http://mapped.test/", "CloudMetadata"],
  ["http://zone.test/", "LinkLocal"],
  ["http://nat64.test/", "Private"],
  ["http://nxdomain.test/", "ResolutionFailed"],
  ["http://empty.test/", "NoAddresses"],
  ["http://junk.test/", "InvalidAddress"]
]

describe("SsrfGuard.check", () => {
  it("has at least 40 hostile cases", () => {
    expect(hostile.length).toBeGreaterThanOrEqual(40)
  })

  it.effect.each(hostile)("refuses %s as %s", ([url, reason]) =>
    Effect.gen(function*() {
      const error = refusal(yield* Effect.exit(withResolver(SsrfGuard.check(url))))
      expect(error?._tag).toBe("SsrfBlocked")
      expect(error?.reason).toBe(reason)
      expect(SsrfGuard.isSsrfBlocked(error)).toBe(true)
    }))

  it.effect("names the refused address of a hostname and of a canonicalised literal", () =>
    Effect.gen(function*() {
      const rebind = refusal(yield* Effect.exit(withResolver(SsrfGuard.check("http://rebind.test/"))))
      expect(rebind?.address).toBe("127.0.0.1")
      expect(rebind?.description).toContain("rebind.test resolves to 127.0.0.1")
      const mixed = refusal(yield* Effect.exit(withResolver(SsrfGuard.check("http://mixed.test/"))))
      expect(mixed?.address).toBe("10.0.0.5")
      const octal = refusal(yield* Effect.exit(SsrfGuard.check("http://0177.0.0.1/")))
      expect(octal?.address).toBe("127.0.0.1")
      expect(octal?.url).toBe("http://127.0.0.1/")
    }))

  it.effect.each([
    ["http://93.184.215.14/", ["93.184.215.14"]],
    ["https://[2606:4700::1111]/", ["2606:4700::1111"]],
    ["https://hooks.example.com/in?token=x", ["93.184.215.14", "2606:4700::1111"]],
    ["http://hooks.example.com.:8443/", ["93.184.215.14", "2606:4700::1111"]],
    ["http://[::ffff:93.184.215.14]/", ["::ffff:5db8:d70e"]],
    ["http://[64:ff9b::93.184.215.14]/", ["64:ff9b::5db8:d70e"]],
    ["http://[2001:0:4136:e378:8000:63bf:a247:28f1]/", ["2001:0:4136:e378:8000:63bf:a247:28f1"]]
  ] as const)("allows the public target %s", ([url, addresses]) =>
    Effect.gen(function*() {
      const checked = yield* withResolver(SsrfGuard.check(url))
      expect(checked.addresses).toEqual(addresses)
      expect(checked.url.protocol).toMatch(/^https?:$/)
    }))

  it.effect("keeps credentials and query values out of the error", () =>
    Effect.gen(function*() {
      const error = refusal(yield* Effect.exit(SsrfGuard.check("http://admin:hunter2@127.0.0.1/hook?token=s3cr3t")))
      expect(error?.reason).toBe("UserInfo")
      expect(error?.url).toBe("http://127.0.0.1/hook?token=REDACTED")
      for (const text of [error?.url, error?.description, error?.message]) {
        expect(text).not.toContain("hunter2")
        expect(text).not.toContain("admin")
        expect(text).not.toContain("s3cr3t")
      }
    }))

  it.effect("counts refusals by reason", () =>
    Effect.gen(function*() {
      const counter = blockedCounter.pipe(
        Metric.tagged("integration.ssrf.reason", "Benchmarking"),
        Metric.tagged("integration.ssrf.stage", "check")
      )
      const before = (yield* Metric.value(counter)).count
      yield* Effect.exit(SsrfGuard.check("http://198.19.0.1/"))
      expect((yield* Metric.value(counter)).count).toBe(before + 1)
    }))
})

describe("SsrfGuard allow-list and ports", () => {
  it.effect("opens 127.0.0.1:port only for the listed port", () =>
    Effect.gen(function*() {
      const allowed = yield* SsrfGuard.check("http://127.0.0.1:8080/", { allow: ["127.0.0.1:8080"] })
      expect(allowed.addresses).toEqual(["127.0.0.1"])
      const other = refusal(
        yield* Effect.exit(SsrfGuard.check("http://127.0.0.1:8081/", { allow: ["127.0.0.1:8080"] }))
      )
      expect(other?.reason).toBe("Loopback")
    }))

  it.effect("opens a CIDR and IPv4-mapped forms of it, but never the metadata address inside a wider range", () =>
    Effect.gen(function*() {
      const options = { allow: ["10.0.0.0/8", "169.254.0.0/16"] }
      expect((yield* SsrfGuard.check("http://10.9.8.7/", options)).addresses).toEqual(["10.9.8.7"])
      expect((yield* SsrfGuard.check("http://[::ffff:10.9.8.7]/", options)).addresses).toEqual(["::ffff:a09:807"])
      expect((yield* SsrfGuard.check("http://169.254.1.1/", options)).addresses).toEqual(["169.254.1.1"])
      const metadata = refusal(yield* Effect.exit(SsrfGuard.check("http://169.254.169.254/", options)))
      expect(metadata?.reason).toBe("CloudMetadata")
      const exact = yield* SsrfGuard.check("http://169.254.169.254/", { allow: ["169.254.169.254"] })
      expect(exact.addresses).toEqual(["169.254.169.254"])
    }))

  it.effect("trusts an allow-listed host:port's resolution, except a metadata address", () =>
    Effect.gen(function*() {
      const options = { allow: ["receiver.test:8443", "sneaky.test:80"] }
      const trusted = yield* withResolver(SsrfGuard.check("http://receiver.test:8443/", options))
      expect(trusted.addresses).toEqual(["10.0.0.7"])
      const otherPort = refusal(yield* Effect.exit(withResolver(SsrfGuard.check("http://receiver.test/", options))))
      expect(otherPort?.reason).toBe("Private")
      const sneaky = refusal(yield* Effect.exit(withResolver(SsrfGuard.check("http://sneaky.test:80/", options))))
      expect(sneaky?.reason).toBe("CloudMetadata")
      const internal = yield* withResolver(SsrfGuard.check("http://rebind.test:9000/", { allow: ["rebind.test:9000"] }))
      expect(internal.addresses).toEqual(["127.0.0.1"])
    }))

  it.effect("restricts ports when allowedPorts is set, with explicit host:port entries still open", () =>
    Effect.gen(function*() {
      const options = { allowedPorts: [443], allow: ["93.184.215.14:8443"] }
      expect((yield* SsrfGuard.check("https://93.184.215.14/", options)).addresses).toEqual(["93.184.215.14"])
      expect((yield* SsrfGuard.check("https://93.184.215.14:8443/", options)).addresses).toEqual(["93.184.215.14"])
      const refused = refusal(yield* Effect.exit(SsrfGuard.check("http://93.184.215.14/", options)))
      expect(refused?.reason).toBe("PortNotAllowed")
    }))

  it("rejects malformed allow-list entries and ports", () => {
    for (const entry of ["10.0.0.0/33", "intranet", "1.2.3.4:99999", "[::1]:0", "a b:80", "user@host:80"]) {
      expect(Either.isLeft(SsrfGuard.validateOptions({ allow: [entry] }))).toBe(true)
    }
    expect(Either.isLeft(SsrfGuard.validateOptions({ allowedPorts: [0] }))).toBe(true)
    expect(Either.isRight(SsrfGuard.validateOptions({ allow: ["10.0.0.0/8", "::1", "[::1]:80", "hooks.corp:443"] })))
      .toBe(true)
  })

  it.effect("treats malformed options given to check as a defect", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(SsrfGuard.check("http://93.184.215.14/", { allow: ["nope"] }))
      expect(Exit.isFailure(exit) && exit.cause._tag === "Die").toBe(true)
    }))
})

describe("SsrfGuard address parsing", () => {
  const group = FastCheck.integer({ min: 0, max: 0xffff })
  const groups = FastCheck.array(group, { minLength: 8, maxLength: 8 })
  const toBigInt = (parts: ReadonlyArray<number>) => parts.reduce((acc, part) => (acc << 16n) | BigInt(part), 0n)

  it.prop("reads every IPv6 spelling WHATWG and net.isIPv6 accept as the same address", [groups], ([parts]) => {
    const value = toBigInt(parts)
    const full = formatIPv6(value)
    const canonical = new URL(`http://[${full}]/`).hostname.slice(1, -1)
    const withQuad = `${parts.slice(0, 6).map((part) => part.toString(16)).join(":")}:${
      formatIPv4(parts[6]! * 0x10000 + parts[7]!)
    }`
    for (const text of [full, canonical, withQuad, full.toUpperCase(), `[${canonical}]`, `${canonical}%eth0`]) {
      expect(parseIPv6(text)?.value).toBe(value)
    }
    expect(NodeNet.isIPv6(canonical) && NodeNet.isIPv6(withQuad)).toBe(true)
  })

  it.prop(
    "judges an IPv4 address embedded as mapped, NAT64 or 6to4 exactly as the address itself",
    [FastCheck.integer({ min: 0, max: 0xffffffff })],
    ([value]) => {
      const ipv4 = formatIPv4(value)
      const expected = SsrfGuard.classifyAddress(ipv4)?.reason
      const high = (value >>> 16).toString(16)
      const low = (value & 0xffff).toString(16)
      expect(SsrfGuard.classifyAddress(`::ffff:${ipv4}`)?.reason).toBe(expected)
      expect(SsrfGuard.classifyAddress(`64:ff9b::${high}:${low}`)?.reason).toBe(expected)
      expect(SsrfGuard.classifyAddress(`2002:${high}:${low}::1`)?.reason).toBe(expected)
    }
  )

  it("rejects malformed IPv6 text", () => {
    const malformed = ["1:2:3:4:5:6:7:8:9", "1::2::3", ":1:2:3:4:5:6:7", "12345::", "1.2.3.4::", "::1%", "g::1"]
      .concat(["::1.2.3", "::ffff:256.0.0.1", "[::1", "1:2:3:4:5:6:7::8:9"])
    for (const text of malformed) {
      expect(parseIPv6(text)).toBeUndefined()
      expect(SsrfGuard.classifyAddress(text)?.reason).toBe("InvalidAddress")
    }
  })
})

/** Hostnames undici is about to dial, observed through its diagnostics channel. */
const watchDials = Effect.acquireRelease(
  Effect.sync(() => {
    const dialled: Array<string> = []
    const onConnect = (message: unknown) => {
      dialled.push((message as { connectParams: { hostname: string } }).connectParams.hostname)
    }
    NodeDiagnostics.subscribe("undici:client:beforeConnect", onConnect)
    return { dialled, onConnect }
  }),
  ({ onConnect }) => Effect.sync(() => NodeDiagnostics.unsubscribe("undici:client:beforeConnect", onConnect))
)

describe("SsrfGuard.layerHttpClient", () => {
  it.scoped("refuses at connect time a hostname that resolves to 127.0.0.1, and the server sees nothing", () =>
    Effect.gen(function*() {
      let requests = 0
      const server = yield* TestServer.make((_req, res) => {
        requests++
        res.end("reached")
      })
      const client = yield* withResolver(SsrfGuard.make())
      const exit = yield* Effect.exit(client.get(`http://rebind.test:${server.port}/hook`))
      const error = failureOf(exit)
      expect(error?._tag).toBe("RequestError")
      // "Transport": the URL passed the DNS-free pre-flight; the refusal happened when the socket was about to open.
      expect(error?.reason).toBe("Transport")
      const blocked = Option.getOrUndefined(SsrfGuard.blockedBy(error))
      expect(blocked?.reason).toBe("Loopback")
      expect(blocked?.address).toBe("127.0.0.1")
      expect(requests).toBe(0)
    }))

  it.scoped("closes DNS rebinding: a name that checked as public and then resolves to loopback is refused", () =>
    Effect.gen(function*() {
      let requests = 0
      const server = yield* TestServer.make((_req, res) => {
        requests++
        res.end("reached")
      })
      let lookups = 0
      const rebinding: SsrfGuard.ResolverService = {
        resolve: () => Effect.sync(() => (lookups++ === 0 ? ["93.184.215.14"] : ["127.0.0.1"]))
      }
      const url = `http://flip.test:${server.port}/hook`
      const checked = yield* Effect.provideService(SsrfGuard.check(url), SsrfGuard.Resolver, rebinding)
      expect(checked.addresses).toEqual(["93.184.215.14"])
      const client = yield* Effect.provideService(SsrfGuard.make(), SsrfGuard.Resolver, rebinding)
      const error = failureOf(yield* Effect.exit(client.get(url)))
      expect(Option.getOrUndefined(SsrfGuard.blockedBy(error))?.reason).toBe("Loopback")
      expect(lookups).toBe(2)
      expect(requests).toBe(0)
    }))

  it.scoped("refuses a private literal before any I/O with an InvalidUrl request error", () =>
    Effect.gen(function*() {
      const { dialled } = yield* watchDials
      const client = yield* SsrfGuard.make()
      for (const url of ["http://10.0.0.1/", "http://user:pw@93.184.215.14/", "http://[::ffff:127.0.0.1]/"]) {
        const error = failureOf(yield* Effect.exit(client.get(url)))
        expect(error?.reason).toBe("InvalidUrl")
        expect(SsrfGuard.isSsrfBlocked(Option.getOrUndefined(SsrfGuard.blockedBy(error)))).toBe(true)
      }
      expect(dialled).toEqual([])
    }))

  it.scoped("reaches 127.0.0.1:port when it is allow-listed and refuses it when it is not", () =>
    Effect.gen(function*() {
      let requests = 0
      const server = yield* TestServer.make((_req, res) => {
        requests++
        res.end("ok")
      })
      const open = yield* SsrfGuard.make({ allow: [`127.0.0.1:${server.port}`] })
      const response = yield* open.get(`${server.url}/hook`)
      expect(response.status).toBe(200)
      expect(yield* response.text).toBe("ok")
      expect(requests).toBe(1)
      const closed = yield* SsrfGuard.make({ allow: [`127.0.0.1:${server.port + 1}`] })
      const error = failureOf(yield* Effect.exit(closed.get(`${server.url}/hook`)))
      expect(Option.getOrUndefined(SsrfGuard.blockedBy(error))?.reason).toBe("Loopback")
      expect(requests).toBe(1)
    }))

  it.scoped("dials the checked address of an allow-listed name and keeps the Host header", () =>
    Effect.gen(function*() {
      const hosts: Array<string | undefined> = []
      const server = yield* TestServer.make((req, res) => {
        hosts.push(req.headers.host)
        res.end("ok")
      })
      const { dialled } = yield* watchDials
      const client = yield* withResolver(SsrfGuard.make({ allow: [`rebind.test:${server.port}`] }))
      const response = yield* client.get(`http://rebind.test:${server.port}/hook`)
      expect(response.status).toBe(200)
      expect(hosts).toEqual([`rebind.test:${server.port}`])
      expect(dialled).toEqual(["rebind.test"])
    }))

  it.scoped("returns a 302 to a private address as is and never dials it", () =>
    Effect.gen(function*() {
      let requests = 0
      const server = yield* TestServer.make((_req, res) => {
        requests++
        res.writeHead(302, { location: "http://10.0.0.1/" })
        res.end()
      })
      const { dialled } = yield* watchDials
      const client = yield* SsrfGuard.make({ allow: [`127.0.0.1:${server.port}`] })
      const response = yield* client.post(`${server.url}/hook`)
      expect(response.status).toBe(302)
      expect(response.headers["location"]).toBe("http://10.0.0.1/")
      expect(requests).toBe(1)
      expect(dialled).toEqual(["127.0.0.1"])
    }))

  it.scoped("works as a layer providing HttpClient", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => res.end("layer"))
      const text = yield* HttpClient.get(`${server.url}/`).pipe(
        Effect.flatMap((response) => response.text),
        Effect.provide(SsrfGuard.layerHttpClient({ allow: [`127.0.0.1:${server.port}`] }))
      )
      expect(text).toBe("layer")
      const refused = yield* HttpClient.get(`${server.url}/`).pipe(
        Effect.provide(SsrfGuard.layerHttpClient()),
        Effect.flip
      )
      expect(Option.getOrUndefined(SsrfGuard.blockedBy(refused))?.reason).toBe("Loopback")
    }))
})
