/**
 * Retell AI's request and response bodies as Schemas, with the field names of Retell's API reference
 * (https://docs.retellai.com/api-references) as its TypeScript SDK states them (RetellAI/retell-typescript-sdk,
 * `src/resources/{call,agent,phone-number}.ts`, 2026-07). Written by hand: the community OpenAPI copy in
 * (tryAGI's processed copy of Retell's hosted spec) is stale (no `/v3/list-calls`, `/v2/list-agents`, `/v2/stop-call`, `/publish-agent-version`)
 * and its enums were rewritten, so strict request Schemas generated from it would refuse valid input.
 * Requests are checked before any I/O; responses are tolerant of fields Retell adds and of its `null`s.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openLiteral } from "../internal/openLiteral.js"

const optionalNullable = <A, I>(schema: Schema.Schema<A, I>) => Schema.optional(Schema.NullOr(schema))
const StringMap = Schema.Record({ key: Schema.String, value: Schema.String })

/**
 * A phone number in E.164 form, as Retell requires for `from_number` and `to_number` (`+14157774444`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const E164 = Schema.String.pipe(Schema.pattern(/^\+[1-9]\d{1,14}$/, { identifier: "E164" }))

/**
 * An id placed in a path (`call_...`, `agent_...`): non-empty, no whitespace, at most 256 characters, never `.` or `..`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Id = Schema.String.pipe(
  Schema.pattern(/^\S{1,256}$/),
  Schema.filter((id) => id !== "." && id !== "..", { identifier: "RetellId" })
)

/**
 * How much of a call Retell keeps (`everything`, `everything_except_pii`, `basic_attributes_only`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DataStorageSetting = Schema.Literal("everything", "everything_except_pii", "basic_attributes_only")

/** `metadata`: any JSON value Retell stores with the call and never reads (at most 50 kB, checked by Retell). */
const Metadata = Schema.Unknown

const agentVersion = Schema.optional(Schema.Union(Schema.Int.pipe(Schema.nonNegative()), Schema.String))

