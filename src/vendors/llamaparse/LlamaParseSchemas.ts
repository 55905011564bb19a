/**
 * LlamaParse (LlamaCloud) request and response bodies, from LlamaCloud's served OpenAPI document (OAS 3.1, community
 * copy of 2026-08-20 in `specs/llamacloud/openapi.tryAGI-processed.json`): the v1 parse upload
 * (`Body_upload_file_api_v1_parsing_upload_post`, a multipart form), the job (`ParsingJob`, `StatusEnum`), its
 * results (`ParsingJobMarkdownResult`, `ParsingJobTextResult`, `ParsingJobJsonResult`) and the v2 job list
 * (`ParseJobQueryResponse` of `ParseJobResponse`). Hand-written: the upload form has 114 fields, of which the common
 * ones are offered here; responses declare only what callers need.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { openLiteral } from "../internal/openLiteral.js"

/**
 * The statuses of a v1 parse job (`StatusEnum`).
 *
 * @since 0.2.0
 * @category Models
 */
export const knownJobStatuses = ["PENDING", "SUCCESS", "ERROR", "PARTIAL_SUCCESS", "CANCELLED"] as const

/**
 * The parsing modes of the spec's `ParsingMode`.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ParsingMode = Schema.Literal(
  "parse_page_without_llm",
  "parse_page_with_llm",
  "parse_page_with_lvm",
  "parse_page_with_agent",
  "parse_page_with_layout_agent",
  "parse_document_with_llm",
  "parse_document_with_lvm",
  "parse_document_with_agent"
)

const HttpUrl = Schema.String.pipe(Schema.pattern(/^https?:\/\/\S+$/), Schema.maxLength(2048))

/**
 * Parse options sent with the document (each a form field of the v1 upload, with the spec's name). A webhook URL
 * must be public and HTTPS for LlamaCloud to call it; `webhook_configurations` is the JSON text of a list of
 * `WebhookConfiguration` (url, events, `webhook_signing_secret`, ...).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ParseOptions = Schema.Struct({
  tier: Schema.optional(Schema.NonEmptyString),
  version: Schema.optional(Schema.NonEmptyString),
  parse_mode: Schema.optional(ParsingMode),
  /** ISO 639-1 codes from the spec's `ParserLanguages` (`en`, `fr`, ...). */
  language: Schema.optional(Schema.Array(Schema.String.pipe(Schema.pattern(/^[a-z_]{2,12}$/))).pipe(Schema.minItems(1))),
  /** Pages to parse, 0-based, e.g. `0,2-4`. */
  target_pages: Schema.optional(Schema.String.pipe(Schema.pattern(/^\d+(-\d+)?(,\d+(-\d+)?)*$/))),
  max_pages: Schema.optional(Schema.Int.pipe(Schema.positive())),
  page_separator: Schema.optional(Schema.String),
  disable_ocr: Schema.optional(Schema.Boolean),
  high_res_ocr: Schema.optional(Schema.Boolean),
  outlined_table_extraction: Schema.optional(Schema.Boolean),
  do_not_cache: Schema.optional(Schema.Boolean),
  invalidate_cache: Schema.optional(Schema.Boolean),
  webhook_url: Schema.optional(HttpUrl),
  webhook_configurations: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ParseOptions extends Schema.Schema.Type<typeof ParseOptions> {}

/**
 * What the upload operation sends: a file part or a public `input_url`, never both, and the options.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const UploadParams = Schema.Struct({
  ...ParseOptions.fields,
  file: Schema.optional(Schema.Struct({ blob: Schema.instanceOf(Blob), name: Schema.NonEmptyString })),
  input_url: Schema.optional(HttpUrl)
}).pipe(
  Schema.filter((params) => (params.file === undefined) !== (params.input_url === undefined), {
    identifier: "FileOrInputUrl",
    message: () => "exactly one of file and input_url is required"
  })
)

/**
 * @since 0.2.0
 * @category Models
 */
export type UploadParams = typeof UploadParams.Type

/**
 * A v1 parse job (`ParsingJob`). `status` is open: a status added later still decodes.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ParsingJob = Schema.Struct({
  id: Schema.String,
  status: openLiteral(...knownJobStatuses),
  error_code: Schema.optional(Schema.NullOr(Schema.String)),
  error_message: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ParsingJob extends Schema.Schema.Type<typeof ParsingJob> {}

/**
 * Credits and page counts of a finished job; the spec leaves its shape open, so it is kept as sent.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const JobMetadata = Schema.Unknown

/**
 * @since 0.2.0
 * @category Schemas
 */
export const MarkdownResult = Schema.Struct({ markdown: Schema.String, job_metadata: Schema.optional(JobMetadata) })

/**
 * @since 0.2.0
 * @category Models
 */
export interface MarkdownResult extends Schema.Schema.Type<typeof MarkdownResult> {}

/**
 * @since 0.2.0
 * @category Schemas
 */
export const TextResult = Schema.Struct({ text: Schema.String, job_metadata: Schema.optional(JobMetadata) })

/**
 * @since 0.2.0
 * @category Models
 */
export interface TextResult extends Schema.Schema.Type<typeof TextResult> {}

/**
 * The JSON result: one object per page (content, images, layout); the spec leaves the page's shape open, so pages are
 * kept as sent.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const JsonResult = Schema.Struct({ pages: Schema.Unknown, job_metadata: Schema.optional(JobMetadata) })

/**
 * @since 0.2.0
 * @category Models
 */
export interface JsonResult extends Schema.Schema.Type<typeof JsonResult> {}

/**
 * The statuses of a job in the v2 listing (`ParseJobResponse.status`).
 *
 * @since 0.2.0
 * @category Models
 */
export const knownListStatuses = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"] as const

/**
 * One job of the v2 listing (`ParseJobResponse`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ParseJobSummary = Schema.Struct({
  id: Schema.String,
  project_id: Schema.String,
  status: openLiteral(...knownListStatuses),
  name: Schema.optional(Schema.NullOr(Schema.String)),
  tier: Schema.optional(Schema.NullOr(Schema.String)),
  error_message: Schema.optional(Schema.NullOr(Schema.String)),
  created_at: Schema.optional(Schema.NullOr(Schema.String)),
  updated_at: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ParseJobSummary extends Schema.Schema.Type<typeof ParseJobSummary> {}

/**
 * A page of the v2 listing (`ParseJobQueryResponse`); `next_page_token` absent or null on the last page.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ParseJobPage = Schema.Struct({
  items: Schema.Array(ParseJobSummary),
  next_page_token: Schema.optional(Schema.NullOr(Schema.String)),
  total_size: Schema.optional(Schema.NullOr(Schema.Int))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ParseJobPage extends Schema.Schema.Type<typeof ParseJobPage> {}

/**
 * Filters of the v2 listing.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ListParams = Schema.Struct({
  page_size: Schema.optional(Schema.Int.pipe(Schema.positive())),
  page_token: Schema.optional(Schema.NonEmptyString),
  status: Schema.optional(Schema.Literal(...knownListStatuses))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ListParams extends Schema.Schema.Type<typeof ListParams> {}
