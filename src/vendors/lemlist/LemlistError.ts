/**
 * How lemlist's failures become `IntegrationError`s. lemlist answers errors as plain text (`Campaign not found`, `Bad
 * team`, `No API key provided`: the responses of lemlist's developer OpenAPI v2 document); the known texts refine the
 * status-based verdict and become a `code` in `details`. Unknown texts are never copied: they may quote a lead.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of a lemlist error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** lemlist's error text as a code: `campaign_not_found`, `bad_team`, `lead_in_graveyard`, ... */
  readonly code?: string | undefined
}

/** lemlist's documented error texts (lower case, quotes and punctuation dropped) and their codes. */
const CODES: ReadonlyArray<readonly [string, string]> = [
  ["no api key provided", "no_api_key"],
  ["the authentication you supplied is incorrect", "invalid_api_key"],
  ["user linked to this api key is blocked", "user_blocked"],
  ["no user found for this api key", "no_user_for_key"],
  ["bad team", "bad_team"],
  ["campaign not found", "campaign_not_found"],
  ["lead not found", "lead_not_found"],
  ["webhook not found", "webhook_not_found"],
  ["lead in graveyard", "lead_in_graveyard"]
]

const normalise = (text: string) => text.toLowerCase().replace(/["'.!]/g, "").trim()

const messageOf = (body: unknown): string | undefined => {
  if (Predicate.isString(body)) return body
  if (Predicate.isRecord(body)) {
    for (const field of ["message", "error"]) {
      const value = body[field]
      if (Predicate.isString(value)) return value
    }
  }
  return undefined
}

/**
 * The code of a documented lemlist error text, if the body is one.
 *
 * @since 0.1.0
 * @category Errors
 */
export const codeOf = (body: unknown): string | undefined => {
  const message = messageOf(body)
  if (message === undefined || message.length > 200) return undefined
  const text = normalise(message)
  return CODES.find(([known]) => text === known)?.[1]
}

/**
 * The `refineError` hook for lemlist's pipeline:
 *
 * - `No API key provided` (400), `No user found for this API key` (404) → `Unauthorized`: the key, not the request, is
 *   wrong (so a rotated key is re-read once); `User linked to this API key is blocked` (403) → `Forbidden`;
 * - `Lead in graveyard` (500, documented for a lead update) → `InvalidRequest`, never retried: the lead is gone;
 * - anything else keeps the kernel's status-based verdict (429 `RateLimited` after `Retry-After`, 5xx `Server`, other
 *   4xx not retried), with the code when the text is a documented one.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const code = codeOf(facts.body)
  const details = code === undefined ? undefined : { code }
  const description = `lemlist answered HTTP ${facts.status}${code !== undefined ? ` (${code})` : ""}`
  switch (code) {
    case "no_api_key":
    case "invalid_api_key":
    case "no_user_for_key":
      return { reason: "Unauthorized", description: `${description}: the API key is missing or not valid`, details }
    case "user_blocked":
      return { reason: "Forbidden", description: `${description}: the key's user is blocked`, details }
    case "lead_in_graveyard":
      return { reason: "InvalidRequest", retryable: false, description: `${description}: the lead is archived`, details }
  }
  return { ...verdict, description, details }
}

/**
 * The lemlist identifiers of an error (empty for errors that did not come from a lemlist response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("Lemlist")

/**
 * A lemlist error with this code (`campaign_not_found`, `bad_team`, ...).
 *
 * @since 0.1.0
 * @category Guards
 */
export const hasCode = (code: string) => guard("Lemlist", (error) => error.details?.code === code)