/**
 * `POST /v2/create-phone-call`: an outbound call from one of your Retell numbers.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreatePhoneCallParams = Schema.Struct({
  from_number: E164,
  to_number: E164,
  override_agent_id: Schema.optional(Id),
  override_agent_version: agentVersion,
  agent_override: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  metadata: Schema.optional(Metadata),
  retell_llm_dynamic_variables: Schema.optional(StringMap),
  custom_sip_headers: Schema.optional(StringMap)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreatePhoneCallParams extends Schema.Schema.Type<typeof CreatePhoneCallParams> {}

/**
 * `POST /v2/create-web-call`: a call your frontend joins with the returned `access_token`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateWebCallParams = Schema.Struct({
  agent_id: Id,
  agent_version: agentVersion,
  agent_override: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  metadata: Schema.optional(Metadata),
  retell_llm_dynamic_variables: Schema.optional(StringMap)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateWebCallParams extends Schema.Schema.Type<typeof CreateWebCallParams> {}

/**
 * `POST /v2/register-phone-call`: registers a call your own telephony (custom SIP) places or receives.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const RegisterPhoneCallParams = Schema.Struct({
  agent_id: Id,
  agent_version: agentVersion,
  direction: Schema.optional(Schema.Literal("inbound", "outbound")),
  from_number: Schema.optional(Schema.String),
  to_number: Schema.optional(Schema.String),
  metadata: Schema.optional(Metadata),
  retell_llm_dynamic_variables: Schema.optional(StringMap)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface RegisterPhoneCallParams extends Schema.Schema.Type<typeof RegisterPhoneCallParams> {}

/**
 * `PATCH /v2/update-call/{call_id}`: the call's metadata, custom attributes or storage setting; at least one.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UpdateCallParams = Schema.Struct({
  metadata: Schema.optional(Metadata),
  custom_attributes: Schema.optional(
    Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number, Schema.Boolean) })
  ),
  data_storage_setting: Schema.optional(DataStorageSetting)
}).pipe(
  Schema.filter(
    (params) => params.metadata !== undefined || params.custom_attributes !== undefined || params.data_storage_setting !== undefined,
    { identifier: "UpdateCallParams", message: () => "give metadata, custom_attributes or data_storage_setting" }
  )
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpdateCallParams extends Schema.Schema.Type<typeof UpdateCallParams> {}

/**
 * `ascending` or `descending` by start (calls) or modification time (agents, numbers).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SortOrder = Schema.Literal("ascending", "descending")

/**
 * `POST /v3/list-calls` filters, one page's size and order. `filter_criteria` is passed as given (its grammar is
 * Retell's and grows: agent, status, time ranges, custom analysis fields); the stream sets `pagination_key` itself.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ListCallsParams = Schema.Struct({
  filter_criteria: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  sort_order: Schema.optional(SortOrder),
  pagination_key: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListCallsParams extends Schema.Schema.Type<typeof ListCallsParams> {}

/**
 * Post-call analysis (in `call_analyzed` and on calls once analysed).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallAnalysis = Schema.Struct({
  call_summary: Schema.optional(Schema.String),
  in_voicemail: Schema.optional(Schema.Boolean),
  user_sentiment: Schema.optional(openLiteral("Negative", "Positive", "Neutral", "Unknown")),
  call_successful: Schema.optional(Schema.Boolean),
  custom_analysis_data: Schema.optional(Schema.Unknown)
})

/**
 * A transcript utterance.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Utterance = Schema.Struct({ role: Schema.String, content: Schema.String })

/**
 * A call, phone or web (`call_type`). Statuses (`registered`, `not_connected`, `ongoing`, `ended`, `error`) and
 * disconnection reasons are open strings: a value Retell adds later still decodes.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Call = Schema.Struct({
  call_id: Schema.String,
  call_type: openLiteral("phone_call", "web_call"),
  agent_id: Schema.String,
  agent_version: Schema.optional(Schema.Number),
  agent_name: optionalNullable(Schema.String),
  call_status: openLiteral("registered", "not_connected", "ongoing", "ended", "error"),
  access_token: Schema.optional(Schema.String),
  direction: Schema.optional(openLiteral("inbound", "outbound")),
  from_number: optionalNullable(Schema.String),
  to_number: optionalNullable(Schema.String),
  metadata: Schema.optional(Schema.Unknown),
  // Strings when sent; Retell's reference lets the stored values be any JSON.
  retell_llm_dynamic_variables: optionalNullable(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  data_storage_setting: optionalNullable(Schema.String),
  start_timestamp: optionalNullable(Schema.Number),
  end_timestamp: optionalNullable(Schema.Number),
  duration_ms: optionalNullable(Schema.Number),
  disconnection_reason: optionalNullable(Schema.String),
  transcript: optionalNullable(Schema.String),
  transcript_object: optionalNullable(Schema.Array(Utterance)),
  recording_url: optionalNullable(Schema.String),
  public_log_url: optionalNullable(Schema.String),
  call_analysis: optionalNullable(CallAnalysis),
  transfer_destination: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Call extends Schema.Schema.Type<typeof Call> {}

/**
 * One page of `POST /v3/list-calls`: `items`, `has_more`, and the `pagination_key` of the next page.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallPage = Schema.Struct({
  items: optionalNullable(Schema.Array(Call)),
  has_more: optionalNullable(Schema.Boolean),
  pagination_key: optionalNullable(Schema.String),
  total: optionalNullable(Schema.Number)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CallPage extends Schema.Schema.Type<typeof CallPage> {}

/**
 * What generates the agent's replies: a Retell LLM, your own LLM over a websocket, or a conversation flow.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseEngine = Schema.Union(
  Schema.Struct({ type: Schema.Literal("retell-llm"), llm_id: Id, version: optionalNullable(Schema.Int) }),
  Schema.Struct({ type: Schema.Literal("custom-llm"), llm_websocket_url: Schema.String }),
  Schema.Struct({
    type: Schema.Literal("conversation-flow"),
    conversation_flow_id: Id,
    version: optionalNullable(Schema.Int)
  })
)

/**
 * The agent settings this SDK checks; any other documented setting (`ambient_sound`, `boosted_keywords`,
 * `post_call_analysis_data`, ...) may be given in `settings` and is sent as is.
 */
const agentFields = {
  agent_name: optionalNullable(Schema.String.pipe(Schema.maxLength(256))),
  voice_id: Schema.String.pipe(Schema.minLength(1)),
  language: Schema.optional(Schema.String),
  webhook_url: optionalNullable(Schema.String),
  webhook_events: optionalNullable(Schema.Array(Schema.String)),
  max_call_duration_ms: Schema.optional(Schema.Int.pipe(Schema.between(60_000, 7_200_000))),
  interruption_sensitivity: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  responsiveness: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  voice_speed: Schema.optional(Schema.Number.pipe(Schema.between(0.5, 2))),
  voice_temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 2))),
  end_call_after_silence_ms: Schema.optional(Schema.Int.pipe(Schema.greaterThanOrEqualTo(10_000))),
  data_storage_setting: Schema.optional(DataStorageSetting)
}

