/**
 * The demo's business workflow, one lead at a time: enrich it, upsert the contact in HubSpot, record the lead with its
 * welcome email (Resend) and Stripe customer as durable calls in one SQLite transaction, wait for the customer and
 * charge them (idempotency keys derived from the lead, so a retry never charges twice), take Stripe's signed `payment_intent.succeeded` webhook in through the verifier, text them with
 * Twilio, have OpenAI summarise the lead (Anthropic when OpenAI fails or its breaker is open), and record the
 * conversion with its outbound webhook in one SQLite transaction (the outbox delivers it later).
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Redacted from "effect/Redacted"
import * as Fallback from "../../core/Fallback.js"
import * as Durable from "../../outbox/Durable.js"
import * as Outbox from "../../outbox/Outbox.js"
import * as StripeWebhooks from "../../webhooks/schemes/Stripe.js"
import * as AnthropicClient from "../../vendors/anthropic/AnthropicClient.js"
import * as AnthropicMessages from "../../vendors/anthropic/resources/Messages.js"
import * as HubSpotClient from "../../vendors/hubspot/HubSpotClient.js"
import * as OpenAIClient from "../../vendors/openai/OpenAIClient.js"
import * as StripeClient from "../../vendors/stripe/StripeClient.js"
import * as TwilioClient from "../../vendors/twilio/TwilioClient.js"
import * as TwilioError from "../../vendors/twilio/TwilioError.js"
import * as Durables from "./Durables.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Lead {
  readonly index: number
  readonly id: string
  readonly firstName: string
  readonly lastName: string
  readonly email: string
  readonly phone: string
}

/**
 * What the workflow needs besides the vendor clients.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Context {
  /** Where inbound vendor webhooks are posted (the receiver's `/hooks/stripe`). */
  readonly inboundUrl: string
  readonly stripeSecret: Redacted.Redacted<string>
}

/**
 * How one lead went.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Converted {
  readonly lead: string
  /** Which AI provider wrote the summary. */
  readonly summaryBy: string
  readonly paymentIntent: string
  /** `unconfirmed` when the send failed in a way that may still have delivered it (not retried). */
  readonly sms: "sent" | "unconfirmed"
}

const FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"]
const LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Lee"]

/**
 * The `index`th lead of a run (names repeat, emails and phone numbers never do).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const lead = (index: number): Lead => {
  const firstName = FIRST[index % FIRST.length]!
  const lastName = LAST[Math.floor(index / FIRST.length) % LAST.length]!
  return {
    index,
    id: `lead_${String(index + 1).padStart(4, "0")}`,
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}+${index + 1}@example.com`,
    phone: `+1555${String(1_000_000 + index).slice(-7)}`
  }
}

/** Local enrichment: what a lead-scoring service would add, computed rather than called. */
const enrich = (lead: Lead) =>
  Effect.sync(() => ({
    company: `${lead.lastName} Labs`,
    amount: 1_000 + (lead.index * 37) % 9_000
  })).pipe(Effect.withSpan("Demo.enrich", { attributes: { "demo.lead": lead.id } }))

const summarise = (lead: Lead, company: string) => {
  const prompt = `Summarise in one line: ${lead.firstName} ${lead.lastName} from ${company} just paid.`
  return Effect.gen(function*() {
    const openai = yield* OpenAIClient.OpenAIClient
    const anthropic = yield* AnthropicClient.AnthropicClient
    return yield* Fallback.chain([
      {
        name: "openai",
        run: Effect.map(
          openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }),
          (completion) => String(completion.choices[0]?.message.content ?? "")
        )
      },
      {
        name: "anthropic",
        run: Effect.map(
          anthropic.messages.create({ model: "claude-sonnet-4-20250514", max_tokens: 64, messages: [{ role: "user", content: prompt }] }),
          AnthropicMessages.messageText
        )
      }
    ])
  }).pipe(Effect.withSpan("Demo.summarise"))
}

/**
 * A durable call the workflow needs ended without a result: given up (`dead`), or parked or cancelled.
 *
 * @since 0.3.0
 * @category Errors
 */
export class DurableCallFailed extends Schema.TaggedError<DurableCallFailed>("effect-integrations/DurableCallFailed")(
  "DurableCallFailed",
  { key: Schema.String, state: Schema.String, description: Schema.String }
) {
  override get message(): string {
    return `durable call ${this.key} ended ${this.state}: ${this.description}`
  }
}

/** Polls the Stripe customer's durable call until it ends; its customer, or why there is none. */
const awaitCustomer = (key: string) =>
  Effect.gen(function*() {
    while (true) {
      const result = yield* Durable.result(Durables.stripeCustomer, key)
      switch (result._tag) {
        case "Succeeded":
          return result.value
        case "Queued":
          yield* Effect.sleep("50 millis")
          break
        case "Cancelled":
          return yield* new DurableCallFailed({ key, state: "cancelled", description: "cancelled" })
        default:
          return yield* new DurableCallFailed({ key, state: result.call.state, description: result.reason })
      }
    }
  }).pipe(Effect.withSpan("Demo.awaitCustomer", { attributes: { "demo.durable.key": key } }))

