/**
 * Explorium (AgentSource API) request and response Schemas, written from Explorium's OpenAPI 3.1 document
 * (`explorium/openapi.yaml`, explorium-ai docs repository, 2025-12-23). Requests are strict: ids are Explorium's
 * (`business_id` 32 hex characters, `prospect_id` 40), batches hold 1 to 50 inputs, fetch pages 1 to 500 records,
 * as the document says. Responses are tolerant: only what callers need is declared, `null`s accepted. (The document's
 * own response patterns are not valid ECMAScript regular expressions, which is why these Schemas are not generated.)
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/**
 * An Explorium business id: 32 lower-case hex characters.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BusinessId = Schema.String.pipe(
  Schema.pattern(/^[a-f0-9]{32}$/, { message: () => "an Explorium business_id (32 hex characters)" })
)

/**
 * An Explorium prospect id: 40 lower-case hex characters.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ProspectId = Schema.String.pipe(
  Schema.pattern(/^[a-f0-9]{40}$/, { message: () => "an Explorium prospect_id (40 hex characters)" })
)

/**
 * What every Explorium answer carries: its correlation id, `request_status` (`success`, `miss`, `failure`) and timing.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseContext = Schema.Struct({
  correlation_id: Schema.String,
  request_status: Schema.String,
  time_took_in_seconds: optional(Schema.Number)
})

const Text = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(256))

/**
 * A business to match: a name, a domain or URL, or a LinkedIn URL (at least one).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BusinessMatchInput = Schema.Struct({
  name: Schema.optional(Text),
  domain: Schema.optional(Text),
  url: Schema.optional(Text),
  linkedin_url: Schema.optional(Text)
}).pipe(Schema.filter((input) => Object.values(input).some((v) => v !== undefined) || "a name, domain, url or linkedin_url"))

/**
 * @since 0.1.0
 * @category Models
 */
export type BusinessMatchInput = Schema.Schema.Type<typeof BusinessMatchInput>

/**
 * A prospect to match: an e-mail, a phone number, a LinkedIn URL, or a full name with a company (name or business id).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ProspectMatchInput = Schema.Struct({
  email: Schema.optional(Schema.String.pipe(Schema.maxLength(254), Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/))),
  phone_number: Schema.optional(Schema.String.pipe(Schema.pattern(/^\+?[0-9 ().-]{6,20}$/))),
  linkedin: Schema.optional(Text),
  full_name: Schema.optional(Text),
  company_name: Schema.optional(Text),
  business_id: Schema.optional(BusinessId)
}).pipe(
  Schema.filter((input) =>
    input.email !== undefined || input.phone_number !== undefined || input.linkedin !== undefined ||
    (input.full_name !== undefined && (input.company_name !== undefined || input.business_id !== undefined)) ||
    "an email, a phone_number, a linkedin, or a full_name with a company_name or business_id"
  )
)

/**
 * @since 0.1.0
 * @category Models
 */
export type ProspectMatchInput = Schema.Schema.Type<typeof ProspectMatchInput>

