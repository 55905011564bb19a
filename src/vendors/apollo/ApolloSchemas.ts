/**
 * Apollo.io request and response Schemas, written by hand from Apollo's API reference (https://docs.apollo.io/
 * reference: "People Enrichment", "Bulk People Enrichment", "People API Search", "Organization Enrichment"). The spec
 * in `apollo/openapi.jentic.json` is community-generated: it is used to check field names and types, and the
 * reference wins where they differ (it has the legacy `/mixed_people/search`, not `/mixed_people/api_search`, and puts
 * every match parameter in the query string).
 *
 * Requests are strict (checked before any I/O); responses are tolerant: a person or an organization keeps only the
 * fields declared here, each optional and nullable, as Apollo leaves many of them unset.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/** Apollo's documented cap on records per Bulk People Enrichment call. */
export const MAX_BULK_MATCH = 10

/** Apollo's documented page-size cap and record window for People API Search (100 per page, 500 pages). */
export const MAX_PER_PAGE = 100
export const MAX_PAGES = 500

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))
const text = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(512))

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const DOMAIN = /^(?!www\.)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
const HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{64})$/i

/**
 * A company domain as Apollo wants it: `apollo.io`, without `www.`, a scheme or a path.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Domain = Schema.String.pipe(Schema.filter((value) => DOMAIN.test(value) || "must be a bare domain such as apollo.io", { identifier: "Domain" }))

/**
 * Who to match: an Apollo person id, an email (or its MD5/SHA-256 hash), a LinkedIn URL, or a name with a company
 * (name or domain). Apollo answers 200 with no match when it cannot tell; this Schema refuses inputs that can never
 * match (no identifier at all) before any credit is spent.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PersonIdentity = Schema.Struct({
  id: Schema.optional(text),
  email: Schema.optional(Schema.String.pipe(Schema.filter((v) => EMAIL.test(v) || "must be an email address", { identifier: "Email" }))),
  hashed_email: Schema.optional(Schema.String.pipe(Schema.filter((v) => HASH.test(v) || "must be an MD5 or SHA-256 hex digest", { identifier: "HashedEmail" }))),
  linkedin_url: Schema.optional(
    Schema.String.pipe(Schema.filter((v) => /^https?:\/\/([a-z]+\.)?linkedin\.com\//i.test(v) || "must be a LinkedIn URL", { identifier: "LinkedInUrl" }))
  ),
  first_name: Schema.optional(text),
  last_name: Schema.optional(text),
  name: Schema.optional(text),
  organization_name: Schema.optional(text),
  domain: Schema.optional(Domain)
}).pipe(
  Schema.filter((p) => {
    if (p.id !== undefined || p.email !== undefined || p.hashed_email !== undefined || p.linkedin_url !== undefined) return true
    const named = p.name !== undefined || (p.first_name !== undefined && p.last_name !== undefined)
    const employer = p.organization_name !== undefined || p.domain !== undefined
    return (named && employer) || "needs an id, an email, a hashed email, a LinkedIn URL, or a name with an organization name or domain"
  }, { identifier: "MatchableIdentity" })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface PersonIdentity extends Schema.Schema.Type<typeof PersonIdentity> {}

/**
 * What a match may reveal, at a credit cost: personal emails, and phone numbers (delivered later to `webhook_url`,
 * which Apollo then requires).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const RevealOptions = Schema.Struct({
  reveal_personal_emails: Schema.optional(Schema.Boolean),
  reveal_phone_number: Schema.optional(Schema.Boolean),
  webhook_url: Schema.optional(Schema.String.pipe(Schema.pattern(/^https:\/\/\S+$/)))
}).pipe(
  Schema.filter((o) => o.reveal_phone_number !== true || o.webhook_url !== undefined || "reveal_phone_number needs a webhook_url", {
    identifier: "PhoneNeedsWebhook"
  })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface RevealOptions extends Schema.Schema.Type<typeof RevealOptions> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Organization = Schema.Struct({
  id: optional(Schema.String),
  name: optional(Schema.String),
  website_url: optional(Schema.String),
  linkedin_url: optional(Schema.String),
  primary_domain: optional(Schema.String),
  industry: optional(Schema.String),
  estimated_num_employees: optional(Schema.Number),
  founded_year: optional(Schema.Number),
  annual_revenue: optional(Schema.Number),
  city: optional(Schema.String),
  state: optional(Schema.String),
  country: optional(Schema.String),
  short_description: optional(Schema.String),
  keywords: optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Organization extends Schema.Schema.Type<typeof Organization> {}

/**
 * A person from Apollo's database. Search results carry no email nor phone (People API Search reveals none).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Person = Schema.Struct({
  id: Schema.String,
  first_name: optional(Schema.String),
  last_name: optional(Schema.String),
  name: optional(Schema.String),
  title: optional(Schema.String),
  headline: optional(Schema.String),
  email: optional(Schema.String),
  email_status: optional(Schema.String),
  linkedin_url: optional(Schema.String),
  seniority: optional(Schema.String),
  departments: optional(Schema.Array(Schema.String)),
  city: optional(Schema.String),
  state: optional(Schema.String),
  country: optional(Schema.String),
  organization_id: optional(Schema.String),
  organization: optional(Organization)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Person extends Schema.Schema.Type<typeof Person> {}

/**
 * `POST /people/match`: `person` is `null` when Apollo found no match.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MatchResponse = Schema.Struct({ person: Schema.optional(Schema.NullOr(Person)) })

/**
 * One entry of a bulk answer: the person, as Apollo's reference shows it, or `{ person }` as the community spec has
 * it; both are read.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BulkMatch = Schema.NullOr(Schema.Union(Person, Schema.Struct({ person: Schema.NullOr(Person) })))

/**
 * `POST /people/bulk_match`: `matches[i]` answers `details[i]`, `null` for a miss.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BulkMatchResponse = Schema.Struct({
  status: optional(Schema.String),
  matches: Schema.Array(BulkMatch),
  total_requested_enrichments: optional(Schema.Number),
  unique_enriched_records: optional(Schema.Number),
  missing_records: optional(Schema.Number),
  credits_consumed: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface BulkMatchResponse extends Schema.Schema.Type<typeof BulkMatchResponse> {}

const list = Schema.optional(Schema.Array(text).pipe(Schema.minItems(1), Schema.maxItems(100)))

/**
 * People API Search filters (no credits; no emails or phones in the answer); the paging is the stream's.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PeopleSearchFilters = Schema.Struct({
  person_titles: list,
  include_similar_titles: Schema.optional(Schema.Boolean),
  person_seniorities: Schema.optional(
    Schema.Array(Schema.Literal("owner", "founder", "c_suite", "partner", "vp", "head", "director", "manager", "senior", "entry", "intern"))
  ),
  person_locations: list,
  organization_locations: list,
  q_organization_domains_list: Schema.optional(Schema.Array(Domain).pipe(Schema.minItems(1), Schema.maxItems(1000))),
  organization_ids: list,
  organization_num_employees_ranges: list,
  contact_email_status: list,
  q_keywords: Schema.optional(text)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface PeopleSearchFilters extends Schema.Schema.Type<typeof PeopleSearchFilters> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const PeopleSearchRequest = Schema.Struct({
  ...PeopleSearchFilters.fields,
  page: Schema.Int.pipe(Schema.between(1, MAX_PAGES)),
  per_page: Schema.Int.pipe(Schema.between(1, MAX_PER_PAGE))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface PeopleSearchRequest extends Schema.Schema.Type<typeof PeopleSearchRequest> {}

/**
 * One page of People API Search; the total comes as `total_entries` or inside `pagination`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PeopleSearchPage = Schema.Struct({
  people: Schema.Array(Person),
  total_entries: optional(Schema.Number),
  pagination: optional(Schema.Struct({ total_entries: optional(Schema.Number), total_pages: optional(Schema.Number) }))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface PeopleSearchPage extends Schema.Schema.Type<typeof PeopleSearchPage> {}

/**
 * `GET /organizations/enrich`: `organization` is absent or `null` when Apollo has none for the domain.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OrganizationEnrichResponse = Schema.Struct({ organization: Schema.optional(Schema.NullOr(Organization)) })

/**
 * `GET /auth/health`: a valid key answers `is_logged_in: true`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Health = Schema.Struct({ healthy: optional(Schema.Boolean), is_logged_in: optional(Schema.Boolean) })
