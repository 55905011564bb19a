/** What the Resend operations share: the vendor name, typed local failures, call options checked before any I/O. */
import * as Effect from "effect/Effect"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "Resend"

/** Resend refuses keys outside 1 to 256 characters (`invalid_idempotency_key`); checked here so no request is wasted. */
export const MAX_IDEMPOTENCY_KEY = 256

export const { drift, invalid } = VendorClient.failures(VENDOR)

/** Checks the caller's idempotency key; the kernel generates one when none is given. */
export const checkOptions = (
  operation: string,
  options: HttpIntegration.CallOptions | undefined
): Effect.Effect<HttpIntegration.CallOptions | undefined, IntegrationError> => {
  const key = options?.idempotencyKey
  if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)) {
    return Effect.fail(invalid(operation, `idempotency key must be 1 to ${MAX_IDEMPOTENCY_KEY} characters`))
  }
  return Effect.succeed(options)
}

/** Calls a kernel operation after checking the call options. */
export const call = <I, O>(
  operation: HttpIntegration.Operation<I, O>,
  input: I,
  options: HttpIntegration.CallOptions | undefined
): Effect.Effect<O, IntegrationError> =>
  Effect.flatMap(checkOptions(operation.operation, options), (checked) => operation(input, checked))
