/**
 * LlamaParse jobs: upload a document (a file path, bytes or a public URL) and start its parse job
 * (`POST /api/v1/parsing/upload`, multipart), read the job's status, read its results as markdown, text or JSON, list
 * jobs (`GET /api/v2/parse`, `page_token` paging, as a `Stream`), and `parse`: all of it, waiting for the job on a
 * bounded `Schedule` (`JobPolling`). Starting a job spends credits and LlamaCloud takes no idempotency key, so an
 * upload is never re-sent once it may have reached LlamaCloud; status and result reads are retried.
 *
 * @since 0.2.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as JobPolling from "../../../core/JobPolling.js"
import * as Pagination from "../../../core/Pagination.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Doc from "../internal/document.js"
import type { CallOptions } from "../LlamaParseClient.js"
import * as S from "../LlamaParseSchemas.js"

/**
 * What to parse: a file on disk (its size checked before it is opened, its bytes read as the request is built), bytes
 * in memory (a `Uint8Array` or a `Blob`) with a file name (LlamaParse reads the format from the extension), or a public
 * URL LlamaCloud downloads itself.
 *
 * @since 0.2.0
 * @category Models
 */
export type Document =
  | { readonly _tag: "Path"; readonly path: string; readonly fileName?: string | undefined; readonly contentType?: string | undefined }
  | {
    readonly _tag: "Bytes"
    readonly bytes: Uint8Array | Blob
    readonly fileName: string
    readonly contentType?: string | undefined
  }
  | { readonly _tag: "Url"; readonly url: string }

/**
 * @since 0.2.0
 * @category Constructors
 */
export const fromPath = (path: string, options: { readonly fileName?: string; readonly contentType?: string } = {}): Document => ({
  _tag: "Path",
  path,
  ...options
})

/**
 * @since 0.2.0
 * @category Constructors
 */
export const fromBytes = (bytes: Uint8Array | Blob, fileName: string, contentType?: string): Document => ({
  _tag: "Bytes",
  bytes,
  fileName,
  contentType
})

/**
 * @since 0.2.0
 * @category Constructors
 */
export const fromUrl = (url: string): Document => ({ _tag: "Url", url })

/**
 * The result formats and what each returns.
 *
 * @since 0.2.0
 * @category Models
 */
export interface ResultFormats {
  readonly markdown: S.MarkdownResult
  readonly text: S.TextResult
  readonly json: S.JsonResult
}

/**
 * How `parse` and `wait` wait: the first pause between two status reads (default 1 s), growing 1.5 times up to
 * `maxInterval` (default 10 s), for at most `timeout` (default 30 minutes, LlamaParse's documented maximum run time
 * for a job; then `Timeout`, and the job may still finish: read it again rather than start another).
 *
 * @since 0.2.0
 * @category Models
 */
export interface WaitOptions extends CallOptions {
  readonly interval?: Duration.DurationInput | undefined
  readonly maxInterval?: Duration.DurationInput | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface ParseCallOptions<F extends keyof ResultFormats> extends WaitOptions {
  /** The result to read once the job is done. Default `markdown`. */
  readonly result?: F | undefined
  /** Parse options sent with the document. */
  readonly parse?: S.ParseOptions | undefined
}

/**
 * A finished job and its result.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Parsed<F extends keyof ResultFormats> {
  readonly job: S.ParsingJob
  readonly result: ResultFormats[F]
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Api {
  /** Uploads the document and starts its parse job; answers the job (`PENDING`). */
  readonly upload: (document: Document, options?: S.ParseOptions, callOptions?: CallOptions) => Effect.Effect<S.ParsingJob, IntegrationError>
  readonly job: (jobId: string, options?: CallOptions) => Effect.Effect<S.ParsingJob, IntegrationError>
  readonly markdown: (jobId: string, options?: CallOptions) => Effect.Effect<S.MarkdownResult, IntegrationError>
  readonly text: (jobId: string, options?: CallOptions) => Effect.Effect<S.TextResult, IntegrationError>
  readonly json: (jobId: string, options?: CallOptions) => Effect.Effect<S.JsonResult, IntegrationError>
  /**
   * Reads the job's status until it succeeds (the job), fails (`Server`, not retryable: LlamaParse reported the
   * failure, its `error_code` in the description) or the time allowed runs out (`Timeout`). Interrupting stops it.
   */
  readonly wait: (jobId: string, options?: WaitOptions) => Effect.Effect<S.ParsingJob, IntegrationError>
  /** One page of the v2 job listing. */
  readonly list: (params?: S.ListParams, options?: CallOptions) => Effect.Effect<S.ParseJobPage, IntegrationError>
  /** Every job, pages fetched as the stream is pulled. */
  readonly listAll: (params?: Omit<S.ListParams, "page_token">, options?: CallOptions) => Stream.Stream<S.ParseJobSummary, IntegrationError>
}

