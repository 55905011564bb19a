/**
 * The voice stack's workflow, end to end: when Retell has analysed a sales call it posts a signed `call_analyzed`
 * webhook; the app verifies it, books the follow-up meeting on Cal.com, creates a Stripe payment link (a Checkout
 * Session) and sends both to the caller on WhatsApp through WAHA. Stripe's call carries a key derived from the call
 * id, so Retell redelivering the webhook never creates a second link. A WhatsApp message has no such key: a send that
 * may have reached WAHA is reported `unconfirmed`, never sent again.
 *
 * @since 0.3.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as CalComClient from "../../vendors/calcom/CalComClient.js"
import * as RetellEvents from "../../vendors/retell/RetellEvents.js"
import * as StripeClient from "../../vendors/stripe/StripeClient.js"
import * as WahaClient from "../../vendors/waha/WahaClient.js"
import * as WahaError from "../../vendors/waha/WahaError.js"
import * as RetellWebhook from "../../webhooks/schemes/Retell.js"
import type * as WebhookScheme from "../../webhooks/WebhookScheme.js"
import * as Webhooks from "../../webhooks/Webhooks.js"
import type { Lead } from "./Scenario.js"

/**
 * How one analysed call was followed up.
 *
 * @since 0.3.0
 * @category Models
 */
export interface FollowedUp {
  readonly call: string
  readonly booking: string
  readonly paymentLink: string
  /** `unconfirmed` when the WhatsApp send failed in a way that may still have delivered it (not repeated). */
  readonly whatsapp: "sent" | "unconfirmed"
}

/** The demo's 30-minute event type in the simulated Cal.com account. */
const EVENT_TYPE_ID = 1001
const HALF_HOUR = 30 * 60 * 1000
const DAY = 24 * 60 * 60 * 1000
/** Half-hour slots in a working day (09:00-17:00 UTC, the demo host's availability). */
const SLOTS_PER_DAY = 16

/** The `index`th free half-hour of the host's working days (weekdays), starting the day after tomorrow. */
const meetingSlot = (now: number, index: number): number => {
  let day = Math.floor(now / DAY) + 2
  let left = index
  for (;;) {
    const weekday = new Date(day * DAY).getUTCDay()
    if (weekday !== 0 && weekday !== 6) {
      if (left < SLOTS_PER_DAY) return day * DAY + 9 * 60 * 60 * 1000 + left * HALF_HOUR
      left -= SLOTS_PER_DAY
    }
    day++
  }
}

/**
 * The `call_analyzed` delivery Retell would send after the `index`th lead's sales call: the caller's details ride in
 * the call's metadata, as the agent was configured to collect them.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const callAnalyzed = (lead: Lead, index: number, now: number) => ({
  event: "call_analyzed",
  call: {
    call_id: `call_${lead.id}`,
    call_type: "phone_call",
    agent_id: "agent_demo_sales",
    call_status: "ended",
    direction: "outbound",
    to_number: lead.phone,
    metadata: {
      name: `${lead.firstName} ${lead.lastName}`,
      email: lead.email,
      phone: lead.phone,
      // The time the caller agreed to on the call: a distinct working half-hour per call, so bookings never collide.
      meetingAt: new Date(meetingSlot(now, index)).toISOString()
    },
    call_analysis: { call_summary: "Interested; wants a demo and a quote.", call_successful: true }
  }
})

/**
 * Signs an event as Retell would and posts it to `url`; returns the receiver's HTTP status.
 *
 * @since 0.3.0
 * @category Webhooks
 */
export const postRetellEvent = (url: string, event: object, apiKey: Redacted.Redacted<string>) =>
  Effect.gen(function*() {
    const signed = yield* RetellWebhook.scheme.sign({ body: JSON.stringify(event) }, apiKey)
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(
      HttpClientRequest.post(url).pipe(
        HttpClientRequest.setHeaders(signed.headers),
        HttpClientRequest.bodyUint8Array(signed.body, "application/json")
      )
    )
    return response.status
  }).pipe(Effect.withSpan("Demo.retellWebhook"))

interface CallerDetails {
  readonly name: string
  readonly email: string
  readonly phone: string
  readonly meetingAt: string
}

const isCallerDetails = (u: unknown): u is CallerDetails =>
  typeof u === "object" && u !== null &&
  ["name", "email", "phone", "meetingAt"].every((key) => typeof (u as Record<string, unknown>)[key] === "string")

/**
 * What the app's Retell webhook endpoint does with one verified delivery: nothing for events other than
 * `call_analyzed` (`undefined`), the follow-up for an analysed call. Vendor failures that survive the retries end it
 * with their typed error.
 *
 * @since 0.3.0
 * @category Workflow
 */
export const handle = (request: WebhookScheme.WebhookRequest, apiKey: Redacted.Redacted<string>) =>
  Effect.gen(function*() {
    const { event } = yield* Webhooks.verifyAndDecode(RetellWebhook.scheme, RetellEvents.Event)(request, apiKey)
    if (!RetellEvents.is("call_analyzed")(event)) return undefined
    const caller = event.call.metadata
    if (!isCallerDetails(caller)) return yield* Effect.dieMessage("call_analyzed without the caller's details")
    return yield* followUp(event.call.call_id, caller)
  }).pipe(Effect.withSpan("Demo.followUp"))

const followUp = (callId: string, caller: CallerDetails) =>
  Effect.gen(function*() {
    const calcom = yield* CalComClient.CalComClient
    const stripe = yield* StripeClient.StripeClient
    const waha = yield* WahaClient.WahaClient

    const booking = yield* calcom.bookings.create({
      start: caller.meetingAt,
      eventTypeId: EVENT_TYPE_ID,
      attendee: { name: caller.name, email: caller.email, timeZone: "Europe/London" }
    })
    const link = yield* stripe.checkout.sessions.create(
      {
        mode: "payment",
        success_url: "https://acme.dev/thanks",
        line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 4_900, product_data: { name: "Acme onboarding" } } }],
        metadata: { call: callId }
      },
      { idempotencyKey: `${callId}:payment-link` }
    )
    const whatsapp = yield* waha.messages.sendText({
      session: "default",
      chatId: `${caller.phone.replace(/\D/g, "")}@c.us`,
      text: `Thanks for the call, ${caller.name.split(" ")[0]}! Your demo is booked. To get started: ${link.url ?? link.id}`
    }).pipe(
      Effect.as("sent" as const),
      // Sent, but the answer was lost: WAHA cannot de-duplicate, so it is not sent again.
      Effect.catchIf(WahaError.isAmbiguousSend, () => Effect.succeed("unconfirmed" as const))
    )
    // A one-off event type answers one booking; a recurring one, every occurrence.
    const first = Array.isArray(booking) ? booking[0] : booking
    return { call: callId, booking: String(first?.uid ?? first?.id ?? ""), paymentLink: link.id, whatsapp } satisfies FollowedUp
  })
