/** What every Cal.com resource shares: the vendor name, call options without idempotency keys, safe paths. */
import * as Effect from "effect/Effect"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import { IntegrationError } from "../../../core/IntegrationError.js"
import type { CallOptions } from "../CalComClient.js"

export const VENDOR = "CalCom"

export const invalid = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "InvalidRequest", description })

/**
 * Cal.com has no idempotency keys: a key passed through would make the kernel treat a booking as safe to retry, so
 * only the policy and headers are forwarded.
 */
export const kernelOptions = (options: CallOptions | undefined): HttpIntegration.CallOptions | undefined =>
  options === undefined ? undefined : { policy: options.policy, headers: options.headers }

export const call = <I, O>(
  operation: HttpIntegration.Operation<I, O>,
  input: I,
  options: CallOptions | undefined
): Effect.Effect<O, IntegrationError> => Effect.suspend(() => operation(input, kernelOptions(options)))

/** `/bookings/{uid}` with the uid percent-encoded, so a uid can never change the path. */
export const path = (prefix: string, id: string, suffix = ""): string => `${prefix}/${encodeURIComponent(id)}${suffix}`

export const json = (value: unknown): HttpIntegration.Body => ({ _tag: "Json", value })

export const versionHeader = (version: string): Readonly<Record<string, string>> => ({ "cal-api-version": version })