/**
 * `POST /create-agent`: a voice agent with its response engine and voice.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateAgentParams = Schema.Struct({ response_engine: ResponseEngine, ...agentFields })

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateAgentParams extends Schema.Schema.Type<typeof CreateAgentParams> {}

/**
 * `PATCH /update-agent/{agent_id}`: the settings to change (at least one); Retell updates the agent's draft version.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UpdateAgentParams = Schema.partial(Schema.Struct({ response_engine: ResponseEngine, ...agentFields })).pipe(
  Schema.filter((params) => Object.values(params).some((value) => value !== undefined), {
    identifier: "UpdateAgentParams",
    message: () => "give at least one setting to update"
  })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpdateAgentParams extends Schema.Schema.Type<typeof UpdateAgentParams> {}

/**
 * An agent (one version of it: `version`, `is_published`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Agent = Schema.Struct({
  agent_id: Schema.String,
  version: Schema.optional(Schema.Number),
  is_published: optionalNullable(Schema.Boolean),
  agent_name: optionalNullable(Schema.String),
  voice_id: Schema.String,
  language: optionalNullable(Schema.String),
  response_engine: Schema.Struct({
    type: openLiteral("retell-llm", "custom-llm", "conversation-flow"),
    llm_id: Schema.optional(Schema.String),
    llm_websocket_url: Schema.optional(Schema.String),
    conversation_flow_id: Schema.optional(Schema.String),
    version: optionalNullable(Schema.Number)
  }),
  webhook_url: optionalNullable(Schema.String),
  last_modification_timestamp: Schema.Number
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Agent extends Schema.Schema.Type<typeof Agent> {}

/**
 * `POST /v2/list-agents`: one page's size and order; the stream sets `pagination_key` itself.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ListAgentsParams = Schema.Struct({
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  sort_order: Schema.optional(SortOrder),
  filter_criteria: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  pagination_key: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListAgentsParams extends Schema.Schema.Type<typeof ListAgentsParams> {}

/**
 * An agent in a listing: its id, name, channel (`voice`, `chat`) and tags.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AgentSummary = Schema.Struct({
  agent_id: Schema.String,
  agent_name: optionalNullable(Schema.String),
  channel: Schema.optional(openLiteral("voice", "chat")),
  user_modified_timestamp: optionalNullable(Schema.Number)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface AgentSummary extends Schema.Schema.Type<typeof AgentSummary> {}

/**
 * One page of `POST /v2/list-agents`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AgentPage = Schema.Struct({
  items: optionalNullable(Schema.Array(AgentSummary)),
  has_more: optionalNullable(Schema.Boolean),
  pagination_key: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface AgentPage extends Schema.Schema.Type<typeof AgentPage> {}

/**
 * `POST /publish-agent-version/{agent_id}`: publishes that version of the agent.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PublishAgentParams = Schema.Struct({
  version: Schema.Int.pipe(Schema.nonNegative()),
  version_title: Schema.optional(Schema.String),
  version_description: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface PublishAgentParams extends Schema.Schema.Type<typeof PublishAgentParams> {}

/**
 * A phone number bound to agents (`phone_number_type`: `retell-twilio`, `retell-telnyx`, `custom`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PhoneNumber = Schema.Struct({
  phone_number: Schema.String,
  phone_number_type: Schema.optional(openLiteral("retell-twilio", "retell-telnyx", "custom")),
  phone_number_pretty: optionalNullable(Schema.String),
  nickname: optionalNullable(Schema.String),
  area_code: optionalNullable(Schema.Number),
  inbound_agent_id: optionalNullable(Schema.String),
  outbound_agent_id: optionalNullable(Schema.String),
  inbound_webhook_url: optionalNullable(Schema.String),
  last_modification_timestamp: Schema.Number
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface PhoneNumber extends Schema.Schema.Type<typeof PhoneNumber> {}

/**
 * `GET /v2/list-phone-numbers` query: one page's size and order; the stream sets `pagination_key` itself.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ListPhoneNumbersParams = Schema.Struct({
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  sort_order: Schema.optional(SortOrder),
  pagination_key: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListPhoneNumbersParams extends Schema.Schema.Type<typeof ListPhoneNumbersParams> {}

/**
 * One page of `GET /v2/list-phone-numbers`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PhoneNumberPage = Schema.Struct({
  items: optionalNullable(Schema.Array(PhoneNumber)),
  has_more: optionalNullable(Schema.Boolean),
  pagination_key: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface PhoneNumberPage extends Schema.Schema.Type<typeof PhoneNumberPage> {}

/**
 * Retell's error body: `{ status: "error", message }`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ErrorBody = Schema.Struct({ status: Schema.optional(Schema.String), message: Schema.optional(Schema.String) })
