/**
 * Synchronous verification cores for the built-in schemes. A core does no I/O and needs only the clock reading, so
 * `Webhooks.verify` runs it inside one fiber step with its span and counter instead of a chain of effects; the
 * scheme's own `verify` wraps the same core, so both paths accept and reject exactly the same deliveries.
 */
import * as Effect from "effect/Effect"
import { WebhookError } from "../WebhookError.js"
import type { Secrets, VerifiedWebhook, VerifyOptions, WebhookRequest, WebhookScheme } from "../WebhookScheme.js"

/** Returns the rejection as a value; throws only on programmer errors (no secret, unusable secret). */
export type Core = (
  request: WebhookRequest,
  secrets: Secrets,
  options: VerifyOptions | undefined,
  nowMillis: number
) => VerifiedWebhook | WebhookError

// Keyed by the scheme object itself: a copy with a replaced `verify` is a different object and takes the general path.
const cores = new WeakMap<WebhookScheme, Core>()

/** Records `core` as the synchronous body of `scheme.verify`. */
export const register = (scheme: WebhookScheme, core: Core): WebhookScheme => {
  cores.set(scheme, core)
  return scheme
}

export const coreOf = (scheme: WebhookScheme): Core | undefined => cores.get(scheme)

/** A scheme's `verify` from its core, reading Effect's `Clock` so `TestClock` applies. */
export const toVerify = (core: Core): WebhookScheme["verify"] => (request, secrets, options) =>
  Effect.clockWith((clock) => {
    const result = core(request, secrets, options, clock.unsafeCurrentTimeMillis())
    return result instanceof WebhookError ? Effect.fail(result) : Effect.succeed(result)
  })