/**
 * One answer of a match: the input as Explorium read it and the id found, or an error for that input.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MatchedBusiness = Schema.Struct({
  business_id: optional(Schema.String),
  error: optional(Schema.String),
  error_type: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const BusinessesMatchResponse = Schema.Struct({
  response_context: ResponseContext,
  total_results: Schema.Int,
  total_matches: Schema.Int,
  matched_businesses: optional(Schema.Array(MatchedBusiness))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MatchedProspect = Schema.Struct({
  prospect_id: optional(Schema.String),
  error: optional(Schema.String),
  error_type: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ProspectsMatchResponse = Schema.Struct({
  response_context: ResponseContext,
  total_results: Schema.Int,
  total_matches: Schema.Int,
  matched_prospects: optional(Schema.Array(MatchedProspect))
})

/**
 * Filters of a fetch, as Explorium names them (`country_code: { values: ["us"] }`, `company_size: { values:
 * ["51-200"] }`, ...); Explorium checks their values.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Filters = Schema.Record({ key: Schema.String.pipe(Schema.pattern(/^[a-z_]{1,64}$/)), value: Schema.Unknown })

/**
 * A fetch: `mode` (`full` or `preview`), how many records at most (`size`, up to 60,000), filters and exclusions.
 * The stream pages through it, `pageSize` records per request (1 to 500, default 100).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FetchParams = Schema.Struct({
  mode: Schema.optional(Schema.Literal("full", "preview")),
  size: Schema.Int.pipe(Schema.between(1, 60000)),
  pageSize: Schema.optional(Schema.Int.pipe(Schema.between(1, 500))),
  filters: Schema.optional(Filters)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface FetchParams extends Schema.Schema.Type<typeof FetchParams> {}

/**
 * A business as a fetch returns it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Business = Schema.Struct({
  business_id: Schema.String,
  name: optional(Schema.String),
  domain: optional(Schema.String),
  website: optional(Schema.String),
  country_name: optional(Schema.String),
  city_name: optional(Schema.String),
  region: optional(Schema.String),
  number_of_employees_range: optional(Schema.String),
  yearly_revenue_range: optional(Schema.String),
  naics: optional(Schema.Union(Schema.String, Schema.Number)),
  business_description: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Business extends Schema.Schema.Type<typeof Business> {}

/**
 * A prospect as a fetch returns it (no contact details: `prospects.enrich` gives those).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Prospect = Schema.Struct({
  prospect_id: Schema.String,
  business_id: optional(Schema.String),
  full_name: optional(Schema.String),
  first_name: optional(Schema.String),
  last_name: optional(Schema.String),
  job_title: optional(Schema.String),
  company_name: optional(Schema.String),
  country_name: optional(Schema.String),
  linkedin: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Prospect extends Schema.Schema.Type<typeof Prospect> {}

const page = <A, I>(item: Schema.Schema<A, I>) =>
  Schema.Struct({
    response_context: ResponseContext,
    data: optional(Schema.Array(item)),
    total_results: optional(Schema.Int),
    // `page` is the page number (v1 answer) or `{ size, next_cursor }` (v2 answer).
    page: optional(Schema.Union(Schema.Int, Schema.Struct({ size: Schema.Int, next_cursor: optional(Schema.String) }))),
    total_pages: optional(Schema.Int)
  })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const BusinessPage = page(Business)

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ProspectPage = page(Prospect)

/**
 * A business's firmographics (`/v1/businesses/firmographics/enrich`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Firmographics = Schema.Struct({
  business_id: Schema.String,
  name: optional(Schema.String),
  website: optional(Schema.String),
  country_name: optional(Schema.String),
  city_name: optional(Schema.String),
  number_of_employees_range: optional(Schema.String),
  yearly_revenue_range: optional(Schema.String),
  linkedin_profile: optional(Schema.String),
  ticker: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Firmographics extends Schema.Schema.Type<typeof Firmographics> {}

/**
 * A prospect's contact details (`/v1/prospects/contacts_information/enrich`): personal data, to be handled as such.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContactsInformation = Schema.Struct({
  emails: optional(Schema.Array(Schema.Record({ key: Schema.String, value: Schema.String }))),
  professions_email: optional(Schema.String),
  professional_email_status: optional(Schema.String),
  phone_numbers: optional(Schema.Array(Schema.Record({ key: Schema.String, value: Schema.String }))),
  mobile_phone: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ContactsInformation extends Schema.Schema.Type<typeof ContactsInformation> {}

/**
 * An enrichment of one entity: its data (an object, or a list of one), and the entity's id.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const enrichResponse = <A, I>(data: Schema.Schema<A, I>) =>
  Schema.Struct({
    response_context: ResponseContext,
    data: optional(Schema.Union(data, Schema.Array(data))),
    entity_id: optional(Schema.String)
  })

/**
 * A bulk firmographics enrichment: one row per business Explorium found, keyed by its id.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FirmographicsBulk = Schema.Struct({
  response_context: ResponseContext,
  data: optional(Schema.Array(Schema.Struct({ business_id: Schema.String, data: optional(Firmographics) }))),
  total_results: optional(Schema.Int)
})

/**
 * A bulk contacts enrichment: one row per prospect Explorium found, keyed by its id.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContactsInformationBulk = Schema.Struct({
  response_context: ResponseContext,
  data: optional(Schema.Array(Schema.Struct({ prospect_id: Schema.String, data: optional(ContactsInformation) }))),
  total_results: optional(Schema.Int)
})

/**
 * Business events to read (`new_funding_round`, `new_product`, `hiring_in_engineering_department`, ...) for 1 to 40
 * businesses, optionally between two times.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BusinessEventsParams = Schema.Struct({
  event_types: Schema.Array(Schema.String.pipe(Schema.pattern(/^[a-z0-9_]{1,80}$/))).pipe(Schema.minItems(1)),
  business_ids: Schema.Array(BusinessId).pipe(Schema.minItems(1), Schema.maxItems(40)),
  timestamp_from: Schema.optional(Schema.String),
  timestamp_to: Schema.optional(Schema.String)
}).pipe(Schema.filter((p) => new Set(p.business_ids).size === p.business_ids.length || "business_ids must be unique"))

/**
 * @since 0.1.0
 * @category Models
 */
export type BusinessEventsParams = Schema.Schema.Type<typeof BusinessEventsParams>

/**
 * Events as Explorium answers them: the document declares no shape, so they are kept as objects.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const EventsResponse = Schema.Struct({
  output_events: optional(Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown }))),
  data: optional(Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown })))
})

/**
 * A webhook to register for a partner: Explorium posts enrolled entities' events to `webhook_url` (`https`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const WebhookParams = Schema.Struct({
  partner_id: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]{1,128}$/)),
  webhook_url: Schema.String.pipe(Schema.maxLength(2048), Schema.pattern(/^https:\/\/\S+$/, { message: () => "an https:// URL" }))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface WebhookParams extends Schema.Schema.Type<typeof WebhookParams> {}

/**
 * A registered webhook; its signing secret stays `Redacted`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Webhook = Schema.Struct({
  response_context: ResponseContext,
  created_at: optional(Schema.String),
  last_modified_time: optional(Schema.String),
  webhook_url: Schema.String,
  webhook_secret: Schema.Redacted(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Webhook extends Schema.Schema.Type<typeof Webhook> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const WebhookDeleted = Schema.Struct({ response_context: ResponseContext })

/**
 * The account's credits.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Credits = Schema.Struct({
  response_context: ResponseContext,
  allocated_credits: Schema.Int,
  remaining_credits: Schema.Int
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Credits extends Schema.Schema.Type<typeof Credits> {}
