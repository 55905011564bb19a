/**
 * GoHighLevel: capture a lead (upsert by email, so a retry never duplicates it), open an opportunity in the first
 * pipeline stage, book the first free slot of a calendar, walk every contact tagged `lead` as a stream, and receive
 * webhooks verified against HighLevel's public key. Needs `GHL_API_KEY` (a sub-account's private integration token) and
 * `GHL_LOCATION_ID`, or `GHL_CLIENT_ID` + `GHL_CLIENT_SECRET` (with `GHL_COMPANY_ID` + `GHL_LOCATION_ID` for an agency
 * install) for OAuth; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { GoHighLevelClient, GoHighLevelError, GoHighLevelEvents } from "effect-integrations/gohighlevel"
import { GoHighLevelWebhook, ReplayGuard, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

const captureLead = (locationId: string, email: string, firstName: string) =>
  Effect.gen(function*() {
    const ghl = yield* GoHighLevelClient.GoHighLevelClient
    const { contact } = yield* ghl.contacts.upsert({ locationId, email, firstName, tags: ["lead"], source: "website" })
    const [pipeline] = yield* ghl.opportunities.pipelines(locationId)
    if (pipeline === undefined) return contact.id
    yield* ghl.opportunities.create({
      locationId,
      pipelineId: pipeline.id,
      contactId: contact.id,
      name: `Website lead: ${firstName}`,
      status: "open"
    })
    const [calendar] = yield* ghl.calendars.list({ locationId })
    if (calendar === undefined) return contact.id
    const now = Date.now()
    const { days } = yield* ghl.calendars.freeSlots(calendar.id, { startDate: now, endDate: now + 7 * 86_400_000 })
    const slot = days[0]?.slots[0]
    if (slot !== undefined) {
      yield* ghl.calendars.appointments.create({ calendarId: calendar.id, locationId, contactId: contact.id, startTime: slot })
    }
    return contact.id
  })

/** Every contact tagged `lead`, pages fetched as the stream is pulled (the `searchAfter` cursor, no 10,000 cap). */
const leads = (locationId: string) =>
  Stream.unwrap(Effect.map(GoHighLevelClient.GoHighLevelClient, (ghl) =>
    ghl.contacts.searchAll({ locationId, filters: [{ field: "tags", operator: "contains", value: "lead" }] })))

/** A webhook endpoint's body: `x-wh-signature` against HighLevel's published key, a signed timestamp, one webhookId once. */
export const handleWebhook = (rawBody: Uint8Array, headers: Record<string, string>) =>
  Effect.gen(function*() {
    const request = WebhookScheme.makeRequest({ body: rawBody, headers })
    const verified = yield* Webhooks.verify(GoHighLevelWebhook.scheme, request, GoHighLevelWebhook.publicKey)
    yield* Webhooks.guardReplay(GoHighLevelWebhook.scheme, verified)
    const event = yield* GoHighLevelEvents.decodeEventJson(new TextDecoder().decode(rawBody))
    if (GoHighLevelEvents.is("OpportunityStatusUpdate")(event)) yield* Effect.log(`opportunity ${event.id} is ${event.status}`)
    else if (!GoHighLevelEvents.isKnown(event)) yield* Effect.log(`kept an event this app does not handle: ${event.type}`)
  }).pipe(Effect.provide(ReplayGuard.layerMemory()))

Effect.gen(function*() {
  const locationId = yield* Config.string("GHL_LOCATION_ID")
  yield* captureLead(locationId, "jane@example.com", "Jane")
  yield* leads(locationId).pipe(Stream.take(50), Stream.runForEach((lead) => Effect.log(lead.id)))
}).pipe(
  Effect.catchIf(GoHighLevelError.isDailyLimit, () => Effect.logWarning("the location's daily GoHighLevel quota is spent")),
  // GoHighLevel's burst limit: 100 requests per 10 seconds per location.
  Effect.provide(GoHighLevelClient.layerConfig({ rateLimit: { limit: 100, window: "10 seconds" } })),
  Effect.provide(NodeHttpClient.layerUndici),
  NodeRuntime.runMain
)
