/**
 * Postmark email sending: one email, a batch of up to 500, one from a template, a batch from templates. Postmark takes
 * no idempotency key, so a send is retried only when the failure proves Postmark did not act on it (429, or a
 * connection refused before the request went out); a timeout or a 5xx after sending is reported with
 * `mayHaveSucceeded` and never repeated behind the caller's back. A batch answers HTTP 200 with each message's outcome
 * in its entry: the result keeps every message's outcome by its index in the request.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Bulk from "../../../core/Bulk.js"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Op from "../internal/operation.js"
import * as PostmarkError from "../PostmarkError.js"
import * as S from "../PostmarkSchemas.js"

/**
 * Why Postmark refused one message of a batch. `message` is Postmark's own text and may quote the message's addresses:
 * show it to whoever sent the batch, keep it out of shared logs; `error.details.errorCode` is safe to log.
 *
 * @since 0.1.0
 * @category Models
 */
export interface MessageFailure {
  readonly error: IntegrationError
  readonly errorCode: number
  readonly message: string
}

/**
 * Every message's outcome, by its index in the request.
 *
 * @since 0.1.0
 * @category Models
 */
export type BatchResult = Bulk.BulkResult<S.SentEmail, MessageFailure>

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly send: VendorClient.Method<S.SendEmailRequest, S.SentEmail>
  readonly sendBatch: VendorClient.Method<ReadonlyArray<S.SendEmailRequest>, BatchResult>
  readonly sendWithTemplate: VendorClient.Method<S.TemplatedEmailRequest, S.SentEmail>
  readonly sendBatchWithTemplates: VendorClient.Method<ReadonlyArray<S.TemplatedEmailRequest>, BatchResult>
}

const sent = (operation: string, response: S.SendEmailResponse): Effect.Effect<S.SentEmail, IntegrationError> =>
  response.ErrorCode === 0 && typeof response.MessageID === "string" && response.MessageID.length > 0
    ? Effect.succeed({ MessageID: response.MessageID, To: response.To, SubmittedAt: response.SubmittedAt })
    : response.ErrorCode !== 0
    ? Effect.fail(PostmarkError.recordError(operation, response.ErrorCode))
    : Effect.fail(Op.drift(operation, "Postmark accepted the email without a MessageID"))

/**
 * Pairs a batch answer with the request: Postmark answers one entry per message, in request order. An answer of
 * another length cannot be attributed to messages, so it is reported as drift rather than guessed.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const toBatchResult = (
  operation: string,
  count: number,
  response: ReadonlyArray<S.SendEmailResponse>
): Effect.Effect<BatchResult, IntegrationError> => {
  if (response.length !== count) {
    return Effect.fail(Op.drift(operation, `Postmark answered ${response.length} results for a batch of ${count}`))
  }
  const succeeded: Array<Bulk.Succeeded<S.SentEmail>> = []
  const failed: Array<Bulk.Failed<MessageFailure>> = []
  response.forEach((entry, index) => {
    if (entry.ErrorCode === 0 && typeof entry.MessageID === "string" && entry.MessageID.length > 0) {
      succeeded.push({ index, value: { MessageID: entry.MessageID, To: entry.To, SubmittedAt: entry.SubmittedAt } })
    } else {
      const error = entry.ErrorCode === 0
        ? Op.drift(operation, "Postmark accepted this message without a MessageID")
        : PostmarkError.recordError(operation, entry.ErrorCode)
      failed.push({ index, error: { error, errorCode: entry.ErrorCode, message: entry.Message } })
    }
  })
  return Effect.succeed({ succeeded, failed })
}

/**
 * Declares the sending operations on a Postmark pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const send = http.operation({
    name: "email.send",
    method: "POST",
    input: S.SendEmailRequest,
    output: S.SendEmailResponse,
    request: (email) => ({ path: "/email", body: HttpIntegration.json(email) })
  })
  const batch = http.operation({
    name: "email.sendBatch",
    method: "POST",
    input: S.SendBatchRequest,
    output: S.SendBatchResponse,
    request: (emails) => ({ path: "/email/batch", body: HttpIntegration.json(emails) })
  })
  const withTemplate = http.operation({
    name: "email.sendWithTemplate",
    method: "POST",
    input: S.TemplatedEmailRequest,
    output: S.SendEmailResponse,
    request: (email) => ({ path: "/email/withTemplate", body: HttpIntegration.json(email) })
  })
  const batchWithTemplates = http.operation({
    name: "email.sendBatchWithTemplates",
    method: "POST",
    input: S.TemplatedBatchRequest,
    output: S.SendBatchResponse,
    request: (body) => ({ path: "/email/batchWithTemplates", body: HttpIntegration.json(body) })
  })
  return {
    send: (email, options) => Effect.flatMap(send(email, options), (response) => sent(send.operation, response)),
    sendBatch: (emails, options) =>
      Effect.flatMap(batch(emails, options), (response) => toBatchResult(batch.operation, emails.length, response)),
    sendWithTemplate: (email, options) =>
      Effect.flatMap(withTemplate(email, options), (response) => sent(withTemplate.operation, response)),
    sendBatchWithTemplates: (emails, options) =>
      Effect.flatMap(
        batchWithTemplates({ Messages: emails }, options),
        (response) => toBatchResult(batchWithTemplates.operation, emails.length, response)
      )
  }
}
