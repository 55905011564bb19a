/** What every HubSpot resource shares: the vendor name, call options without idempotency keys, safe paths. */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import { IntegrationError } from "../../../core/IntegrationError.js"
import type { CallOptions } from "../HubSpotClient.js"

export const VENDOR = "HubSpot"

/** HubSpot's documented cap on inputs per batch call. */
export const BATCH_LIMIT = 100

export const invalid = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "InvalidRequest", description })

/** A record id, or a unique property value when an `idProperty` is given (an email, for instance). */
export const RecordId = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(1000))

/** The numeric ids the v4 associations API takes. */
export const NumericId = Schema.String.pipe(
  Schema.pattern(/^\d{1,20}$/, { message: () => "a HubSpot record id (digits only)" })
)

/**
 * HubSpot has no idempotency keys: a key passed through would make the kernel treat a create as safe to retry, so only
 * the policy and headers are forwarded.
 */
export const kernelOptions = (options: CallOptions | undefined): HttpIntegration.CallOptions | undefined =>
  options === undefined ? undefined : { policy: options.policy, headers: options.headers }

export const call = <I, O>(
  operation: HttpIntegration.Operation<I, O>,
  input: I,
  options: CallOptions | undefined
): Effect.Effect<O, IntegrationError> => Effect.suspend(() => operation(input, kernelOptions(options)))

/** `/crm/v3/objects/contacts/{id}` with the id percent-encoded, so an id can never change the path. */
export const path = (prefix: string, id: string, suffix = ""): string => `${prefix}/${encodeURIComponent(id)}${suffix}`

/** HubSpot reads list query parameters comma-separated. */
export const list = (values: ReadonlyArray<string> | undefined): string | undefined =>
  values === undefined || values.length === 0 ? undefined : values.join(",")

export const json = (value: unknown): HttpIntegration.Body => ({ _tag: "Json", value })
