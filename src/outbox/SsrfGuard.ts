/**
 * Keeps webhook delivery to customer-entered URLs from being turned against the network it runs in: `check` gives a
 * typed verdict on a URL, and `layerHttpClient` is an `HttpClient` that re-checks every resolved address when it
 * connects (closing DNS rebinding), dials only what it checked, and never follows redirects.
 *
 * Policy, in short:
 * - only `http:`/`https:`; the WHATWG parser canonicalises hosts (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`, IDNA,
 *   percent-encoding) and the canonical host is what is judged; userinfo, fragments, backslashes, control characters
 *   and `http:host` without `//` are refused because other parsers may read them differently.
 * - refused addresses: loopback, unspecified, private, link-local, CGNAT, multicast, reserved/broadcast, benchmarking,
 *   documentation, IETF protocol assignments, IPv6 unique-local and site-local, anything outside IPv6 global unicast,
 *   and IPv4-mapped / -translated / -compatible, NAT64, 6to4 and Teredo addresses whose embedded IPv4 is refused;
 *   cloud metadata addresses and hostnames by name; `localhost`, `*.localhost`, single-label names and private-use
 *   suffixes (`.internal`, `.local`, `.home.arpa`...).
 * - a hostname resolving to several addresses is refused if any one is refused (an attacker picks which one a client
 *   would use).
 * - ports: any port unless `allowedPorts` is given.
 * - `allow` opens CIDRs, IPs, `ip:port` or `host:port` for self-hosted receivers; a metadata address opens only with an
 *   exact entry, never through a wider CIDR or an allow-listed hostname.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
// The internal modules import the declarations below: this module calls into them rather than read their bindings
// while it loads, so either may be loaded first (test/LoadOrder.test.ts).
import * as internalAddress from "./internal/ssrfAddress.js"
import * as internalCheck from "./internal/ssrfCheck.js"
import * as internalClient from "./internal/ssrfClient.js"
import * as internalPolicy from "./internal/ssrfPolicy.js"

/**
 * Why a target was refused.
 *
 * @since 0.1.0
 * @category Models
 */
