/**
 * Our webhook verification: `Webhooks.verify` with the Standard Webhooks or Stripe scheme, one new request per
 * delivery as a server builds one per incoming request, run inside one Effect loop.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import { scheme as standardScheme } from "../../src/webhooks/schemes/StandardWebhooks.js"
import { scheme as stripeScheme } from "../../src/webhooks/schemes/Stripe.js"
import * as WebhookScheme from "../../src/webhooks/WebhookScheme.js"
import type { Verifier, WebhookSetup } from "./webhooksOfficial.js"

/**
 * @since 0.1.0
 * @category Drivers
 */
export const sign = (setup: WebhookSetup, body: Buffer): Record<string, string> => {
  const scheme = setup.scheme === "standard" ? standardScheme : stripeScheme
  return { ...Effect.runSync(scheme.sign({ body, id: setup.messageId }, Redacted.make(setup.secret))).headers }
}

/**
 * @since 0.1.0
 * @category Drivers
 */
export const verifier = (setup: WebhookSetup, body: Buffer, headers: Record<string, string>): Verifier => {
  const scheme = setup.scheme === "standard" ? standardScheme : stripeScheme
  const secret = Redacted.make(setup.secret)
  const once = () => Webhooks.verify(scheme, WebhookScheme.makeRequest({ body, headers }), secret)
  return {
    verify: (times) => {
      let done = 0
      Effect.runSync(Effect.whileLoop({
        while: () => done < times,
        body: () => {
          done++
          return once()
        },
        step: () => undefined
      }))
    }
  }
}
