/**
 * WAHA (self-hosted WhatsApp HTTP API): make sure the session is paired (print the QR otherwise), answer an inbound
 * WhatsApp message once (never re-sent blindly: WAHA takes no idempotency key), and verify WAHA's HMAC-signed webhooks.
 * Needs `WAHA_BASE_URL`, `WAHA_API_KEY` and `WAHA_WEBHOOK_HMAC_KEY` (the `hmac.key` of the session's webhook).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { IntegrationConfig } from "effect-integrations"
import { WahaClient, WahaError, WahaEvents } from "effect-integrations/waha"
import { WahaWebhook, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

const SESSION = "default"

const ensurePaired = Effect.gen(function*() {
  const waha = yield* WahaClient.WahaClient
  const session = yield* waha.sessions.get(SESSION)
  if (session.status === "STOPPED" || session.status === "FAILED") yield* waha.sessions.start(SESSION)
  if (session.status === "SCAN_QR_CODE") {
    const qr = yield* waha.sessions.qr(SESSION)
    yield* Effect.log(`scan this QR with WhatsApp: ${qr.value}`)
  }
})

const reply = (chatId: string, messageId: string, text: string) =>
  Effect.gen(function*() {
    const waha = yield* WahaClient.WahaClient
    yield* waha.messages.sendSeen({ session: SESSION, chatId, messageId })
    yield* waha.messages.startTyping({ session: SESSION, chatId })
    yield* waha.messages.sendText({ session: SESSION, chatId, text, reply_to: messageId })
  }).pipe(
    Effect.catchIf(WahaError.isAmbiguousSend, () =>
      // The message may be on its way: look at the chat before sending again.
      Effect.gen(function*() {
        const waha = yield* WahaClient.WahaClient
        const recent = yield* waha.messages.messages(SESSION, chatId, { limit: 5 }).pipe(Stream.take(5), Stream.runCollect)
        yield* Effect.logWarning(`send to ${chatId} unconfirmed; ${recent.length} recent messages to check`)
      })),
    Effect.catchIf(WahaError.isSessionNotReady, () => Effect.logWarning("session not WORKING: reply dropped"))
  )

/** A webhook endpoint's body: verify `X-Webhook-Hmac`, then answer inbound messages. */
export const handleWebhook = (rawBody: Uint8Array, headers: Record<string, string>) =>
  Effect.gen(function*() {
    const key = yield* Config.redacted("WAHA_WEBHOOK_HMAC_KEY")
    const { event } = yield* Webhooks.verifyAndDecode(WahaWebhook.scheme, WahaEvents.Event)(
      WebhookScheme.makeRequest({ body: rawBody, headers }),
      key
    )
    if (WahaEvents.is("message")(event) && !event.payload.fromMe && event.payload.from != null) {
      return yield* reply(event.payload.from, event.payload.id, "Thanks! We will get back to you shortly.")
    }
    if (WahaEvents.is("session.status")(event)) return yield* Effect.log(`session ${event.session}: ${event.payload.status}`)
  })

const program = Effect.gen(function*() {
  yield* ensurePaired
  const waha = yield* WahaClient.WahaClient
  const chats = yield* waha.messages.chats(SESSION, { limit: 50 }).pipe(Stream.runCount)
  yield* Effect.log(`${chats} chats`)
})

// WAHA_BASE_URL and WAHA_API_KEY: both missing ones are reported at once, by name.
const Live = IntegrationConfig.layer(WahaClient.fromEnv).pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
