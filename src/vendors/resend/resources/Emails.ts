/**
 * Resend emails: send one, send a batch of up to 100 with a result per email, and retrieve one. Every send carries an
 * `Idempotency-Key` (yours or a generated UUID) that is reused on each retry, so a retried send is delivered once.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Bulk from "../../../core/Bulk.js"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import type { CallOptions } from "../ResendClient.js"
import * as S from "../ResendSchemas.js"

/**
 * Per-call options of a batch send.
 *
 * @since 0.1.0
 * @category Models
 */
export interface BatchOptions extends CallOptions {
  /**
   * `strict` (Resend's default): one invalid email refuses the whole batch. `permissive`: the valid emails are sent and
   * each refused one is reported in `failed` with its index. Emails are checked locally first either way: one that
   * fails this SDK's checks fails the call before any I/O.
   */
  readonly validation?: "strict" | "permissive" | undefined
}

/**
 * Why Resend refused one email of a permissive batch, in Resend's words. It may quote the email's own fields, so treat
 * it as you would the email: show it to whoever sent the batch, keep it out of shared logs.
 *
 * @since 0.1.0
 * @category Models
 */
export interface BatchRejection {
  readonly message: string
}

/**
 * Every email's outcome, by its index in the request.
 *
 * @since 0.1.0
 * @category Models
 */
export type BatchResult = Bulk.BulkResult<S.SendEmailResponse, BatchRejection>

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly send: VendorClient.Method<S.SendEmailParams, S.SendEmailResponse, CallOptions>
  readonly retrieve: (id: string, options?: CallOptions) => Effect.Effect<S.Email, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface BatchApi {
  readonly send: (
    emails: ReadonlyArray<S.SendEmailParams>,
    options?: BatchOptions
  ) => Effect.Effect<BatchResult, IntegrationError>
}

/**
 * Pairs Resend's answer with the request: the created ids come in request order, skipping the refused indexes. A count
 * that does not add up cannot be attributed to emails, so it is reported as drift rather than guessed.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const toBatchResult = (count: number, response: S.BatchResponse): Effect.Effect<BatchResult, IntegrationError> => {
  const refused = new Map<number, string>()
  for (const error of response.errors ?? []) {
    if (error.index >= count || refused.has(error.index)) {
      return Effect.fail(Op.drift("batch.send", `Resend reported a refused email at index ${error.index} of ${count}`))
    }
    refused.set(error.index, error.message)
  }
  const accepted = Array.from({ length: count }, (_, index) => index).filter((index) => !refused.has(index))
  if (accepted.length !== response.data.length) {
    return Effect.fail(
      Op.drift(
        "batch.send",
        `Resend returned ${response.data.length} ids and ${refused.size} refusals for a batch of ${count}`
      )
    )
  }
  return Effect.succeed({
    succeeded: accepted.map((index, position) => ({ index, value: response.data[position]! })),
    failed: [...refused.entries()].sort(([a], [b]) => a - b).map(([index, message]) => ({ index, error: { message } }))
  })
}

/**
 * Declares the email operations on a Resend pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): { readonly emails: Api; readonly batch: BatchApi } => {
  const send = http.operation({
    name: "emails.send",
    method: "POST",
    input: S.SendEmailParams,
    output: S.SendEmailResponse,
    request: (params) => ({ path: "/emails", body: HttpIntegration.json(params) })
  })
  const retrieve = http.operation({
    name: "emails.retrieve",
    method: "GET",
    input: Schema.NonEmptyString.pipe(Schema.maxLength(256)),
    output: S.Email,
    request: (id) => ({ path: VendorClient.path`/emails/${id}` })
  })
  const batch = http.operation({
    name: "batch.send",
    method: "POST",
    input: S.BatchParams,
    output: S.BatchResponse,
    request: (emails) => ({ path: "/emails/batch", body: HttpIntegration.json(emails) })
  })
  const sendBatch = (emails: ReadonlyArray<S.SendEmailParams>, options: BatchOptions = {}) => {
    const { validation, ...rest } = options
    if (validation !== undefined && validation !== "strict" && validation !== "permissive") {
      return Effect.fail(Op.invalid("batch.send", "validation must be strict or permissive"))
    }
    const callOptions: CallOptions = validation === undefined
      ? rest
      : { ...rest, headers: { ...rest.headers, "x-batch-validation": validation } }
    return Effect.flatMap(batch(emails, callOptions), (response) => toBatchResult(emails.length, response))
  }
  return {
    emails: {
      send,
      retrieve
    },
    batch: { send: sendBatch }
  }
}
