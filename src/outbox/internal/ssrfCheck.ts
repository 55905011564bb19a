/**
 * The SSRF guard's effectful check: URL rules, then resolution through the injectable `Resolver`, then a verdict on
 * every resolved address. The connect-time hook reuses `resolveHost`. The error, the resolver service and the reasons
 * are declared by `SsrfGuard`.
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as NodeDns from "node:dns"
import type { Reason, ResolverService } from "../SsrfGuard.js"
import { ResolveError, Resolver, SsrfBlocked } from "../SsrfGuard.js"
import type { Blocked } from "./ssrfAddress.js"
import type { HostTarget, Policy } from "./ssrfPolicy.js"
import { judgeAddress } from "./ssrfPolicy.js"
import type { Refusal } from "./ssrfUrl.js"
import { parseTarget } from "./ssrfUrl.js"

/** Metric and attribute names; the lead moves them into core/Telemetry.ts. */
export const METRIC_BLOCKED = "integration.ssrf.blocked"
export const ATTR_REASON = "integration.ssrf.reason"
export const ATTR_STAGE = "integration.ssrf.stage"
export const ATTR_ALLOWED = "integration.ssrf.allowed"

/**
 * The refusal behind a failed request, whether it was refused before sending (`InvalidUrl`) or while connecting
 * (`Transport`). Kept here, away from the guarded client and its undici Agent, so the dispatcher can classify errors
 * without loading a transport.
 */
export const blockedBy = (error: unknown): Option.Option<SsrfBlocked> => {
  if (error instanceof SsrfBlocked) return Option.some(error)
  if (HttpClientError.isHttpClientError(error) && error.cause instanceof SsrfBlocked) return Option.some(error.cause)
  return Option.none()
}

/** The operating system's resolver (getaddrinfo: hosts file, then DNS), all addresses, in the order it returns them. */
export const systemResolver: ResolverService = {
  resolve: (hostname) =>
    Effect.async<ReadonlyArray<string>, ResolveError>((resume) => {
      NodeDns.lookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
        if (error !== null) {
          resume(Effect.fail(new ResolveError({ hostname, code: error.code ?? "UNKNOWN" })))
        } else {
          resume(Effect.succeed(addresses.map((entry) => entry.address)))
        }
      })
    })
}

/** A fixed table, for tests and for pinning names; unknown names fail as `ENOTFOUND` without touching DNS. */
export const resolverFromRecord = (records: Readonly<Record<string, ReadonlyArray<string>>>): ResolverService => ({
  resolve: (hostname) => {
    const addresses = Object.prototype.hasOwnProperty.call(records, hostname) ? records[hostname] : undefined
    return addresses === undefined
      ? Effect.fail(new ResolveError({ hostname, code: "ENOTFOUND" }))
      : Effect.succeed(addresses)
  }
})

/** Where a refusal happened: validating a URL, before sending a request, or while opening a connection. */
export type Stage = "check" | "request" | "connect"

export const blockedCounter = Metric.counter(METRIC_BLOCKED, {
  description: "Delivery targets refused by the SSRF guard",
  incremental: true
})

export const toError = (refusal: Refusal): SsrfBlocked =>
  new SsrfBlocked(
    refusal.address === undefined
      ? { reason: refusal.reason, url: refusal.url, description: refusal.description }
      : { reason: refusal.reason, url: refusal.url, address: refusal.address, description: refusal.description }
  )

export const record = (reason: Reason, stage: Stage): Effect.Effect<void> =>
  Metric.update(blockedCounter.pipe(Metric.tagged(ATTR_REASON, reason), Metric.tagged(ATTR_STAGE, stage)), 1)

const blocked = (url: string, stage: Stage, verdict: Blocked, address?: string): Effect.Effect<never, SsrfBlocked> =>
  Effect.zipRight(
    record(verdict.reason, stage),
    Effect.fail(toError(address === undefined ? { ...verdict, url } : { ...verdict, url, address }))
  )

/**
 * Resolves a host that passed the DNS-free rules and judges every address it resolves to: one refused address
 * refuses the whole host, because a rebinding attacker controls which of several records a client picks.
 */
export const resolveHost = (
  policy: Policy,
  host: HostTarget,
  port: number,
  url: string,
  stage: Stage
): Effect.Effect<ReadonlyArray<string>, SsrfBlocked> =>
  Effect.gen(function*() {
    if (host._tag === "Address") return [host.address]
    const resolver = yield* Resolver
    const addresses = yield* resolver.resolve(host.name).pipe(
      Effect.timeoutFail({
        duration: policy.resolveTimeout,
        onTimeout: () => new ResolveError({ hostname: host.name, code: "ETIMEOUT" })
      }),
      Effect.catchAll((error) =>
        blocked(url, stage, { reason: "ResolutionFailed", description: `cannot resolve ${host.name} (${error.code})` })
      )
    )
    if (addresses.length === 0) {
      return yield* blocked(url, stage, { reason: "NoAddresses", description: `${host.name} has no addresses` })
    }
    for (const address of addresses) {
      const verdict = judgeAddress(policy, address, port, host.trusted)
      if (verdict !== undefined) {
        const description = `${host.name} resolves to ${verdict.description}`
        return yield* blocked(url, stage, { ...verdict, description }, address)
      }
    }
    return addresses
  })

/** The full check of a URL a customer entered: DNS-free rules, then resolution and a verdict on each address. */
export const check = (
  raw: string,
  policy: Policy
): Effect.Effect<{ readonly url: URL; readonly addresses: ReadonlyArray<string> }, SsrfBlocked> =>
  Effect.gen(function*() {
    const parsed = parseTarget(raw, policy)
    if (Either.isLeft(parsed)) {
      yield* record(parsed.left.reason, "check")
      return yield* Effect.fail(toError(parsed.left))
    }
    const target = parsed.right
    const addresses = yield* resolveHost(policy, target.host, target.port, target.sanitised, "check")
    return { url: target.url, addresses }
  }).pipe(
    Effect.tapBoth({
      onFailure: (error) =>
        Effect.annotateCurrentSpan({ [ATTR_ALLOWED]: false, [ATTR_REASON]: error.reason }),
      onSuccess: () => Effect.annotateCurrentSpan(ATTR_ALLOWED, true)
    }),
    Effect.withSpan("SsrfGuard.check")
  )
