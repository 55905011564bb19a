/**
 * The enrichment providers: enrich a company with Clay, declare Clay's email verification (15 s) and DataShopper's
 * intent search (30 s) in a few lines, and receive each provider's webhooks, HMAC-verified, replay-guarded by body hash
 * and, where the payload carries its time, by a timestamp window. Needs `CLAY_API_KEY` + `CLAY_API_URL` and
 * `DATASHOPPER_API_KEY` + `DATASHOPPER_API_URL` (and the `*_WEBHOOK_SECRET`s for webhooks); read it as a template: the
 * declared paths and payload fields are placeholders for the ones in your provider's dashboard.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { AudienceLabs, Clay, DataShopper, EmailBison } from "effect-integrations/enrichment"
import { ReplayGuard, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

const EmailCheck = Schema.Struct({ email: Schema.String })
const EmailVerdict = Schema.Struct({ valid: Schema.Boolean })
const IntentQuery = Schema.Struct({ domain: Schema.String })
const IntentSignals = Schema.Struct({ signals: Schema.Array(Schema.Struct({ topic: Schema.String, score: Schema.Number })) })

const qualify = (domain: string, email: string) =>
  Effect.gen(function*() {
    const clay = yield* Clay.ClayClient
    const datashopper = yield* DataShopper.DataShopperClient
    const company = yield* clay.enrichCompany({ domain })
    // Declared by the app: the name carries Clay's 15 s email-verification timeout.
    const verifyEmail = clay.declare({
      name: "email.verify",
      method: "POST",
      path: "/enrichment/email/verify",
      input: EmailCheck,
      output: EmailVerdict,
      idempotent: true
    })
    const searchIntent = datashopper.declare({
      name: "intent.search",
      method: "POST",
      path: "/intent/search",
      input: IntentQuery,
      output: IntentSignals,
      idempotent: true
    })
    const [verdict, intent] = yield* Effect.all([verifyEmail({ email }), searchIntent({ domain })], { concurrency: 2 })
    return { company, emailValid: verdict.valid, topics: intent.signals.map((signal) => signal.topic) }
  })

/**
 * A webhook endpoint for any of the four: the provider signs the raw body only (hex HMAC-SHA256 with its
 * `*_WEBHOOK_SECRET`); the guard refuses a body seen before, the window a body whose own `created_at` is stale.
 */
const webhookHandler = (
  scheme: WebhookScheme.WebhookScheme,
  secret: Config.Config<Redacted.Redacted<string>>
) =>
(rawBody: Uint8Array, headers: Record<string, string>) =>
  Effect.gen(function*() {
    const verified = yield* Webhooks.verify(scheme, WebhookScheme.makeRequest({ body: rawBody, headers }), yield* secret)
    yield* Webhooks.guardReplay(scheme, verified)
    return JSON.parse(new TextDecoder().decode(rawBody)) as unknown
  })

export const clayWebhook = webhookHandler(Clay.webhookScheme({ timestampField: "created_at" }), Clay.webhookSecret)
export const datashopperWebhook = webhookHandler(DataShopper.webhookScheme(), DataShopper.webhookSecret)
export const audienceLabsWebhook = webhookHandler(AudienceLabs.webhookScheme(), AudienceLabs.webhookSecret)
export const emailBisonWebhook = webhookHandler(EmailBison.webhookScheme({ header: "x-emailbison-signature" }), EmailBison.webhookSecret)
export const Guard = ReplayGuard.layerMemory()

qualify("acme.dev", "jane@acme.dev").pipe(
  Effect.tap((lead) => Effect.log(`${lead.topics.length} intent topics, email valid: ${lead.emailValid}`)),
  Effect.provide(Layer.mergeAll(Clay.layerConfig(), DataShopper.layerConfig())),
  Effect.provide(NodeHttpClient.layerUndici),
  NodeRuntime.runMain
)
