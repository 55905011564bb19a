/**
 * Postmark: send a receipt from a template, send a batch and act on each message's outcome (a batch answers 200 with
 * refusals inside), walk the hard bounces and reactivate the ones that may be, and receive Postmark's webhooks checked
 * by their Basic-auth credentials and deduplicated on the event itself. Needs `POSTMARK_SERVER_TOKEN` and
 * `POSTMARK_WEBHOOK_CREDENTIALS` (the `user:password` written in the webhook URL); read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { IntegrationConfig, IntegrationError } from "effect-integrations"
import { PostmarkClient, PostmarkError, PostmarkEvents } from "effect-integrations/postmark"
import { PostmarkBasicAuth, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

const sendReceipt = (order: { readonly id: string; readonly email: string; readonly total: string }) =>
  Effect.gen(function*() {
    const postmark = yield* PostmarkClient.PostmarkClient
    const { MessageID } = yield* postmark.email.sendWithTemplate({
      From: "Acme <billing@acme.dev>",
      To: order.email,
      TemplateAlias: "receipt",
      TemplateModel: { order_id: order.id, total: order.total },
      MessageStream: "outbound",
      Metadata: { order: order.id }
    })
    yield* Effect.log(`receipt queued as ${MessageID}`)
  }).pipe(
    // Callers branch on reasons and Postmark's codes, never on message strings (they quote addresses).
    Effect.catchIf(PostmarkError.isInactiveRecipient, () => Effect.logWarning("recipient inactive: receipt not sent")),
    Effect.catchIf(IntegrationError.isReason("InvalidRequest"), (error) =>
      Effect.logError(`receipt refused (ErrorCode ${PostmarkError.details(error).errorCode ?? "none"})`))
  )

const sendNewsletter = (recipients: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const postmark = yield* PostmarkClient.PostmarkClient
    const result = yield* postmark.email.sendBatch(
      recipients.map((To) => ({ From: "news@acme.dev", To, Subject: "This week", HtmlBody: "<p>...</p>", MessageStream: "broadcast" }))
    )
    // Each refusal keeps its input index and Postmark's code; Postmark's own text stays out of the logs.
    for (const { error, index } of result.failed) {
      yield* Effect.logWarning(`recipient #${index} refused (ErrorCode ${error.errorCode})`)
    }
    return result.succeeded.length
  })

const reactivateBounces = Effect.gen(function*() {
  const postmark = yield* PostmarkClient.PostmarkClient
  yield* postmark.bounces.list({ type: "HardBounce", inactive: true }).pipe(
    Stream.filter((bounce) => bounce.CanActivate === true),
    Stream.take(10),
    Stream.runForEach((bounce) => postmark.bounces.activate(bounce.ID))
  )
})

/** A webhook endpoint's body: check the URL's Basic credentials, decode, and skip events already handled. */
export const handleWebhook = (rawBody: Uint8Array, headers: Record<string, string>, seen: Set<string>) =>
  Effect.gen(function*() {
    const credentials = yield* Config.redacted("POSTMARK_WEBHOOK_CREDENTIALS")
    const { event } = yield* Webhooks.verifyAndDecode(PostmarkBasicAuth.scheme, PostmarkEvents.Event)(
      WebhookScheme.makeRequest({ body: rawBody, headers }),
      credentials
    )
    // Basic auth covers neither body nor time: deduplicate on the event's own identity.
    const key = PostmarkEvents.dedupKey(event)
    if (key !== undefined && seen.has(key)) return
    if (key !== undefined) seen.add(key)
    if (!PostmarkEvents.isKnown(event)) return yield* Effect.log(`ignoring ${event.RecordType}`)
    switch (event.RecordType) {
      case "Bounce":
        return yield* Effect.log(`message ${event.MessageID} bounced (${event.Type})`)
      case "SpamComplaint":
        return yield* Effect.log(`stop mailing the recipient of ${event.MessageID}`)
      default:
        return yield* Effect.log(`${event.RecordType} for ${event.MessageID}`)
    }
  })

const program = Effect.gen(function*() {
  yield* sendReceipt({ id: "order_42", email: "jane@example.com", total: "$42.00" })
  const sent = yield* sendNewsletter(["jane@example.com", "john@example.com"])
  yield* Effect.log(`newsletter sent to ${sent} recipients`)
  yield* reactivateBounces
})

// Every missing variable of every vendor is reported at once, by name.
const Live = IntegrationConfig.layer(PostmarkClient.fromEnv).pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
