/**
 * MillionVerifier's bulk API (`https://bulkapi.millionverifier.com/bulkapi/v2`, its README: no spec): upload a file
 * of addresses (multipart), read its status, wait for it to finish with `JobPolling`, and download its report (CSV,
 * read as text: the README documents no columns, so the rows are the caller's to parse). The key goes in the `key`
 * query parameter, which the kernel adds to each attempt only and never records. An upload is not retried after a
 * timeout or a 5xx (it would verify, and bill, the file twice); status reads are.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as JobPolling from "../../../core/JobPolling.js"
import * as MillionVerifierError from "../MillionVerifierError.js"
import * as S from "../MillionVerifierSchemas.js"
import type { CallOptions } from "./Verify.js"

/**
 * How long to wait for a file, and how often to look.
 *
 * @since 0.1.0
 * @category Models
 */
export interface WaitOptions extends CallOptions {
  /** The longest the file may take. Default 1 hour. */
  readonly timeout?: HttpIntegration.PolicyInput["timeout"]
  /** The first wait between two reads (growing to 30 s). Default 5 s. */
  readonly interval?: HttpIntegration.PolicyInput["timeout"]
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Uploads a file; its `file_id` names it in `fileInfo` and `waitForFile`. */
  readonly upload: VendorClient.Method<S.UploadParams, S.FileInfo, CallOptions>
  readonly fileInfo: VendorClient.Method<number | string, S.FileInfo, CallOptions>
  /**
   * Reads the file's status until it is `finished` (its info), `canceled` (`Server`, not retryable) or out of time
   * (`Timeout`, retryable: read its status again later rather than uploading again).
   */
  readonly waitForFile: (fileId: number | string, options?: WaitOptions) => Effect.Effect<S.FileInfo, IntegrationError>
  /** A finished file's report as CSV text, the rows `filter` selects; `NotFound` for an unknown file. */
  readonly download: VendorClient.Method<S.DownloadParams, string, CallOptions>
}

const checked = (operation: string) => (info: S.FileInfo): Effect.Effect<S.FileInfo, IntegrationError> =>
  info.error !== undefined && info.error !== null && info.error !== ""
    ? Effect.fail(MillionVerifierError.fromBody(operation, info.error))
    : Effect.succeed(info)

/**
 * Declares the bulk operations on the bulk API's pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const upload = http.operation({
    name: "bulk.upload",
    method: "POST",
    input: S.UploadParams,
    output: S.FileInfo,
    request: ({ contents, fileName, removeDuplicates }) => {
      const form = new FormData()
      form.append("file_contents", new Blob([contents], { type: "text/csv" }), fileName)
      return {
        path: "/upload",
        query: { remove_duplicates: removeDuplicates === false ? 0 : 1 },
        body: { _tag: "Multipart", form }
      }
    }
  })
  const fileInfo = http.operation({
    name: "bulk.fileInfo",
    method: "GET",
    input: S.FileId,
    output: S.FileInfo,
    request: (id) => ({ path: "/fileinfo", query: { file_id: id } })
  })
  const download = http.operation({
    name: "bulk.download",
    method: "GET",
    input: S.DownloadParams,
    output: Schema.String,
    responseBody: "text",
    request: ({ fileId, filter }) => ({ path: "/download", query: { file_id: fileId, filter } })
  })
  const info = (fileId: number | string, options?: CallOptions) =>
    Effect.flatMap(fileInfo(fileId, options), checked("bulk.fileInfo"))
  return {
    upload: (params, options) => Effect.flatMap(upload(params, options), checked("bulk.upload")),
    fileInfo: info,
    download,
    waitForFile: (fileId, options = {}) => {
      const { interval, timeout, ...call } = options
      return JobPolling.untilDone({
        vendor: "MillionVerifier",
        operation: "bulk.waitForFile",
        poll: info(fileId, call),
        decide: (file) =>
          file.status === "finished"
            ? JobPolling.done(file)
            : file.status === "canceled"
            ? JobPolling.failed("the file's verification was canceled")
            : JobPolling.pending(
              typeof file.estimated_time_sec === "number" && file.estimated_time_sec > 0
                ? `${Math.min(60, file.estimated_time_sec)} seconds`
                : undefined
            ),
        interval: interval ?? "5 seconds",
        timeout: timeout ?? "1 hour"
      })
    }
  }
}