/**
 * Signs a Stripe event as Stripe would and posts it to `url`; returns the receiver's HTTP status.
 *
 * @since 0.1.0
 * @category Webhooks
 */
export const postStripeEvent = (url: string, event: object, secret: Redacted.Redacted<string>) =>
  Effect.gen(function*() {
    const signed = yield* StripeWebhooks.scheme.sign({ body: JSON.stringify(event) }, secret)
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(
      HttpClientRequest.post(url).pipe(
        HttpClientRequest.setHeaders(signed.headers),
        HttpClientRequest.bodyUint8Array(signed.body, "application/json")
      )
    )
    return response.status
  }).pipe(Effect.withSpan("Demo.inboundWebhook"))

/**
 * Runs one lead through the workflow. Vendor failures that survive the retries end it with their typed error; a
 * broken invariant (a genuine webhook refused) is a defect.
 *
 * @since 0.1.0
 * @category Workflow
 */
export const convert = (lead: Lead, context: Context) =>
  Effect.gen(function*() {
    const hubspot = yield* HubSpotClient.HubSpotClient
    const stripe = yield* StripeClient.StripeClient
    const twilio = yield* TwilioClient.TwilioClient
    const sql = yield* SqlClient.SqlClient

    const { amount, company } = yield* enrich(lead)

    const upserted = yield* hubspot.contacts.batchUpsert([{
      id: lead.email,
      idProperty: "email",
      properties: { firstname: lead.firstName, lastname: lead.lastName, company }
    }])
    const failed = upserted.failed[0]
    if (failed !== undefined) return yield* Effect.fail(failed.error.error)

    // The lead, its welcome e-mail and its Stripe customer commit together, or none does; a durable worker sends them.
    yield* sql.withTransaction(Effect.gen(function*() {
      yield* sql`INSERT INTO demo_leads (lead, email) VALUES (${lead.id}, ${lead.email}) ON CONFLICT DO NOTHING`
      yield* Durable.enqueue(Durables.welcomeEmail, {
        from: "Acme <hello@acme.dev>",
        to: lead.email,
        subject: `Welcome, ${lead.firstName}`,
        text: `Hello ${lead.firstName}, thanks for your interest in Acme (${lead.id}).`
      }, { key: `${lead.id}:welcome` })
      yield* Durable.enqueue(
        Durables.stripeCustomer,
        { email: lead.email, name: `${lead.firstName} ${lead.lastName}`, metadata: { lead: lead.id } },
        { key: `${lead.id}:customer` }
      )
    }))
    // The payment needs the customer: the lead waits for the durable call to end, however many workers it takes.
    const customer = yield* awaitCustomer(`${lead.id}:customer`)
    const intent = yield* stripe.paymentIntents.create(
      { amount, currency: "usd", customer: customer.id, metadata: { lead: lead.id } },
      { idempotencyKey: `${lead.id}:payment` }
    )
    const paid = yield* stripe.paymentIntents.confirm(
      intent.id,
      { payment_method: "pm_card_visa" },
      { idempotencyKey: `${lead.id}:confirm` }
    )

    const status = yield* postStripeEvent(context.inboundUrl, {
      id: `evt_${paid.id}`,
      object: "event",
      type: "payment_intent.succeeded",
      data: { object: { id: paid.id, amount: paid.amount, status: paid.status } }
    }, context.stripeSecret)
    if (status !== 200) return yield* Effect.dieMessage(`a correctly signed Stripe webhook was refused (HTTP ${status})`)

    // Twilio has no idempotency key: after a 5xx or a dropped connection the SMS may have gone out, so it is not sent
    // again; the lead goes on and the message is left for the status callback to confirm.
    const sms = yield* twilio.messages.create({
      To: lead.phone,
      From: "+15017122661",
      Body: `Hi ${lead.firstName}, payment ${paid.id} received. Welcome to Acme!`
    }).pipe(
      Effect.as("sent" as const),
      Effect.catchIf(TwilioError.isAmbiguousSend, () => Effect.succeed("unconfirmed" as const))
    )

    const summary = yield* summarise(lead, company)

    // The business record and its webhook commit together, or neither does.
    yield* sql.withTransaction(Effect.gen(function*() {
      yield* sql`INSERT INTO demo_conversions (lead, payment_intent, summary_by) VALUES (${lead.id}, ${paid.id}, ${summary.provider})`
      yield* Outbox.enqueue({
        id: `lead.converted:${lead.id}`,
        type: "lead.converted",
        payload: { lead: lead.id, customer: customer.id, paymentIntent: paid.id, amount, summary: summary.value }
      })
    }))
    return { lead: lead.id, summaryBy: summary.provider, paymentIntent: paid.id, sms } satisfies Converted
  }).pipe(Effect.withSpan("Demo.convertLead", { attributes: { "demo.lead": lead.id } }))
