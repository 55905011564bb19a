/**
 * How Google Maps Platform failures become `IntegrationError`s. Places (New) and Routes answer errors with Google's
 * JSON error envelope (AIP-193: `{ error: { code, message, status, details } }`, `status` a `google.rpc.Code` name, an
 * `ErrorInfo` detail with a `reason` such as `API_KEY_INVALID`); the Geocoding web service answers most failures with
 * HTTP 200 and a `status` field (`OVER_QUERY_LIMIT`, `REQUEST_DENIED`, `INVALID_REQUEST`, `UNKNOWN_ERROR`; see
 * `GeocodingStatus` in googlemaps/openapi-specification), which `geocodingFailure` reads. `ZERO_RESULTS` is an empty
 * answer, not an error. Only codes land in `details`; Google's messages can quote the request, so they never do.
 *
 * @since 0.2.0
 */
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import { detailsOf, guard, IntegrationError, type Reason } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of a Google Maps error, as kept in `IntegrationError.details`.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Details {
  /** The `google.rpc.Code` name (`RESOURCE_EXHAUSTED`) or the Geocoding `status` (`OVER_QUERY_LIMIT`). */
  readonly status?: string | undefined
  /** The `ErrorInfo` reason (`API_KEY_INVALID`, `RATE_LIMIT_EXCEEDED`), when Google gives one. */
  readonly reason?: string | undefined
}

const CODE = /^[A-Z][A-Z0-9_]{0,79}$/

const code = (value: unknown): string | undefined => (Predicate.isString(value) && CODE.test(value) ? value : undefined)

/** The `reason` of the first `google.rpc.ErrorInfo` detail. */
const errorInfoReason = (details: unknown): string | undefined => {
  if (!Array.isArray(details)) return undefined
  for (const detail of details) {
    if (Predicate.isRecord(detail) && String(detail["@type"]).endsWith("google.rpc.ErrorInfo")) return code(detail.reason)
  }
  return undefined
}

/** The reason a `google.rpc.Code` name means, and whether a retry may fix it (AIP-194 retry guidance). */
const canonical: Readonly<Record<string, { readonly reason: Reason; readonly retryable?: boolean }>> = {
  INVALID_ARGUMENT: { reason: "InvalidRequest" },
  FAILED_PRECONDITION: { reason: "InvalidRequest" },
  OUT_OF_RANGE: { reason: "InvalidRequest" },
  UNAUTHENTICATED: { reason: "Unauthorized" },
  PERMISSION_DENIED: { reason: "Forbidden" },
  NOT_FOUND: { reason: "NotFound" },
  ALREADY_EXISTS: { reason: "Conflict" },
  ABORTED: { reason: "Conflict", retryable: true },
  RESOURCE_EXHAUSTED: { reason: "RateLimited" },
  CANCELLED: { reason: "Server" },
  DEADLINE_EXCEEDED: { reason: "Timeout" },
  UNAVAILABLE: { reason: "Server" },
  INTERNAL: { reason: "Server" },
  UNKNOWN: { reason: "Server" },
  UNIMPLEMENTED: { reason: "InvalidRequest" },
  DATA_LOSS: { reason: "Server", retryable: false }
}

/** ErrorInfo reasons that say the key itself is wrong (Google answers them 400 or 403). */
const keyReasons = new Set(["API_KEY_INVALID", "API_KEY_EXPIRED"])
/** ErrorInfo reasons that say the key is valid but not allowed to call this API. */
const scopeReasons = new Set(["API_KEY_SERVICE_BLOCKED", "API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_IP_ADDRESS_BLOCKED", "SERVICE_DISABLED", "BILLING_DISABLED"])

/** Geocoding `status` values that are failures, with their reason. */
const geocodingStatuses: Readonly<Record<string, { readonly reason: Reason; readonly description: string }>> = {
  OVER_QUERY_LIMIT: { reason: "RateLimited", description: "the request rate or quota is exceeded" },
  OVER_DAILY_LIMIT: { reason: "Forbidden", description: "the key is invalid, billing is disabled or a usage cap is reached" },
  REQUEST_DENIED: { reason: "Forbidden", description: "the request was denied (key missing, invalid or not enabled for Geocoding)" },
  INVALID_REQUEST: { reason: "InvalidRequest", description: "the query is missing or malformed" },
  UNKNOWN_ERROR: { reason: "Server", description: "the server failed; a retry may succeed" }
}

