/**
 * Twilio: send a one-time code by SMS without ever sending it twice, and follow its delivery through status callbacks.
 * Twilio has no idempotency keys, so the client never repeats a send that may have reached Twilio; this example shows
 * what to do instead when a send is ambiguous. Needs `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN` (or `TWILIO_API_KEY` +
 * `TWILIO_API_SECRET`); read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import { IntegrationError } from "effect-integrations"
import { TwilioClient, TwilioError, TwilioEvents } from "effect-integrations/twilio"
import { TwilioWebhook, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

const sendCode = (phone: string, code: string) =>
  Effect.gen(function*() {
    const twilio = yield* TwilioClient.TwilioClient
    const message = yield* twilio.messages.create({
      To: phone,
      From: "+15017122661",
      Body: `Your Acme code is ${code}`,
      StatusCallback: "https://acme.dev/twilio/status",
      ValidityPeriod: 300
    })
    yield* Effect.log(`code queued as ${message.sid} (${message.status})`)
    return message.sid
  }).pipe(
    Effect.tapError((error) =>
      TwilioError.isAmbiguousSend(error)
        // The SMS may be on its way: do not send another code now. Let the user ask again, or wait for the callback.
        ? Effect.logWarning(`code may or may not have been sent (${error.reason}); not resending automatically`)
        : TwilioError.hasCode(TwilioError.Codes.unsubscribedRecipient)(error)
        ? Effect.logWarning("the recipient opted out with STOP")
        : Effect.void
    ),
    Effect.catchIf(IntegrationError.isReason("InvalidRequest"), () => Effect.succeed(undefined))
  )

/** A status callback endpoint's body: verify `X-Twilio-Signature`, then record the outcome. */
export const handleStatusCallback = (rawBody: Uint8Array, headers: Record<string, string>, publicUrl: string) =>
  Effect.gen(function*() {
    const authToken = yield* Config.redacted("TWILIO_AUTH_TOKEN")
    const { event } = yield* Webhooks.verifyAndDecode(TwilioWebhook.scheme, TwilioEvents.MessageStatusCallback)(
      WebhookScheme.makeRequest({ body: rawBody, headers, url: publicUrl }),
      authToken
    )
    if (TwilioEvents.isFailure(event)) {
      yield* Effect.logWarning(`${event.MessageSid} ${event.MessageStatus}: Twilio error ${event.ErrorCode ?? "unknown"}`)
    } else if (TwilioEvents.isFinal(event)) {
      yield* Effect.log(`${event.MessageSid} ${event.MessageStatus}`)
    }
  })

sendCode("+14155552671", "482913").pipe(
  Effect.provide(TwilioClient.layerConfig()),
  Effect.provide(NodeHttpClient.layerUndici),
  NodeRuntime.runMain
)
