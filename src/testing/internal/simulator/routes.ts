/**
 * The catalogue of what the simulator serves: vendors and their routes, written as in each vendor's OpenAPI document
 * (`METHOD /path/{param}`). Fault rules name routes this way and vendor modules must implement every one of them.
 *
 * @internal
 */

/** @internal */
export const vendors = ["stripe", "openai", "anthropic", "resend", "twilio", "hubspot", "calcom", "lemlist", "explorium", "millionverifier"] as const

/** @internal */
export type Vendor = typeof vendors[number]

/** @internal */
export const catalogue = {
  stripe: [
    "GET /v1/customers",
    "POST /v1/customers",
    "GET /v1/customers/{customer}",
    "POST /v1/customers/{customer}",
    "POST /v1/payment_intents",
    "GET /v1/payment_intents/{intent}",
    "POST /v1/payment_intents/{intent}/confirm",
    "POST /v1/payment_intents/{intent}/cancel",
    "POST /v1/checkout/sessions",
    "GET /v1/checkout/sessions/{session}",
    "GET /v1/subscriptions",
    "POST /v1/subscriptions",
    "GET /v1/subscriptions/{subscription_exposed_id}",
    "POST /v1/subscriptions/{subscription_exposed_id}",
    "DELETE /v1/subscriptions/{subscription_exposed_id}",
    "POST /v1/refunds",
    "GET /v1/balance"
  ],
  // OpenAI's spec writes paths without the `/v1` of its server URL; the simulator serves them under `/v1`.
  openai: [
    "POST /v1/responses",
    "POST /v1/chat/completions",
    "POST /v1/embeddings",
    "POST /v1/audio/transcriptions",
    "GET /v1/models"
  ],
  anthropic: ["POST /v1/messages", "POST /v1/messages/count_tokens", "GET /v1/models"],
  resend: ["POST /emails", "POST /emails/batch", "GET /emails/{email_id}", "GET /domains"],
  twilio: [
    "POST /2010-04-01/Accounts/{AccountSid}/Messages.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Balance.json"
  ],
  hubspot: [
    "GET /crm/v3/objects/contacts",
    "POST /crm/v3/objects/contacts",
    "GET /crm/v3/objects/contacts/{contactId}",
    "PATCH /crm/v3/objects/contacts/{contactId}",
    "DELETE /crm/v3/objects/contacts/{contactId}",
    "POST /crm/v3/objects/contacts/search",
    "POST /crm/v3/objects/contacts/batch/upsert",
    "POST /crm/v3/objects/companies",
    "PUT /crm/v4/objects/contacts/{contactId}/associations/default/companies/{companyId}",
    "POST /oauth/v1/token"
  ],
  calcom: [
    "GET /v2/event-types",
    "GET /v2/slots/available",
    "POST /v2/bookings",
    "GET /v2/bookings/{bookingUid}",
    "POST /v2/bookings/{bookingUid}/cancel",
    "POST /v2/bookings/{bookingUid}/reschedule"
  ],
  // lemlist's spec writes paths without the `/api` of its server URL; the simulator serves them under `/api`. Its
  // `DELETE /campaigns/{campaignId}/leads/{email}` (unsubscribe) and `.../{leadId}` (delete) are one router path,
  // served by one route that tells an address from an id.
  lemlist: [
    "GET /api/team",
    "GET /api/campaigns",
    "POST /api/campaigns",
    "GET /api/campaigns/{campaignId}",
    "POST /api/campaigns/{campaignId}/start",
    "POST /api/campaigns/{campaignId}/pause",
    "GET /api/campaigns/{campaignId}/leads/",
    "POST /api/campaigns/{campaignId}/leads/",
    "PATCH /api/campaigns/{campaignId}/leads/{leadId}",
    "DELETE /api/campaigns/{campaignId}/leads/{leadId}",
    "GET /api/leads/{email}",
    "GET /api/activities",
    "GET /api/hooks",
    "POST /api/hooks",
    "DELETE /api/hooks/{hookId}"
  ],
  explorium: [
    "POST /v1/businesses/match",
    "POST /v1/businesses",
    "POST /v1/businesses/firmographics/enrich",
    "POST /v1/businesses/firmographics/bulk_enrich",
    "POST /v1/businesses/events",
    "POST /v1/prospects/match",
    "POST /v1/prospects",
    "POST /v1/prospects/contacts_information/enrich",
    "POST /v1/prospects/contacts_information/bulk_enrich",
    "POST /v1/webhooks",
    "GET /v1/webhooks/{partner_id}",
    "DELETE /v1/webhooks/{partner_id}",
    "GET /v1/credits"
  ],
  // Two hosts: the real-time API (`/api/v3`) and the bulk API (`/bulkapi/v2`), both under the vendor's prefix.
  millionverifier: ["GET /api/v3/", "GET /api/v3/credits", "POST /bulkapi/v2/upload", "GET /bulkapi/v2/fileinfo"]
} as const satisfies Record<Vendor, ReadonlyArray<string>>

/** @internal */
export type RouteId<V extends Vendor> = typeof catalogue[V][number]

/** @internal */
export const isKnownRoute = (route: string, vendor?: Vendor): boolean =>
  (vendor === undefined ? vendors : [vendor]).some((v) => (catalogue[v] as ReadonlyArray<string>).includes(route))
