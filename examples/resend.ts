/**
 * Resend: send a welcome email exactly once per user (an idempotency key derived from the user id survives your own
 * retries and restarts), send a batch and act on each email's outcome, and handle Resend's signed webhooks. Needs
 * `RESEND_API_KEY` and `RESEND_WEBHOOK_SECRET` (`whsec_...`); read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { IntegrationConfig, IntegrationError } from "effect-integrations"
import { ResendClient, ResendError, ResendEvents } from "effect-integrations/resend"
import { StandardWebhooks, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

const sendWelcome = (user: { readonly id: string; readonly email: string; readonly name: string }) =>
  Effect.gen(function*() {
    const resend = yield* ResendClient.ResendClient
    const { id } = yield* resend.emails.send(
      {
        from: "Acme <hello@acme.dev>",
        to: user.email,
        subject: `Welcome, ${user.name}`,
        text: `Hi ${user.name}, thanks for signing up.`,
        tags: [{ name: "category", value: "welcome" }]
      },
      // Resend's advice: `<event>/<entity id>`; a repeat within 24 h returns the first email's id and sends nothing.
      { idempotencyKey: `welcome/${user.id}` }
    )
    yield* Effect.log(`welcome email queued as ${id}`)
  }).pipe(
    // Callers branch on reasons and identifiers, never on message strings.
    Effect.catchIf(ResendError.isQuotaExceeded, () => Effect.logWarning("sending quota used up: welcome email deferred")),
    Effect.catchIf(IntegrationError.isReason("InvalidRequest"), (error) =>
      Effect.logError(`welcome email refused (${ResendError.details(error).name ?? "invalid"})`))
  )

const sendDigest = (recipients: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const resend = yield* ResendClient.ResendClient
    const today = DateTime.formatIsoDateUtc(yield* DateTime.now)
    const result = yield* resend.batch.send(
      recipients.map((to) => ({ from: "Acme <digest@acme.dev>", to, subject: "Your weekly digest", html: "<p>...</p>" })),
      { validation: "permissive", idempotencyKey: `digest/${today}` }
    )
    for (const { index } of result.failed) yield* Effect.logWarning(`digest not sent to recipient #${index}`)
    return result.succeeded.length
  })

/** A webhook endpoint's body: verify the Svix signature, then act on the typed event. */
export const handleWebhook = (rawBody: Uint8Array, headers: Record<string, string>) =>
  Effect.gen(function*() {
    const secret = yield* Config.redacted("RESEND_WEBHOOK_SECRET")
    const { event } = yield* Webhooks.verifyAndDecode(StandardWebhooks.scheme, ResendEvents.Event)(
      WebhookScheme.makeRequest({ body: rawBody, headers }),
      secret
    )
    if (!ResendEvents.isKnown(event)) return yield* Effect.log(`ignoring ${event.type}`)
    switch (event.type) {
      case "email.bounced":
        return yield* Effect.log(`email ${event.data.email_id} bounced (${event.data.bounce.type})`)
      case "email.complained":
        return yield* Effect.log(`stop mailing the recipients of ${event.data.email_id}`)
      default:
        return yield* Effect.log(`${event.type} for ${event.data.email_id}`)
    }
  })

const program = Effect.gen(function*() {
  yield* sendWelcome({ id: "user_42", email: "jane@example.com", name: "Jane" })
  const sent = yield* sendDigest(["jane@example.com", "john@example.com"])
  yield* Effect.log(`digest sent to ${sent} recipients`)
})

// Every missing variable of every vendor is reported at once, by name.
const Live = IntegrationConfig.layer(ResendClient.fromEnv).pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