/**
 * `parse(document)`: upload, wait for the job, read its result.
 *
 * @since 0.2.0
 * @category Models
 */
export type Parse = <F extends keyof ResultFormats = "markdown">(
  document: Document,
  options?: ParseCallOptions<F>
) => Effect.Effect<Parsed<F>, IntegrationError>

const JobId = Schema.NonEmptyString.pipe(Schema.maxLength(200), Schema.pattern(/^[^./][^/]*$/))

const toForm = (params: typeof S.UploadParams.Encoded): FormData => {
  const form = new FormData()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    if (key === "file") {
      const file = value as typeof params.file & object
      form.append("file", file.blob, file.name)
    } else if (Array.isArray(value)) {
      for (const item of value) form.append(key, String(item))
    } else {
      form.append(key, String(value))
    }
  }
  return form
}

/**
 * Declares the parsing operations on a LlamaParse pipeline.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration, maxUploadBytes: number): { readonly parsing: Api; readonly parse: Parse } => {
  const uploadOp = http.operation({
    name: "parsing.upload",
    method: "POST",
    input: S.UploadParams,
    output: S.ParsingJob,
    request: (params) => ({ path: "/api/v1/parsing/upload", body: { _tag: "Multipart", form: toForm(params) } })
  })
  const jobOp = http.operation({
    name: "parsing.job",
    method: "GET",
    input: JobId,
    output: S.ParsingJob,
    request: (id) => ({ path: VendorClient.path`/api/v1/parsing/job/${id}` })
  })
  const result = <A, I>(format: keyof ResultFormats, output: Schema.Schema<A, I>) =>
    http.operation({
      name: `parsing.${format}`,
      method: "GET",
      input: JobId,
      output,
      request: (id) => ({ path: VendorClient.path`/api/v1/parsing/job/${id}/result/${format}` })
    })
  const results = { markdown: result("markdown", S.MarkdownResult), text: result("text", S.TextResult), json: result("json", S.JsonResult) }
  const listOp = http.operation({
    name: "parsing.list",
    method: "GET",
    input: S.ListParams,
    output: S.ParseJobPage,
    request: (params) => ({ path: "/api/v2/parse", query: { ...params } })
  })

  const upload: Api["upload"] = (document, options = {}, callOptions) =>
    Effect.flatMap(Doc.filePart("parsing.upload", document, maxUploadBytes), (file) =>
      uploadOp(
        document._tag === "Url" ? { ...options, input_url: document.url } : { ...options, ...(file === undefined ? {} : { file }) },
        callOptions
      ))

  const wait: Api["wait"] = (jobId, options = {}) => {
    const { interval, maxInterval, timeout, ...callOptions } = options
    return JobPolling.untilDone({
      vendor: Doc.VENDOR,
      operation: "parsing.wait",
      poll: jobOp(jobId, callOptions),
      decide: (job) => {
        switch (job.status) {
          case "SUCCESS":
          case "PARTIAL_SUCCESS":
            return JobPolling.done(job)
          case "ERROR":
            return JobPolling.failed(`the parse job failed${job.error_code ? ` (${job.error_code})` : ""}`)
          case "CANCELLED":
            return JobPolling.failed("the parse job was cancelled")
          default:
            return JobPolling.pending()
        }
      },
      interval: interval ?? "1 second",
      maxInterval: maxInterval ?? "10 seconds",
      timeout: timeout ?? "30 minutes"
    })
  }

  const listAll: Api["listAll"] = (params = {}, options) =>
    Pagination.cursor<S.ParseJobSummary, string, IntegrationError, never>({
      vendor: Doc.VENDOR,
      operation: "parsing.list",
      fetch: (cursor) =>
        Effect.map(
          listOp({ ...params, ...(cursor._tag === "Some" ? { page_token: cursor.value } : {}) }, options),
          (page) => Pagination.page(page.items, page.next_page_token)
        )
    })

  const parse: Parse = <F extends keyof ResultFormats = "markdown">(document: Document, options: ParseCallOptions<F> = {}) =>
    Effect.gen(function*() {
      const { parse: parseOptions, result, ...waitOptions } = options
      const { interval: _i, maxInterval: _m, timeout: _t, ...callOptions } = waitOptions
      const format = (result ?? "markdown") as F
      const started = yield* upload(document, parseOptions, callOptions)
      const job = yield* wait(started.id, waitOptions)
      const read = results[format] as unknown as HttpIntegration.Operation<string, ResultFormats[F]>
      return { job, result: yield* read(job.id, callOptions) }
    }).pipe(Effect.withSpan("LlamaParse.parse"))

  return {
    parsing: {
      upload,
      job: (jobId, options) => jobOp(jobId, options),
      markdown: (jobId, options) => results.markdown(jobId, options),
      text: (jobId, options) => results.text(jobId, options),
      json: (jobId, options) => results.json(jobId, options),
      wait,
      list: (params = {}, options) => listOp(params, options),
      listAll
    },
    parse
  }
}
