/**
 * Stripe from an app: a billing service over `StripeClient` (checkout, a charge with your own idempotency key, card
 * declines handled by code, every active subscription walked as a stream) and a webhook event decoded into typed cases.
 * Configured from `STRIPE_API_KEY` (and optionally `STRIPE_API_VERSION`, `STRIPE_BASE_URL`).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { IntegrationConfig } from "effect-integrations"
import { StripeClient, StripeError, StripeEvents } from "effect-integrations/stripe"

class Billing extends Effect.Service<Billing>()("example/Billing", {
  effect: Effect.gen(function*() {
    const stripe = yield* StripeClient.StripeClient

    const startSubscription = (email: string, priceId: string) =>
      Effect.gen(function*() {
        const customer = yield* stripe.customers.create({ email, metadata: { source: "example" } })
        const session = yield* stripe.checkout.sessions.create({
          mode: "subscription",
          customer: customer.id,
          line_items: [{ price: priceId, quantity: 1 }],
          success_url: "https://example.com/welcome?session={CHECKOUT_SESSION_ID}",
          cancel_url: "https://example.com/pricing"
        })
        return session.url
      })

    // The order id is the idempotency key: a retry after a crash or a timeout never charges twice.
    const charge = (orderId: string, customerId: string, paymentMethod: string, cents: number) =>
      stripe.paymentIntents.create(
        { amount: cents, currency: "eur", customer: customerId, payment_method: paymentMethod, confirm: true, off_session: true },
        { idempotencyKey: `order-${orderId}` }
      ).pipe(
        Effect.map((intent) => ({ _tag: "Charged" as const, status: intent.status })),
        Effect.catchIf(StripeError.isCardError, (error) =>
          Effect.succeed({ _tag: "Declined" as const, reason: StripeError.details(error).decline_code ?? "card_declined" }))
      )

    const activeSubscriptions = stripe.subscriptions.listAll({ status: "active" }).pipe(
      Stream.map((subscription) => subscription.id)
    )

    return { startSubscription, charge, activeSubscriptions } as const
  })
}) {}

/** What a webhook handler does after the signature check (see `effect-integrations/webhooks`). */
const onEvent = (body: string) =>
  Effect.gen(function*() {
    const event = yield* StripeEvents.decodeEventJson(body)
    if (!StripeEvents.isKnown(event)) return yield* Effect.logDebug(`ignoring ${event.type}`)
    switch (event.type) {
      case "checkout.session.completed":
        return yield* Effect.log(`checkout ${event.data.object.id} completed: ${event.data.object.payment_status}`)
      case "invoice.payment_failed":
        return yield* Effect.logWarning(`invoice ${event.data.object.id ?? "(preview)"} failed`)
      case "customer.subscription.deleted":
        return yield* Effect.log(`subscription ${event.data.object.id} ended`)
      default:
        return yield* Effect.log(`${event.type} for ${event.data.object.id}`)
    }
  })

const program = Effect.gen(function*() {
  const billing = yield* Billing
  const url = yield* billing.startSubscription("jenny@example.com", "price_123")
  yield* Effect.log(`send the customer to ${url ?? "(no url)"}`)
  const firstTen = yield* billing.activeSubscriptions.pipe(Stream.take(10), Stream.runCollect)
  yield* Effect.log(`active subscriptions: ${[...firstTen].join(", ")}`)
  yield* onEvent(JSON.stringify({ id: "evt_1", object: "event", type: "ping", created: 0, livemode: false, data: { object: {} } }))
})

const Live = Billing.Default.pipe(
  Layer.provide(IntegrationConfig.layer(StripeClient.fromEnv)),
  Layer.provide(NodeHttpClient.layerUndici)
)

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
