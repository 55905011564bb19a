/** What the Twilio operations share: the vendor name, per-call options and form bodies. */
import type * as Effect from "effect/Effect"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import type { CallOptions } from "../TwilioClient.js"

export const VENDOR = "Twilio"

/**
 * Only the policy and headers reach the kernel: an idempotency key passed by a caller who cast around the type would
 * make the kernel treat a message create as safe to retry, which it is not.
 */
export const call = <I, O>(
  operation: HttpIntegration.Operation<I, O>,
  input: I,
  options: CallOptions | undefined
): Effect.Effect<O, IntegrationError> =>
  operation(input, options === undefined ? undefined : { policy: options.policy, headers: options.headers })

type FormValue = string | number | boolean | ReadonlyArray<string | number | boolean> | undefined

/** Twilio's form encoding: one pair per field, a repeated name per array item, booleans as `true`/`false`. */
export const form = (params: Readonly<Record<string, FormValue>>): HttpIntegration.Body => {
  const entries: Array<readonly [string, string]> = []
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue
    const values = Array.isArray(value) ? value : [value]
    for (const item of values as ReadonlyArray<string | number | boolean>) entries.push([name, String(item)])
  }
  return { _tag: "Form", entries }
}
