/**
 * HubSpot: sync a list of sign-ups into the CRM with one batch upsert per 100 contacts, retry exactly the records that
 * failed for a retryable reason, link a new company, walk a search as a stream, and receive webhook events. Needs
 * `HUBSPOT_ACCESS_TOKEN` (a private app's token; or `HUBSPOT_CLIENT_ID`, `HUBSPOT_CLIENT_SECRET` and
 * `HUBSPOT_REDIRECT_URI` for OAuth) and `HUBSPOT_CLIENT_SECRET` for webhooks; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { HubSpotClient, HubSpotError, HubSpotEvents, type HubSpotSchemas } from "effect-integrations/hubspot"
import { HubSpotWebhook, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

interface SignUp {
  readonly email: string
  readonly firstName: string
  readonly company: string
}

const syncSignUps = (signUps: ReadonlyArray<SignUp>) =>
  Effect.gen(function*() {
    const hubspot = yield* HubSpotClient.HubSpotClient
    const inputs: ReadonlyArray<HubSpotSchemas.UpsertInput> = signUps.map((signUp) => ({
      id: signUp.email,
      idProperty: "email",
      properties: { firstname: signUp.firstName, company: signUp.company, lifecyclestage: "lead" }
    }))
    const first = yield* hubspot.contacts.batchUpsert(inputs)
    // Only the records that failed for a reason a repeat may fix (a 429, a batch that timed out) are sent again.
    const again = first.failed.filter((failure) => failure.error.error.retryable).map((failure) => failure.index)
    const second = again.length === 0
      ? { succeeded: [], failed: [] }
      : yield* hubspot.contacts.batchUpsert(again.map((index) => inputs[index]!))
    for (const failure of [...first.failed.filter((f) => !again.includes(f.index)), ...second.failed]) {
      // The message may quote the record: it goes to whoever owns the data, not to shared logs.
      yield* Effect.logWarning(`sign-up not synced: ${failure.error.error.reason} ${HubSpotError.details(failure.error.error).category ?? ""}`)
    }
    yield* Effect.log(`${first.succeeded.length + second.succeeded.length} of ${inputs.length} sign-ups synced`)
  })

const linkCompany = (contactId: string, name: string) =>
  Effect.gen(function*() {
    const hubspot = yield* HubSpotClient.HubSpotClient
    const company = yield* hubspot.companies.create({ properties: { name } })
    yield* hubspot.associations.contactToCompany(contactId, company.id)
  })

/** Every lead created this year, streamed page by page (HubSpot stops a search at 10,000 results). */
const leadsThisYear = Effect.gen(function*() {
  const hubspot = yield* HubSpotClient.HubSpotClient
  return hubspot.contacts.searchAll({
    filterGroups: [{
      filters: [
        { propertyName: "lifecyclestage", operator: "EQ", value: "lead" },
        { propertyName: "createdate", operator: "GTE", value: String(Date.UTC(new Date().getUTCFullYear(), 0, 1)) }
      ]
    }],
    sorts: [{ propertyName: "createdate", direction: "DESCENDING" }],
    properties: ["email", "firstname"]
  })
}).pipe(Stream.unwrap)

/** A webhook endpoint's body: verify `X-HubSpot-Signature-v3` with the app's client secret, then act on each event. */
export const handleWebhook = (rawBody: Uint8Array, headers: Record<string, string>, publicUrl: string) =>
  Effect.gen(function*() {
    const clientSecret = yield* Config.redacted("HUBSPOT_CLIENT_SECRET")
    const { event: events } = yield* Webhooks.verifyAndDecode(HubSpotWebhook.scheme, HubSpotEvents.Events)(
      WebhookScheme.makeRequest({ body: rawBody, headers, url: publicUrl, method: "POST" }),
      clientSecret
    )
    for (const event of events) {
      if (HubSpotEvents.is("contact.propertyChange")(event)) {
        yield* Effect.log(`contact ${event.objectId}: ${event.propertyName} changed`)
      } else if (!HubSpotEvents.isKnown(event)) {
        yield* Effect.log(`kept an event of a type this app does not handle: ${event.subscriptionType}`)
      }
    }
  })

Effect.gen(function*() {
  yield* syncSignUps([{ email: "jane@example.com", firstName: "Jane", company: "Acme" }])
  yield* linkCompany("101", "Acme")
  yield* leadsThisYear.pipe(Stream.take(20), Stream.runForEach((lead) => Effect.log(lead.id)))
}).pipe(
  Effect.catchIf(HubSpotError.isDailyLimit, () => Effect.logWarning("HubSpot's daily limit is spent; try again tomorrow")),
  Effect.provide(HubSpotClient.layerConfig({ rateLimit: { limit: 100, window: "10 seconds" } })),
  Effect.provide(NodeHttpClient.layerUndici),
  NodeRuntime.runMain
)
