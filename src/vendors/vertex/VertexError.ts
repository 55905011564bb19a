/**
 * How Google's failures become `IntegrationError`s. Vertex AI and the Gemini API answer
 * `{ "error": { "code", "message", "status", "details" } }`, `status` one of Google's canonical codes
 * (cloud.google.com/apis/design/errors, google.rpc.Code). The `status` decides the reason and lands in `details`; the
 * `reason` of an `ErrorInfo` detail (`API_KEY_INVALID`, `RATE_LIMIT_EXCEEDED`, ...) too; messages never do.
 *
 * @since 0.2.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard, type IntegrationError } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of a Google error, as kept in `IntegrationError.details`.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Details {
  /** Google's canonical status: `RESOURCE_EXHAUSTED`, `INVALID_ARGUMENT`, ... */
  readonly status?: string | undefined
  /** The `ErrorInfo` reason, when given: `API_KEY_INVALID`, `RATE_LIMIT_EXCEEDED`, ... */
  readonly reason?: string | undefined
}

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/

/** The vendor names this dialect serves: Vertex AI and the Gemini API answer errors alike. */
const GOOGLE: ReadonlyArray<string> = ["VertexAI", "Gemini"]

const errorOf = (body: unknown): Record<string, unknown> | undefined =>
  Predicate.isRecord(body) && Predicate.isRecord(body.error) ? body.error : undefined

const infoReason = (error: Record<string, unknown>): string | undefined => {
  if (!Array.isArray(error.details)) return undefined
  for (const detail of error.details) {
    if (Predicate.isRecord(detail) && Predicate.isString(detail.reason) && CODE.test(detail.reason)) return detail.reason
  }
  return undefined
}

/**
 * The `refineError` hook for Google's pipelines:
 *
 * - `RESOURCE_EXHAUSTED` (429: quota or rate) → `RateLimited`, retried with backoff;
 * - `UNAVAILABLE` (503) → `Overloaded`, retried; `INTERNAL` (500) and `DEADLINE_EXCEEDED` (504) → `Server`, retried;
 * - `INVALID_ARGUMENT`, `FAILED_PRECONDITION`, `OUT_OF_RANGE` (400) → `InvalidRequest`, not retried;
 * - `UNAUTHENTICATED` (401) → `Unauthorized` (the token is renewed once); `PERMISSION_DENIED` (403) → `Forbidden`,
 *   except an `API_KEY_INVALID` detail (the Gemini API answers 400 for a bad key), which is `Unauthorized`;
 * - `NOT_FOUND` → `NotFound`; `ABORTED` / `ALREADY_EXISTS` → `Conflict`; `CANCELLED` → `Transport`, retried;
 * - anything else keeps the kernel's status-based verdict.
 *
 * @since 0.2.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const error = errorOf(facts.body)
  const status = error !== undefined && Predicate.isString(error.status) && CODE.test(error.status) ? error.status : undefined
  const reason = error === undefined ? undefined : infoReason(error)
  const details = { ...(status !== undefined ? { status } : {}), ...(reason !== undefined ? { reason } : {}) }
  const kept = Object.keys(details).length > 0 ? details : undefined
  const description = `Google answered HTTP ${facts.status}${status !== undefined ? ` (${status})` : ""}`
  const as = (r: IntegrationError["reason"], retryable?: boolean) =>
    ({ ...verdict, reason: r, description, details: kept, ...(retryable === undefined ? {} : { retryable }) }) satisfies ResponseClassifier.Verdict
  if (reason === "API_KEY_INVALID") return as("Unauthorized", false)
  switch (status) {
    case "RESOURCE_EXHAUSTED":
      return as("RateLimited", true)
    case "UNAVAILABLE":
      return as("Overloaded", true)
    case "INTERNAL":
    case "DEADLINE_EXCEEDED":
      return as("Server", true)
    case "INVALID_ARGUMENT":
    case "FAILED_PRECONDITION":
    case "OUT_OF_RANGE":
      return as("InvalidRequest", false)
    case "UNAUTHENTICATED":
      return as("Unauthorized")
    case "PERMISSION_DENIED":
      return as("Forbidden", false)
    case "NOT_FOUND":
      return as("NotFound", false)
    case "ABORTED":
    case "ALREADY_EXISTS":
      return as("Conflict", false)
    case "CANCELLED":
      return as("Transport", true)
  }
  return { ...verdict, description, details: kept }
}

/**
 * The Google identifiers of an error (empty for errors that did not come from a Google response).
 *
 * @since 0.2.0
 * @category Accessors
 */
export const details = detailsOf<Details>(GOOGLE)

/**
 * A Google error with this canonical status (`RESOURCE_EXHAUSTED`, `INVALID_ARGUMENT`, ...).
 *
 * @since 0.2.0
 * @category Guards
 */
export const hasStatus = (status: string) => guard(GOOGLE, (error) => error.details?.status === status)