export const Reason = Schema.Literal(
  "InvalidUrl",
  "UnsupportedScheme",
  "UserInfo",
  "AmbiguousUrl",
  "PortNotAllowed",
  "InternalHostname",
  "CloudMetadata",
  "Loopback",
  "Unspecified",
  "Private",
  "LinkLocal",
  "SharedAddressSpace",
  "Multicast",
  "Reserved",
  "Benchmarking",
  "Documentation",
  "ProtocolAssignment",
  "UniqueLocal",
  "SiteLocal",
  "InvalidAddress",
  "ResolutionFailed",
  "NoAddresses"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type Reason = typeof Reason.Type

/**
 * A refused delivery target: `reason`, a sanitised `url` (no userinfo or fragment, query values masked), the refused
 * `address` when there is one (resolved or literal), and a `description`. `transient` is true only for a failed
 * resolution.
 *
 * @since 0.1.0
 * @category Errors
 */
export class SsrfBlocked extends Schema.TaggedError<SsrfBlocked>("effect-integrations/SsrfBlocked")("SsrfBlocked", {
  reason: Reason,
  url: Schema.String,
  address: Schema.optional(Schema.String),
  description: Schema.String
}) {
  /**
   * Whether trying again later may succeed: only a failed DNS resolution is; a refused address never is.
   *
   * @since 0.1.0
   */
  get transient(): boolean {
    return this.reason === "ResolutionFailed"
  }

  override get message(): string {
    return `SSRF guard refused ${this.url}: ${this.reason} - ${this.description}`
  }
}

/**
 * How a hostname could not be resolved (`ENOTFOUND`, `EAI_AGAIN`, `ETIMEOUT`...).
 *
 * @since 0.1.0
 * @category Errors
 */
export class ResolveError extends Data.TaggedError("ResolveError")<{
  readonly hostname: string
  readonly code: string
}> {
  override get message(): string {
    return `cannot resolve ${this.hostname} (${this.code})`
  }
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface ResolverService {
  /** Every address the name resolves to, as IP text. */
  readonly resolve: (hostname: string) => Effect.Effect<ReadonlyArray<string>, ResolveError>
}

/**
 * Where hostnames are resolved, by `check` and at connect time. Defaults to the system resolver (getaddrinfo);
 * provide another (`Effect.provideService(Resolver, ...)`) to pin names or to test without DNS.
 *
 * @since 0.1.0
 * @category Services
 */
export class Resolver extends Context.Reference<Resolver>()("effect-integrations/outbox/SsrfGuard/Resolver", {
  // Read when first needed, not while this module loads: the system resolver lives in the internal module.
  defaultValue: (): ResolverService => internalCheck.systemResolver
}) {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /**
   * Targets opened despite the rules, for self-hosted receivers: a CIDR (`10.20.0.0/16`, `fd12::/48`), an IP
   * (`127.0.0.1`, `::1`), `ip:port` (`127.0.0.1:8080`, `[::1]:8080`) or `host:port` (`hooks.corp:443`, which trusts
   * whatever that name resolves to except a metadata address).
   */
  readonly allow?: ReadonlyArray<string> | undefined
  /** When set, only these ports may be dialled (an `ip:port`/`host:port` allow entry opens its own port). */
  readonly allowedPorts?: ReadonlyArray<number> | undefined
  /** Bound on one resolution; default 5 seconds. A timeout is refused as `ResolutionFailed`. */
  readonly resolveTimeout?: Duration.DurationInput | undefined
  /** TCP/TLS connect timeout of the guarded client; default 10 seconds. */
  readonly connectTimeout?: Duration.DurationInput | undefined
}

/**
 * What `check` accepted: the canonical URL and every address its host resolves to (all of them judged public or
 * allow-listed).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Checked {
  readonly url: URL
  readonly addresses: ReadonlyArray<string>
}

/**
 * The options if they are well formed, or a description of the first bad entry (for CLIs and config loaders; `check`
 * and the layers treat bad options as a defect).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const validateOptions = (options: Options): Either.Either<Options, string> =>
  Either.map(internalPolicy.compile(options), () => options)

const compileOrDie = (options: Options) =>
  Either.match(internalPolicy.compile(options), {
    onLeft: (message) => Effect.die(new Cause.IllegalArgumentException(`SsrfGuard: ${message}`)),
    onRight: Effect.succeed
  })

/**
 * Checks a URL a customer entered: URL rules first, then the host resolved through `Resolver` and every address
 * judged. Use it when an endpoint is registered; delivery still goes through `layerHttpClient`, which checks again
 * when it connects because DNS answers can change in between.
 *
 * @example
 * ```ts
 * import { SsrfGuard } from "effect-integrations/outbox"
 *
 * // Fails with SsrfBlocked { reason: "Loopback", address: "127.0.0.1" }
 * const refused = SsrfGuard.check("http://127.1/")
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const check = (url: string, options: Options = {}): Effect.Effect<Checked, SsrfBlocked> =>
  Effect.flatMap(compileOrDie(options), (policy) => internalCheck.check(url, policy))

/**
 * The guarded client, its undici Agent scoped. Requests that break the URL rules fail with a `RequestError`
 * (`reason: "InvalidUrl"`) before any I/O; hosts refused when connecting fail with a `RequestError`
 * (`reason: "Transport"`); in both, `cause` is the `SsrfBlocked` (see `blockedBy`). 3xx responses are returned as they
 * are: never wrap this client in `HttpClient.followRedirects`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> =>
  Effect.flatMap(compileOrDie(options), internalClient.make)

/**
 * The guarded client as a layer, for the outbox dispatcher. To test without DNS, provide `Resolver` to this layer.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerHttpClient = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  Layer.scoped(HttpClient.HttpClient, make(options))

/**
 * The `SsrfBlocked` behind an error: the error itself, or the `cause` of an `HttpClientError` from the guarded client.
 *
 * @since 0.1.0
 * @category Guards
 */
export const blockedBy = (error: unknown): Option.Option<SsrfBlocked> => internalCheck.blockedBy(error)

/**
 * @since 0.1.0
 * @category Guards
 */
export const isSsrfBlocked = (u: unknown): u is SsrfBlocked =>
  Predicate.isTagged(u, "SsrfBlocked") && u instanceof SsrfBlocked

/**
 * A resolver answering from a fixed table; names missing from it fail as `ENOTFOUND` without touching DNS.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const resolverFromRecord = (records: Readonly<Record<string, ReadonlyArray<string>>>): ResolverService =>
  internalCheck.resolverFromRecord(records)

/**
 * The verdict on one IP address alone (no allow-list): the refusal, or `undefined` when the address is public.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const classifyAddress = (
  address: string
): { readonly reason: Reason; readonly description: string } | undefined => internalAddress.classify(address)
