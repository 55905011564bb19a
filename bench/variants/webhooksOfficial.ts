/**
 * The official verifiers with their defaults: `standardwebhooks`' `new Webhook(secret).verify(payload, headers)` and
 * `stripe.webhooks.constructEvent(payload, header, secret)`. Both also parse the JSON body they return.
 *
 * @since 0.1.0
 */
import { Webhook } from "standardwebhooks"
import Stripe from "stripe"
import * as Fixtures from "../fixtures.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface WebhookSetup {
  readonly scheme: "standard" | "stripe"
  readonly secret: string
  readonly messageId: string
}

/**
 * Verifies the same delivery `times` times; throws if it is ever rejected.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Verifier {
  readonly verify: (times: number) => void
}

/**
 * @since 0.1.0
 * @category Drivers
 */
export const sign = (setup: WebhookSetup, body: Buffer): Record<string, string> => {
  if (setup.scheme === "standard") {
    const now = new Date()
    return {
      "webhook-id": setup.messageId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(setup.secret).sign(setup.messageId, now, body)
    }
  }
  const header = new Stripe(Fixtures.apiKey).webhooks.generateTestHeaderString({
    payload: body.toString("utf8"),
    secret: setup.secret
  })
  return { "Stripe-Signature": header }
}

/**
 * @since 0.1.0
 * @category Drivers
 */
export const verifier = (setup: WebhookSetup, body: Buffer, headers: Record<string, string>): Verifier => {
  if (setup.scheme === "standard") {
    const webhook = new Webhook(setup.secret)
    return {
      verify: (times) => {
        for (let i = 0; i < times; i++) webhook.verify(body, headers)
      }
    }
  }
  const stripe = new Stripe(Fixtures.apiKey)
  const signature = headers["Stripe-Signature"] ?? ""
  return {
    verify: (times) => {
      for (let i = 0; i < times; i++) stripe.webhooks.constructEvent(body, signature, setup.secret)
    }
  }
}
