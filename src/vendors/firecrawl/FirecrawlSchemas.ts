/**
 * Firecrawl's request and response bodies as Schemas: the generated module (`generated/FirecrawlOpenApi.ts`, from
 * Firecrawl's v2 OpenAPI document in `firecrawl/v2-openapi.json`) refined with what the spec leaves to prose: URLs that
 * are absolute http(s) URLs, a non-empty search query, a batch with at least one URL, and the known job statuses
 * (`scraping`, `completed`, `failed`, `cancelled`; the spec types them as plain strings and names them in
 * descriptions), kept open so a status Firecrawl adds later still decodes.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openLiteral } from "../internal/openLiteral.js"
import * as Generated from "./generated/FirecrawlOpenApi.js"

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i

/**
 * An absolute `http(s)://` URL, as every Firecrawl operation takes its targets.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Url = Schema.String.pipe(Schema.pattern(HTTP_URL, { identifier: "HttpUrl" }))

/**
 * `POST /v2/scrape`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ScrapeRequest = Schema.Struct({ ...Generated.ScrapeRequest.fields, url: Url })

/**
 * @since 0.1.0
 * @category Models
 */
export interface ScrapeRequest extends Schema.Schema.Type<typeof ScrapeRequest> {}

/**
 * The answers this SDK takes as the spec gives them, each a Schema and its type under the name used here.
 *
 * @since 0.1.0
 * @category Schemas
 */
export {
  ScrapeResponse,
  MapResponse,
  SearchResponse,
  /** The started extract job: its `id` is what `extract.get` and `extract.wait` take. */
  ExtractResponse as ExtractStarted,
  /** `GET /v2/extract/{id}`: `processing`, then `completed` (with `data`), `failed` or `cancelled`. */
  ExtractStatusResponse as ExtractStatus,
  /** A cancelled job (`{ "status": "cancelled" }`). */
  CancelCrawlResponse as Cancelled,
  /** `GET /v2/team/credit-usage`: the team's remaining and plan credits. */
  CreditUsageResponse as CreditUsage,
  /** Firecrawl's error body: `{ "success": false, "error": "...", "code"?: "..." }`. */
  CodedErrorResponse as ErrorResponse
} from "./generated/FirecrawlOpenApi.js"

/**
 * `POST /v2/map`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MapRequest = Schema.Struct({ ...Generated.MapRequest.fields, url: Url })

/**
 * @since 0.1.0
 * @category Models
 */
export interface MapRequest extends Schema.Schema.Type<typeof MapRequest> {}

/**
 * `POST /v2/search`: a query of 1 to 500 characters.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SearchRequest = Schema.Struct({
  ...Generated.SearchRequest.fields,
  query: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface SearchRequest extends Schema.Schema.Type<typeof SearchRequest> {}

/**
 * `POST /v2/extract`: URLs (glob patterns such as `https://acme.dev/*` allowed) and a prompt or a JSON Schema.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ExtractRequest = Schema.Struct({ ...Generated.ExtractRequest.fields, urls: Schema.Array(Url) })

/**
 * @since 0.1.0
 * @category Models
 */
export interface ExtractRequest extends Schema.Schema.Type<typeof ExtractRequest> {}

/**
 * `POST /v2/crawl`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CrawlRequest = Schema.Struct({ ...Generated.CrawlRequest.fields, url: Url })

/**
 * @since 0.1.0
 * @category Models
 */
export interface CrawlRequest extends Schema.Schema.Type<typeof CrawlRequest> {}

/**
 * `POST /v2/batch/scrape`: at least one URL.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BatchScrapeRequest = Schema.Struct({
  ...Generated.BatchScrapeRequest.fields,
  urls: Schema.Array(Url).pipe(Schema.minItems(1))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface BatchScrapeRequest extends Schema.Schema.Type<typeof BatchScrapeRequest> {}

/**
 * A started crawl or batch scrape: its `id` (and, for a batch, the `invalidURLs` it skipped).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const JobStarted = Schema.Struct({
  ...Generated.BatchScrapeResponseObj.fields,
  id: Schema.String
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface JobStarted extends Schema.Schema.Type<typeof JobStarted> {}

/**
 * The statuses a crawl or batch scrape job reports; any other string still decodes.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const JobState = openLiteral("scraping", "completed", "failed", "cancelled")

/**
 * @since 0.1.0
 * @category Models
 */
export type JobState = Schema.Schema.Type<typeof JobState>

/**
 * One page of a crawl's or batch scrape's status: progress counts, up to 10 MB of scraped documents, and `next`, the
 * URL of the following page while there is one.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const JobStatus = Schema.Struct({
  ...Generated.CrawlStatusResponseObj.fields,
  status: JobState
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface JobStatus extends Schema.Schema.Type<typeof JobStatus> {}

/**
 * A scraped page, as a crawl's or batch scrape's status pages carry them.
 *
 * @since 0.1.0
 * @category Models
 */
export type Document = NonNullable<JobStatus["data"]>[number]

