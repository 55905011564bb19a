/**
 * MillionVerifier request and response Schemas. The real-time API (`GET /api/v3/`, `GET /api/v3/credits`) follows
 * the community OpenAPI document `millionverifier/openapi.sophie-jentic.json` (from MillionVerifier's own README,
 * `hubuco/millionverifier-real-time-api-v3`); the bulk API (`upload`, `fileinfo`) has no spec: its Schemas follow
 * MillionVerifier's bulk API README (`vendor-docs/bulk-api-v2.readme.md`) and are checked against recorded examples.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/**
 * An e-mail address to verify.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Email = Schema.String.pipe(
  Schema.maxLength(254),
  Schema.pattern(/^[^\s@]+@[^\s@]+$/, { message: () => "an e-mail address" })
)

/**
 * The result of one verification: `result` (`ok`, `catch_all`, `unknown`, `error`, `disposable`, `invalid`) and its
 * `resultcode` (1 to 6), `quality`, `subresult`, whether the address is free or a role, and the credits left. An
 * `error` is set (and `result` missing) when MillionVerifier refused the request.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Verification = Schema.Struct({
  email: optional(Schema.String),
  quality: optional(Schema.String),
  result: optional(Schema.String),
  resultcode: optional(Schema.Int),
  subresult: optional(Schema.String),
  free: optional(Schema.Boolean),
  role: optional(Schema.Boolean),
  credits: optional(Schema.Int),
  error: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Verification extends Schema.Schema.Type<typeof Verification> {}

/**
 * The known `result` values, by `resultcode` (MillionVerifier's README, "Result Codes").
 *
 * @since 0.1.0
 * @category Constants
 */
export const knownResults = ["ok", "catch_all", "unknown", "error", "disposable", "invalid"] as const

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Credits = Schema.Struct({ credits: optional(Schema.Number), error: optional(Schema.String) })

/**
 * A file of addresses to verify in bulk: a name and the CSV or TXT contents (one address per line), at most 50 MB.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UploadParams = Schema.Struct({
  fileName: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_. -]{1,128}\.(csv|txt)$/, { message: () => "a .csv or .txt file name" })),
  contents: Schema.Uint8ArrayFromSelf.pipe(
    Schema.filter((bytes) => (bytes.length > 0 && bytes.length <= 50 * 1024 * 1024) || "1 byte to 50 MB of contents")
  ),
  removeDuplicates: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface UploadParams extends Schema.Schema.Type<typeof UploadParams> {}

/**
 * A bulk file as `upload` and `fileinfo` answer it: its id, `status` (`in_progress`, `finished`, `canceled`, ...),
 * progress and counts. `error` is set (with status 200) when MillionVerifier refused the request.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FileInfo = Schema.Struct({
  file_id: optional(Schema.Union(Schema.Number, Schema.String)),
  file_name: optional(Schema.String),
  status: optional(Schema.String),
  unique_emails: optional(Schema.Number),
  updated_at: optional(Schema.String),
  createdate: optional(Schema.String),
  percent: optional(Schema.Number),
  total_rows: optional(Schema.Number),
  verified: optional(Schema.Number),
  unverified: optional(Schema.Number),
  ok: optional(Schema.Number),
  catch_all: optional(Schema.Number),
  disposable: optional(Schema.Number),
  invalid: optional(Schema.Number),
  unknown: optional(Schema.Number),
  reverify: optional(Schema.Number),
  credit: optional(Schema.Number),
  estimated_time_sec: optional(Schema.Number),
  error: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface FileInfo extends Schema.Schema.Type<typeof FileInfo> {}

/**
 * A bulk file id, as `upload` returned it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FileId = Schema.Union(Schema.Int.pipe(Schema.positive()), Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/)))

/**
 * Which rows a report holds (the bulk API README's `filter`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ReportFilter = Schema.Literal("ok", "ok_and_catch_all", "unknown", "invalid", "all")

/**
 * @since 0.1.0
 * @category Models
 */
export type ReportFilter = typeof ReportFilter.Type

/**
 * `GET /bulkapi/v2/download`: a finished file's report, as CSV.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DownloadParams = Schema.Struct({ fileId: FileId, filter: ReportFilter })

/**
 * @since 0.1.0
 * @category Models
 */
export interface DownloadParams extends Schema.Schema.Type<typeof DownloadParams> {}
