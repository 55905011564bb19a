/**
 * How Firecrawl's failures become `IntegrationError`s. Firecrawl answers `{ "success": false, "error": "<text>",
 * "code"?: "<CODE>" }` (v2 OpenAPI document: 402 payment required, 408 search timed out, 429 rate or queue limit with
 * `Retry-After`, 500 with a code such as `UNKNOWN_ERROR`) and a 409 for an `x-idempotency-key` used before (Firecrawl's
 * docs; the spec omits the header). The text is prose that may quote the request, so only the code reaches `details`.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard, type IntegrationError } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of a Firecrawl error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** Firecrawl's error code, when it sends one (`UNKNOWN_ERROR`, `SCRAPE_TIMEOUT`, ...). */
  readonly code?: string | undefined
}

const CODE = /^[A-Z][A-Z0-9_]{0,79}$/

const codeOf = (body: unknown): string | undefined =>
  Predicate.isRecord(body) && Predicate.isString(body.code) && CODE.test(body.code) ? body.code : undefined

/**
 * The `refineError` hook for Firecrawl's pipeline:
 *
 * - 402 (the team's credits are used up) → `Forbidden`, never retried: waiting does not bring credits back;
 * - 409 on a job start (the `x-idempotency-key` was used before) → `Idempotency`, never retried: a job was already
 *   started with this key, so starting it again would not run it twice; look the job up instead;
 * - 408 (a search took too long) stays `Timeout`, retried;
 * - anything else keeps the kernel's status-based verdict (429 `RateLimited` with `Retry-After`, 5xx `Server`, 401
 *   `Unauthorized`), with Firecrawl's `code` in `details`.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const code = codeOf(facts.body)
  const details = code === undefined ? undefined : { code }
  const answered = `Firecrawl answered HTTP ${facts.status}${code === undefined ? "" : ` (${code})`}`
  switch (facts.status) {
    case 402:
      return { reason: "Forbidden", retryable: false, description: `${answered}: the team's credits are used up`, details }
    case 409:
      return {
        reason: "Idempotency",
        retryable: false,
        description: `${answered}: a job was already started with this idempotency key`,
        details
      }
  }
  return { ...verdict, description: answered, details }
}

const firecrawlDetails = detailsOf<Details>("Firecrawl")

/**
 * The Firecrawl identifiers of an error (empty for errors that did not come from a Firecrawl response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = (error: IntegrationError): Details => {
  // Only `code`, the one identifier `refineError` writes: the accessor returns what `Details` declares, nothing more.
  const code = firecrawlDetails(error).code
  return code !== undefined ? { code } : {}
}

/**
 * The team's credits are used up (402): no retry helps until the plan changes or credits are added.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isPaymentRequired = guard("Firecrawl", (error) => error.status === 402)

const isKeyReused = guard("Firecrawl", (error) => error.reason === "Idempotency")

/**
 * A job start refused because its idempotency key was used before (409), directly or on the retry of an attempt whose
 * answer was lost (then the error is the lost attempt's, `mayHaveSucceeded`, with the 409 as its `cause`): the job
 * exists; do not start another.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isDuplicateJob = guard("Firecrawl", (error) =>
  error.reason === "Idempotency" || (error.mayHaveSucceeded === true && isKeyReused(error.cause)))
