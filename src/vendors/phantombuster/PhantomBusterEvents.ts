/**
 * PhantomBuster's webhook: one event, posted when an agent's run ends (PhantomBuster guide "Using webhooks",
 * https://hub.phantombuster.com/docs/using-webhooks). It carries the agent, the container, durations in milliseconds,
 * the exit code and message, and the run's result object (a JSON string in the field table, an object in the example:
 * both are read).
 *
 * PhantomBuster signs nothing and sends no custom header: the guide's advice is a secret in the webhook URL's query
 * string (`https://hooks.example.com/pb?secret=...`). `checkSecret` compares it in constant time against one or more
 * configured secrets (rotation); that proves who knew the URL, not what the body says nor when, so deduplicate on
 * `dedupKey` (the container id: one event per run). The URL, secret included, reaches the receiving server's access
 * logs: keep those private, or strip the query before logging.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as NodeCrypto from "node:crypto"
import { openLiteral } from "../internal/openLiteral.js"

/**
 * The reason a run ended; open (`finished`, `killed`, `global timeout`, `org timeout`, `agent timeout`, `unknown`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ExitMessage = openLiteral("finished", "killed", "global timeout", "org timeout", "agent timeout", "unknown")

/**
 * @since 0.1.0
 * @category Schemas
 */
export const AgentFinished = Schema.Struct({
  agentId: Schema.String,
  agentName: Schema.optional(Schema.NullOr(Schema.String)),
  containerId: Schema.String,
  script: Schema.optional(Schema.NullOr(Schema.String)),
  scriptOrg: Schema.optional(Schema.NullOr(Schema.String)),
  branch: Schema.optional(Schema.NullOr(Schema.String)),
  launchDuration: Schema.optional(Schema.NullOr(Schema.Number)),
  runDuration: Schema.optional(Schema.NullOr(Schema.Number)),
  exitCode: Schema.Number,
  exitMessage: ExitMessage,
  resultObject: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Record({ key: Schema.String, value: Schema.Unknown }))))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface AgentFinished extends Schema.Schema.Type<typeof AgentFinished> {}

/**
 * @since 0.1.0
 * @category Decoding
 */
export const decodeEvent: (u: unknown) => Effect.Effect<AgentFinished, ParseResult.ParseError> = Schema.decodeUnknown(AgentFinished, {
  errors: "all"
})

/**
 * Decodes the raw JSON body of a delivery.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeEventJson: (text: string) => Effect.Effect<AgentFinished, ParseResult.ParseError> = Schema.decodeUnknown(
  Schema.parseJson(AgentFinished),
  { errors: "all" }
)

/**
 * The run finished on its own with exit code 0.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isSuccess = (event: AgentFinished): boolean => event.exitCode === 0 && event.exitMessage === "finished"

/**
 * The run's result object as a value: parsed when PhantomBuster sent a JSON string, as is when it sent an object,
 * `undefined` when there is none or the string is not JSON.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const result = (event: AgentFinished): unknown => {
  const value = event.resultObject
  if (value === null || value === undefined || value === "") return undefined
  if (typeof value !== "string") return value
  try {
    return JSON.parse(value) as unknown
  } catch {
    return undefined
  }
}

/**
 * One key per run, for deduplicating redeliveries.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const dedupKey = (event: AgentFinished): string => `phantombuster:${event.agentId}:${event.containerId}`

const comparisonKey = NodeCrypto.randomBytes(32)
const digest = (value: string) => NodeCrypto.createHmac("sha256", comparisonKey).update(value).digest()

/**
 * Whether the delivery's URL carries one of the configured secrets in its `param` query parameter (default
 * `secret`). Every secret is compared, in constant time and without revealing lengths; a missing parameter is false.
 *
 * @since 0.1.0
 * @category Verification
 */
export const checkSecret = (
  url: string,
  secrets: Redacted.Redacted<string> | ReadonlyArray<Redacted.Redacted<string>>,
  param = "secret"
): boolean => {
  let presented: string | null
  try {
    presented = new URL(url, "http://localhost").searchParams.get(param)
  } catch {
    return false
  }
  if (presented === null || presented === "") return false
  const given = digest(presented)
  let matched = false
  for (const secret of Redacted.isRedacted(secrets) ? [secrets] : secrets) {
    const value = Redacted.value(secret)
    if (value !== "" && NodeCrypto.timingSafeEqual(given, digest(value))) matched = true
  }
  return matched
}
