/**
 * The catalogue of what the simulator serves: vendors and their routes, written as in each vendor's OpenAPI document
 * (`METHOD /path/{param}`). Fault rules name routes this way and vendor modules must implement every one of them.
 *
 * @internal
 */

/** @internal */
export const vendors = ["stripe", "openai", "anthropic", "resend", "twilio", "hubspot", "calcom", "retell", "waha"] as const

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
