/**
 * The catalogue of what the simulator serves: vendors and their routes, written as in each vendor's OpenAPI document
 * (`METHOD /path/{param}`). Fault rules name routes this way and vendor modules must implement every one of them.
 *
 * @internal
 */

/** @internal */
export const vendors = [
  "stripe",
  "openai",
  "anthropic",
  "resend",
  "twilio",
  "hubspot",
  "calcom",
  "tavily",
  "postmark",
  "apollo",
  "phantombuster",
  "gohighlevel",
  "clay",
  "llamaparse",
  "vertex",
  "googlemaps",
  "mapbox",
  "firecrawl",
  "lemlist",
  "explorium",
  "millionverifier",
  "retell",
  "waha"
] as const

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
  // Tavily's spec has no operationIds: routes are its method + path.
  tavily: [
    "POST /search",
    "POST /extract",
    "POST /crawl",
    "POST /map",
    "POST /research",
    "GET /research/{request_id}",
    "GET /usage"
  ],
  postmark: [
    "POST /email",
    "POST /email/batch",
    "POST /email/withTemplate",
    "POST /email/batchWithTemplates",
    "GET /templates",
    "POST /templates",
    "GET /templates/{templateIdOrAlias}",
    "PUT /templates/{templateIdOrAlias}",
    "DELETE /templates/{templateIdOrAlias}",
    "POST /templates/validate",
    "GET /message-streams",
    "POST /message-streams",
    "GET /message-streams/{stream_ID}",
    "PATCH /message-streams/{stream_ID}",
    "POST /message-streams/{stream_ID}/archive",
    "POST /message-streams/{stream_ID}/unarchive",
    "GET /bounces",
    "GET /bounces/{bounceid}",
    "PUT /bounces/{bounceid}/activate",
    "GET /server"
  ],
  // Apollo's spec writes paths without the `/api/v1` of its server URL; the simulator serves them under it.
  apollo: [
    "POST /api/v1/people/match",
    "POST /api/v1/people/bulk_match",
    "POST /api/v1/mixed_people/api_search",
    "GET /api/v1/organizations/enrich",
    "GET /api/v1/auth/health"
  ],
  phantombuster: [
    "POST /api/v2/agents/launch",
    "POST /api/v2/agents/stop",
    "GET /api/v2/agents/fetch",
    "GET /api/v2/agents/fetch-all",
    "GET /api/v2/agents/fetch-output",
    "GET /api/v2/containers/fetch",
    "GET /api/v2/containers/fetch-result-object",
    "GET /api/v2/orgs/fetch"
  ],
  gohighlevel: [
    "POST /contacts/",
    "GET /contacts/{contactId}",
    "PUT /contacts/{contactId}",
    "DELETE /contacts/{contactId}",
    "POST /contacts/upsert",
    "POST /contacts/search",
    "POST /opportunities/",
    "GET /opportunities/search",
    "GET /opportunities/pipelines",
    "GET /opportunities/{id}",
    "PUT /opportunities/{id}",
    "PUT /opportunities/{id}/status",
    "DELETE /opportunities/{id}",
    "GET /calendars/",
    "GET /calendars/{calendarId}/free-slots",
    "POST /calendars/events/appointments",
    "GET /calendars/events/appointments/{eventId}",
    "PUT /calendars/events/appointments/{eventId}",
    "POST /oauth/token",
    "POST /oauth/locationToken"
  ],
  clay: ["POST /enrichment/company"],
  llamaparse: [
    "POST /api/v1/parsing/upload",
    "GET /api/v1/parsing/job/{job_id}",
    "GET /api/v1/parsing/job/{job_id}/result/markdown",
    "GET /api/v1/parsing/job/{job_id}/result/text",
    "GET /api/v1/parsing/job/{job_id}/result/json",
    "GET /api/v2/parse"
  ],
  // One route per backend: the model segment carries its action (`gemini-2.5-flash:generateContent`).
  vertex: [
    "POST /token",
    "POST /v1/projects/{project}/locations/{location}/publishers/google/models/{model}",
    "POST /v1beta/models/{model}"
  ],
  // Three Google hosts (maps, places, routes.googleapis.com) under one base: their paths do not collide.
  googlemaps: [
    "GET /maps/api/geocode/json",
    "POST /v1/places:searchText",
    "POST /v1/places:searchNearby",
    "GET /v1/places/{placesId}",
    "POST /v1/places:autocomplete",
    "GET /v1/places/{placesId}/photos/{photosId}/media",
    "POST /directions/v2:computeRoutes",
    "POST /distanceMatrix/v2:computeRouteMatrix"
  ],
  // Directions and Matrix profiles are `mapbox/<name>`: the `mapbox/` is written out so `{profile}` is one segment.
  mapbox: [
    "GET /search/geocode/v6/forward",
    "GET /search/geocode/v6/reverse",
    "POST /search/geocode/v6/batch",
    "GET /directions/v5/mapbox/{profile}/{coordinates}",
    "GET /directions-matrix/v1/mapbox/{profile}/{coordinates}",
    "GET /tokens/v2"
  ],
  // Firecrawl's spec writes paths without the `/v2` of its server URL; its SDKs (and this client) add it.
  firecrawl: [
    "POST /v2/scrape",
    "POST /v2/map",
    "POST /v2/search",
    "POST /v2/extract",
    "GET /v2/extract/{id}",
    "POST /v2/crawl",
    "GET /v2/crawl/{id}",
    "DELETE /v2/crawl/{id}",
    "POST /v2/batch/scrape",
    "GET /v2/batch/scrape/{id}",
    "DELETE /v2/batch/scrape/{id}",
    "GET /v2/team/credit-usage"
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
  millionverifier: ["GET /api/v3/", "GET /api/v3/credits", "POST /bulkapi/v2/upload", "GET /bulkapi/v2/fileinfo", "GET /bulkapi/v2/download"],
  // Retell's paths as its API reference writes them; `/v3/list-calls`, `/v2/list-agents`, `/v2/stop-call/{call_id}` and
  // `/publish-agent-version/{agent_id}` are newer than the community OpenAPI copy.
  retell: [
    "POST /v2/create-phone-call",
    "POST /v2/create-web-call",
    "POST /v2/register-phone-call",
    "GET /v2/get-call/{call_id}",
    "POST /v3/list-calls",
    "PATCH /v2/update-call/{call_id}",
    "POST /v2/stop-call/{call_id}",
    "DELETE /v2/delete-call/{call_id}",
    "POST /create-agent",
    "GET /get-agent/{agent_id}",
    "POST /v2/list-agents",
    "PATCH /update-agent/{agent_id}",
    "POST /publish-agent-version/{agent_id}",
    "GET /get-agent-versions/{agent_id}",
    "DELETE /delete-agent/{agent_id}",
    "GET /get-phone-number/{phone_number}",
    "GET /v2/list-phone-numbers"
  ],
  // WAHA's paths as in its OpenAPI document (2024.9); the chat's messages also take `offset` in current versions.
  waha: [
    "GET /api/sessions",
    "POST /api/sessions",
    "GET /api/sessions/{session}",
    "POST /api/sessions/{session}/start",
    "POST /api/sessions/{session}/stop",
    "POST /api/sessions/{session}/logout",
    "POST /api/sessions/{session}/restart",
    "GET /api/sessions/{session}/me",
    "GET /api/{session}/auth/qr",
    "POST /api/sendText",
    "POST /api/sendImage",
    "POST /api/sendFile",
    "POST /api/sendVoice",
    "POST /api/sendSeen",
    "POST /api/startTyping",
    "POST /api/stopTyping",
    "GET /api/{session}/chats",
    "GET /api/{session}/chats/{chatId}/messages"
  ]
} as const satisfies Record<Vendor, ReadonlyArray<string>>

/** @internal */
export type RouteId<V extends Vendor> = typeof catalogue[V][number]

/** @internal */
export const isKnownRoute = (route: string, vendor?: Vendor): boolean =>
  (vendor === undefined ? vendors : [vendor]).some((v) => (catalogue[v] as ReadonlyArray<string>).includes(route))
