/**
 * Lemlist request and response Schemas: the generated ones (`generated/LemlistOpenApi.ts`, from lemlist's developer
 * OpenAPI v2 document, `lemlist/openapi.v2.json`) with the checks a client can make before any I/O: ids shaped as
 * lemlist's (`cam_…`, `lea_…`, `hoo_…`), e-mail addresses, page sizes within the documented maxima, an `https` webhook
 * URL, a webhook secret kept `Redacted` until it is encoded into the request body.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Generated from "./generated/LemlistOpenApi.js"

/**
 * A lemlist id (`cam_4HrZbi8xsez4QlrnL`, `lea_…`, `hoo_…`, `usr_…`): letters, digits and `_`. It becomes a path segment,
 * so nothing else is accepted.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Id = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9_]{1,64}$/, { message: () => "a lemlist id: 1 to 64 letters, digits or _" })
)

/**
 * An e-mail address, as lemlist keys leads by it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Email = Schema.String.pipe(
  Schema.maxLength(254),
  Schema.pattern(/^[^\s@/\\?#]+@[^\s@/\\?#]+\.[^\s@/\\?#]+$/, { message: () => "an e-mail address" })
)

const HttpsUrl = Schema.String.pipe(
  Schema.maxLength(2048),
  Schema.pattern(/^https:\/\/[^\s]+$/, { message: () => "an https:// URL" })
)

/**
 * The answers this SDK takes as the spec gives them, each a Schema and its type under the name used here.
 *
 * @since 0.1.0
 * @category Schemas
 */
export {
  Campaign,
  CreateCampaignResponse as CreatedCampaign,
  /** What starting or pausing a campaign answers: its id and new `state`. */
  StartCampaignResponse as CampaignState,
  AddCampaignLeadResponse as CampaignLead,
  UpdateCampaignLeadResponse as UpdatedLead,
  DeleteCampaignLeadResponse as DeletedLead,
  UnsubscribeCampaignLeadResponse as UnsubscribedLead,
  Activity,
  Webhook as Hook,
  CreateHookResponse as CreatedHook,
  DeleteHookResponse as DeletedHook,
  ListCampaignLeadsResponse as LeadSummaries,
  /** A lead in each campaign it belongs to, as `GET /leads/{email}?version=v2` answers. */
  GetLeadsByEmailResponse as LeadsByEmail,
  Team
} from "./generated/LemlistOpenApi.js"

/**
 * The filters of a campaign listing; the stream pages through it with `offset` and `limit`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ListCampaignsParams = Schema.Struct({
  status: Generated.ListCampaignsParams.fields.status,
  createdBy: Schema.optional(Id),
  sortBy: Generated.ListCampaignsParams.fields.sortBy,
  sortOrder: Generated.ListCampaignsParams.fields.sortOrder,
  /** Campaigns per request, 1 to 100 (lemlist's maximum and default: 100). */
  pageSize: Schema.optional(Schema.Int.pipe(Schema.between(1, 100)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListCampaignsParams extends Schema.Schema.Type<typeof ListCampaignsParams> {}

/**
 * One page of `GET /campaigns`: the documented array, or the `{ campaigns, pagination }` object lemlist's reference
 * shows for `version=v2`; both read as the array.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CampaignPage = Schema.Union(
  Generated.ListCampaignsResponse,
  Schema.Struct({ campaigns: Generated.ListCampaignsResponse })
)

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CreateCampaignParams = Schema.Struct({
  ...Generated.CreateCampaignRequest.fields,
  name: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateCampaignParams extends Schema.Schema.Type<typeof CreateCampaignParams> {}

/**
 * A lead to add to a campaign: lemlist's fields and any custom variables (string values). It needs an `email` or a
 * `linkedinUrl` to be reachable.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const NewLead = Schema.Struct(
  {
    ...Generated.AddCampaignLeadRequest.fields,
    email: Schema.optional(Email),
    linkedinUrl: Schema.optional(HttpsUrl)
  },
  Schema.Record({ key: Schema.String, value: Schema.String })
).pipe(
  Schema.filter((lead) => lead.email !== undefined || lead.linkedinUrl !== undefined || "a lead needs an email or a linkedinUrl")
)

/**
 * @since 0.1.0
 * @category Models
 */
export type NewLead = Schema.Schema.Type<typeof NewLead>

/**
 * Options of `POST /campaigns/{campaignId}/leads/` (each off by default; each may spend lemlist credits).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AddLeadOptions = Schema.Struct({
  deduplicate: Generated.AddCampaignLeadParams.fields.deduplicate,
  linkedinEnrichment: Generated.AddCampaignLeadParams.fields.linkedinEnrichment,
  findEmail: Generated.AddCampaignLeadParams.fields.findEmail,
  verifyEmail: Generated.AddCampaignLeadParams.fields.verifyEmail,
  findPhone: Generated.AddCampaignLeadParams.fields.findPhone
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface AddLeadOptions extends Schema.Schema.Type<typeof AddLeadOptions> {}

/**
 * The fields of a lead to change in a campaign; at least one.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const LeadUpdate = Generated.UpdateCampaignLeadRequest.pipe(
  Schema.filter((fields) => Object.values(fields).some((v) => v !== undefined) || "at least one field to update")
)

/**
 * @since 0.1.0
 * @category Models
 */
export type LeadUpdate = Schema.Schema.Type<typeof LeadUpdate>

/**
 * Filters of a campaign's leads: a `state` (`scanned`, `contacted`, `interested`, ...) and how many, 1 to 500.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ListLeadsParams = Schema.Struct({
  state: Schema.optional(Schema.String.pipe(Schema.pattern(/^[A-Za-z]{1,64}$/))),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 500)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListLeadsParams extends Schema.Schema.Type<typeof ListLeadsParams> {}

/**
 * The filters of an activity listing; the stream pages through it with `offset` and `limit` (100 per request).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ListActivitiesParams = Schema.Struct({
  type: Schema.optional(Schema.String.pipe(Schema.pattern(/^[A-Za-z]{1,64}$/))),
  campaignId: Schema.optional(Id),
  leadId: Schema.optional(Id),
  isFirst: Schema.optional(Schema.Boolean),
  /** `createdAt >= minDate`: Unix seconds or an ISO 8601 date-time. */
  minDate: Schema.optional(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(40))),
  /** `createdAt <= maxDate`: Unix seconds or an ISO 8601 date-time. */
  maxDate: Schema.optional(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(40))),
  /** Activities per request, 1 to 100 (lemlist's maximum and default: 100). */
  pageSize: Schema.optional(Schema.Int.pipe(Schema.between(1, 100)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListActivitiesParams extends Schema.Schema.Type<typeof ListActivitiesParams> {}

/**
 * A webhook to register: where lemlist posts (`https`), the event `type` (every event when left out), a campaign to
 * scope it to, and a shared `secret` lemlist echoes in every delivery's body (kept `Redacted` here).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateHookParams = Schema.Struct({
  targetUrl: HttpsUrl,
  type: Generated.CreateHookRequest.fields.type,
  secret: Schema.optional(Schema.Redacted(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(256)))),
  campaignId: Schema.optional(Id),
  isFirst: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateHookParams extends Schema.Schema.Type<typeof CreateHookParams> {}
