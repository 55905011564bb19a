/** What the WAHA operations share: the vendor name and the per-call options that reach the kernel. */
import * as Effect from "effect/Effect"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"

export const VENDOR = "WAHA"

/**
 * Only the policy and headers reach the kernel: WAHA takes no idempotency key, and a key passed by a caller who cast
 * around the type would make the kernel treat a send as safe to retry, which it is not.
 */
export const call = <I, O>(
  operation: HttpIntegration.Operation<I, O>,
  input: I,
  options: HttpIntegration.CallOptions | undefined
): Effect.Effect<O, IntegrationError> =>
  operation(input, options === undefined ? undefined : { policy: options.policy, headers: options.headers })

export const json = (value: unknown): HttpIntegration.Body => ({ _tag: "Json", value })

/** The answer of a call that only sets a state, dropped. */
export const asVoid = <E>(self: Effect.Effect<unknown, E>): Effect.Effect<void, E> => Effect.asVoid(self)
