/**
 * Tavily's request and response bodies as Schemas: the generated module (`generated/TavilyOpenApi.ts`, from Tavily's
 * OpenAPI document 1.0.0 as mirrored in `tavily/openapi.tryAGI.json`) refined with what the spec states only in prose:
 * a non-empty query, `YYYY-MM-DD` dates, at most 300 included and 150 excluded domains (the `include_domains` /
 * `exclude_domains` descriptions), at most 20 URLs per extract (Tavily's own 400 example, "Max 20 URLs are allowed"),
 * and no `stream: true` on a research task (that answer is a stream of events, not the JSON this client decodes).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Generated from "./generated/TavilyOpenApi.js"
import { ResearchTaskCompleted as ResearchCompleted, ResearchTaskFailed as ResearchFailed } from "./generated/TavilyOpenApi.js"

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/**
 * A calendar date as Tavily's `start_date` / `end_date` take it: `YYYY-MM-DD`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DateString = Schema.String.pipe(Schema.pattern(DATE, { identifier: "DateString" }))

/**
 * A domain or URL Tavily is asked to crawl, map or extract: non-empty, no whitespace.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Url = Schema.String.pipe(Schema.minLength(1), Schema.pattern(/^\S+$/, { identifier: "Url" }))

/**
 * `POST /search`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SearchRequest = Schema.Struct({
  ...Generated.SearchRequest.fields,
  query: Schema.NonEmptyTrimmedString,
  start_date: Schema.optional(DateString),
  end_date: Schema.optional(DateString),
  include_domains: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(300))),
  exclude_domains: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(150)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface SearchRequest extends Schema.Schema.Type<typeof SearchRequest> {}

/**
 * The answers this SDK takes as the spec gives them, each a Schema and its type under the name used here.
 *
 * @since 0.1.0
 * @category Schemas
 */
export {
  SearchResponse,
  ExtractResponse,
  CrawlResponse,
  MapResponse,
  /** The created task (`201`): its `request_id` is what `research.get` and `research.wait` take. */
  ResearchResponse,
  ResearchTaskCompleted as ResearchCompleted,
  ResearchTaskFailed as ResearchFailed,
  /** `GET /usage`: the key's and the account's credit usage and limits. */
  UsageResponse,
  /** Tavily's error body: `{ "detail": { "error": "..." } }`. */
  ErrorResponse
} from "./generated/TavilyOpenApi.js"

/**
 * `POST /extract`: one URL or up to 20.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ExtractRequest = Schema.Struct({
  ...Generated.ExtractRequest.fields,
  urls: Schema.Union(Url, Schema.Array(Url).pipe(Schema.minItems(1), Schema.maxItems(20)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ExtractRequest extends Schema.Schema.Type<typeof ExtractRequest> {}

/**
 * `POST /crawl`.
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
 * `POST /map`.
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
 * `POST /research`: a non-empty task. `stream` may only be `false`: a streamed task answers with server-sent events,
 * which this client does not read; poll with `research.get` or `research.wait` instead.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResearchRequest = Schema.Struct({
  ...Generated.ResearchRequest.fields,
  input: Schema.NonEmptyTrimmedString,
  stream: Schema.optional(Schema.Literal(false))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ResearchRequest extends Schema.Schema.Type<typeof ResearchRequest> {}

/**
 * A task still running (`202`): `pending` or `in_progress`, or a status Tavily adds later, but never `completed` or
 * `failed`: a finished task without its fields is drift, not a running one.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResearchRunning = Schema.Struct({
  ...Generated.GetResearchResponse202.fields,
  status: Generated.GetResearchResponse202.fields.status.pipe(
    Schema.filter((status) => status !== "completed" && status !== "failed", { identifier: "RunningStatus" })
  )
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ResearchRunning extends Schema.Schema.Type<typeof ResearchRunning> {}

/**
 * `GET /research/{request_id}`: completed or failed (`200`), or still running (`202`), told apart by `status`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResearchStatus = Schema.Union(ResearchCompleted, ResearchFailed, ResearchRunning)

/**
 * @since 0.1.0
 * @category Models
 */
export type ResearchStatus = Schema.Schema.Type<typeof ResearchStatus>

/**
 * @since 0.1.0
 * @category Guards
 */
export const isCompleted = (status: ResearchStatus): status is ResearchCompleted => status.status === "completed"

/**
 * @since 0.1.0
 * @category Guards
 */
export const isFailed = (status: ResearchStatus): status is ResearchFailed => status.status === "failed"

