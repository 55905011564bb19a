/**
 * The request and answer of the one enrichment operation the sales platform's audit shows (`src/lib/integrations/
 * clay.ts:74-102`, section 1.1; its error tracking in section 5.2 names the fields): Clay's `POST /enrichment/company`
 * with a company's `domain` and/or `company_name`. The answer's shape is not in the audit: it is kept whole, as an
 * object, for the app to read or to decode with a Schema of its own.
 *
 * @since 0.3.0
 */
import * as Schema from "effect/Schema"

/**
 * A company to enrich: its web domain, its name, or both (at least one).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const EnrichCompanyParams = Schema.Struct({
  domain: Schema.optional(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(253))),
  company_name: Schema.optional(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500)))
}).pipe(Schema.filter((params) => params.domain !== undefined || params.company_name !== undefined || "give a domain or a company_name"))

/**
 * @since 0.3.0
 * @category Models
 */
export interface EnrichCompanyParams extends Schema.Schema.Type<typeof EnrichCompanyParams> {}

/**
 * Clay's answer, kept whole (an object; its fields are the enrichment's columns).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CompanyEnrichment = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * @since 0.3.0
 * @category Models
 */
export type CompanyEnrichment = typeof CompanyEnrichment.Type