/**
 * The `refineError` hook for every Google Maps pipeline:
 *
 * - Google's envelope: `error.status` decides (`RESOURCE_EXHAUSTED` → `RateLimited`, `INVALID_ARGUMENT` →
 *   `InvalidRequest`, `PERMISSION_DENIED` → `Forbidden`, `UNAVAILABLE` → `Server`, ...); an `ErrorInfo` reason
 *   `API_KEY_INVALID` or `API_KEY_EXPIRED` is `Unauthorized` whatever the status (Google answers it 400), so a rotated
 *   key is re-read once; `API_KEY_SERVICE_BLOCKED`, `SERVICE_DISABLED`, `BILLING_DISABLED` are `Forbidden`.
 * - A Geocoding body with a failure `status` (on a non-2xx answer): that status's reason.
 * - Anything else keeps the kernel's status-based verdict.
 *
 * @since 0.2.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const body = facts.body
  if (!Predicate.isRecord(body)) return verdict
  const envelope = body.error
  if (Predicate.isRecord(envelope)) {
    const status = code(envelope.status)
    const reason = errorInfoReason(envelope.details)
    const details = { ...(status !== undefined ? { status } : {}), ...(reason !== undefined ? { reason } : {}) }
    const kept = Object.keys(details).length > 0 ? details : undefined
    const answered = `Google Maps answered HTTP ${facts.status}${status !== undefined ? ` (${status}${reason !== undefined ? `, ${reason}` : ""})` : ""}`
    if (reason !== undefined && keyReasons.has(reason)) {
      return { reason: "Unauthorized", description: `${answered}: the API key is not valid`, details: kept }
    }
    if (reason !== undefined && scopeReasons.has(reason)) {
      return { reason: "Forbidden", description: `${answered}: the API key may not call this API`, details: kept }
    }
    const known = status === undefined ? undefined : canonical[status]
    if (known === undefined) return { ...verdict, description: answered, details: kept }
    return {
      reason: known.reason,
      description: answered,
      details: kept,
      ...(known.retryable !== undefined ? { retryable: known.retryable } : {}),
      ...(verdict.retryAfter !== undefined ? { retryAfter: verdict.retryAfter } : {})
    }
  }
  const geocoding = code(body.status)
  const known = geocoding === undefined ? undefined : geocodingStatuses[geocoding]
  if (geocoding !== undefined && known !== undefined) {
    return {
      reason: known.reason,
      description: `Google Maps answered HTTP ${facts.status} (${geocoding}): ${known.description}`,
      details: { status: geocoding }
    }
  }
  return verdict
}

/**
 * Google does not say how long to wait after `OVER_QUERY_LIMIT`; its Geocoding best practices ask for exponential
 * backoff starting around a second, which the retry schedule does. This is the hint given when it does not.
 */
const overQueryLimitWait = Duration.seconds(1)

/**
 * The error a Geocoding answer with HTTP 200 stands for, or `undefined` for `OK` and `ZERO_RESULTS` (an empty result).
 * An unknown status is `ResponseDrift`: the answer cannot be read safely.
 *
 * @since 0.2.0
 * @category Errors
 */
export const geocodingFailure = (
  operation: string,
  status: string,
  requestId?: string | undefined
): IntegrationError | undefined => {
  if (status === "OK" || status === "ZERO_RESULTS") return undefined
  const known = geocodingStatuses[status]
  const named = code(status)
  return new IntegrationError({
    vendor: "GoogleMaps",
    operation,
    reason: known?.reason ?? "ResponseDrift",
    status: 200,
    description: known === undefined
      ? `Google Maps answered an unknown Geocoding status${named !== undefined ? ` ${named}` : ""}`
      : `Google Maps answered ${status}: ${known.description}`,
    details: { status: named ?? "UNRECOGNISED" },
    ...(known?.reason === "RateLimited" ? { retryAfter: overQueryLimitWait } : {}),
    ...(requestId !== undefined ? { requestId } : {})
  })
}

/**
 * The Google Maps identifiers of an error (empty for errors that did not come from Google Maps).
 *
 * @since 0.2.0
 * @category Accessors
 */
export const details = detailsOf<Details>("GoogleMaps")

/**
 * A Google Maps error with this `status` (`RESOURCE_EXHAUSTED`, `OVER_QUERY_LIMIT`, `REQUEST_DENIED`...).
 *
 * @since 0.2.0
 * @category Guards
 */
export const hasStatus = (status: string) => guard("GoogleMaps", (error) => error.details?.status === status)

/**
 * A failure the Geocoding API reported in a 200 answer's `status`.
 *
 * @since 0.2.0
 * @category Guards
 */
export const isGeocodingStatus = guard("GoogleMaps", (error) =>
  error.status === 200 && error.details?.status !== undefined)
