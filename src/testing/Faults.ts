/**
 * Fault plans for the vendor simulator: which requests fail, how, and when. A plan is plain JSON (a file for the
 * `simulate` command, a value in tests) checked by a Schema, so a mistake is reported with the file and the field.
 *
 * Each rule matches by `vendor` and/or `route` (`"POST /v1/customers"`, written as in the vendor's OpenAPI document;
 * both optional: a rule without them matches every request) and may be limited by `probability` (drawn from a PRNG
 * seeded by the plan's `seed`, one stream per route, so the same seed and the same requests give the same faults),
 * `after` (let the first N matching requests through) and `times` (fire at most N times).
 *
 * When each fault acts, relative to the vendor's side effect (creating the customer, sending the email):
 *
 * - `outage` (first): every matching request fails with `status` (default 503) or has its connection reset, then the
 *   vendor recovers. Nothing is done. The outage is either a time window, from `fromMs` to `toMs` after the simulator
 *   started (read from Effect's `Clock`, so `TestClock` moves it), or a count: after letting `after` matching requests
 *   through (default 0), the next `requests` matching requests fail, however long they take to arrive. Prefer the
 *   count on the live clock: a window catches more or fewer requests depending on how fast the client runs.
 * - `rateLimit`: a fixed window of `limit` requests per `windowMs`; the vendor's rate-limit headers report it on every
 *   response and a request over the limit gets the vendor's 429 with `Retry-After` (seconds to the window's end).
 *   Nothing is done. Without a rule each vendor has a default window, reported and enforced the same way: Stripe,
 *   Resend and Twilio 100 per second, OpenAI 10,000 and Anthropic 4,000 per minute, HubSpot 190 per 10 seconds (its
 *   own burst limit), Cal.com 1,000 per minute, Retell 100 and WAHA 1,000 per second. Under `TestClock` a window only ends when the test moves the clock.
 * - `status`: the vendor's own error body for that status, with `Retry-After` if `retryAfterSeconds` is given (as
 *   delta-seconds, or as an HTTP date with `retryAfterFormat: "http-date"`). Nothing is done, as when a real load
 *   balancer or vendor rejects a request before acting.
 * - `reset`: the TCP connection is destroyed before the request is processed. Nothing is done.
 * - `latency`: `ms` (plus a seeded `jitterMs`) of delay while the request is processed, after its idempotency key is
 *   claimed: a client that times out and retries with the same key meanwhile sees the vendor's "request in progress"
 *   conflict, and the first request still completes (a client giving up does not cancel the vendor's work). With an
 *   outage, `status` or `reset` fault the delay comes before that failure instead (a slow failure). With
 *   `during: "response"` the request is processed at once and the answer stalls halfway through its body instead (a
 *   stream between two events), as when a vendor stops sending mid-stream.
 * - `resetAfterCommit`: the request is processed (the side effect happens, the idempotent response is stored), then
 *   the connection is destroyed instead of answering (for a stream: after half its events). Only an idempotency key
 *   lets a client's retry avoid a duplicate.
 * - `truncate`: processed, then the body is cut to `fraction` of its length (a stream ends early, without its final
 *   event), as through a faulty proxy.
 * - `malformed`: processed, then the JSON body is made unparseable (a trailing comma before its last brace; each event
 *   of a stream likewise), or replaced by `body` if given.
 * - `drift`: processed, then a field of the JSON body is renamed (`to`), retyped (`as` a JSON type: `1000` becomes
 *   `"1000"`) or removed. `path` is dotted (`"id"`, `"data.email"`); an array on the way applies the change to each
 *   element. Stream events drift likewise.
 *
 * Several rules may match a request: outages and rate limits apply first, then the first matching fault among
 * `status`, `reset`, `resetAfterCommit`, `truncate`, `malformed` and `drift` (in plan order) whose draw succeeds,
 * plus every matching `latency`.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Routes from "./internal/simulator/routes.js"

/**
 * The vendors the simulator serves.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Vendor = Schema.Literal(...Routes.vendors)

/**
 * @since 0.1.0
 * @category Models
 */
export type Vendor = typeof Vendor.Type

const Route = Schema.String.pipe(
  Schema.filter((route) =>
    Routes.isKnownRoute(route) ||
    `unknown route ${JSON.stringify(route)}: write it as in the vendor's spec, e.g. "POST /v1/customers"`
  )
)

const Probability = Schema.Number.pipe(
  Schema.between(0, 1, { message: () => "a probability between 0 and 1" })
)

const Millis = Schema.NonNegativeInt.annotations({ message: () => "a whole number of milliseconds, 0 or more" })

const HttpStatus = Schema.Int.pipe(
  Schema.between(400, 599, { message: () => "an HTTP error status between 400 and 599" })
)

const matching = {
  /** Only this vendor's requests; every vendor when absent. */
  vendor: Schema.optional(Vendor),
  /** Only this route (`"POST /v1/customers"`); every route of the vendor when absent. */
  route: Schema.optional(Route),
  /** Chance that a matching request is hit, drawn from the seeded PRNG. Default 1. */
  probability: Schema.optional(Probability),
  /** Lets this many matching requests through before the rule may fire. Default 0. */
  after: Schema.optional(Schema.NonNegativeInt),
  /** Fires at most this many times. Unlimited when absent. */
  times: Schema.optional(Schema.Int.pipe(Schema.positive()))
}

/**
 * Answers with the vendor's error body for `status` before the request is processed.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const StatusFault = Schema.Struct({
  kind: Schema.Literal("status"),
  ...matching,
  status: HttpStatus,
  retryAfterSeconds: Schema.optional(Schema.NonNegativeInt),
  retryAfterFormat: Schema.optional(Schema.Literal("seconds", "http-date")),
  /** Replaces the vendor's default error message. */
  message: Schema.optional(Schema.String)
})

/**
 * Destroys the connection before the request is processed.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResetFault = Schema.Struct({ kind: Schema.Literal("reset"), ...matching })

/**
 * Processes the request, then destroys the connection instead of answering.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResetAfterCommitFault = Schema.Struct({ kind: Schema.Literal("resetAfterCommit"), ...matching })

/**
 * Delays processing by `ms` plus up to `jitterMs`, or stalls the answer halfway through its body.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const LatencyFault = Schema.Struct({
  kind: Schema.Literal("latency"),
  ...matching,
  ms: Millis,
  jitterMs: Schema.optional(Millis),
  /** `processing` (default): before the vendor acts. `response`: halfway through the answer's body (a stalled stream). */
  during: Schema.optional(Schema.Literal("processing", "response"))
})

/**
 * Cuts the response body to `fraction` of its length (default 0.5).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TruncateFault = Schema.Struct({
  kind: Schema.Literal("truncate"),
  ...matching,
  fraction: Schema.optional(
    Schema.Number.pipe(Schema.between(0, 1, { message: () => "a fraction between 0 and 1" }))
  )
})

/**
 * Makes the response body unparseable JSON, or replaces it with `body`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MalformedFault = Schema.Struct({
  kind: Schema.Literal("malformed"),
  ...matching,
  body: Schema.optional(Schema.String)
})

const FieldPath = Schema.NonEmptyTrimmedString.annotations({ message: () => "a dotted field path such as \"data.id\"" })

/**
 * Renames the field at `path` to `to`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DriftRenameFault = Schema.Struct({
  kind: Schema.Literal("drift"),
  ...matching,
  op: Schema.Literal("rename"),
  path: FieldPath,
  to: Schema.NonEmptyTrimmedString
})

/**
 * Replaces the field at `path` by a value of another JSON type (`"1"` for a number, `1` for a string...).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DriftRetypeFault = Schema.Struct({
  kind: Schema.Literal("drift"),
  ...matching,
  op: Schema.Literal("retype"),
  path: FieldPath,
  as: Schema.Literal("string", "number", "boolean", "null", "object", "array")
})

/**
 * Removes the field at `path`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DriftRemoveFault = Schema.Struct({
  kind: Schema.Literal("drift"),
  ...matching,
  op: Schema.Literal("remove"),
  path: FieldPath
})

/**
 * A hard outage, then recovery: during a time window (`fromMs` to `toMs` after the simulator started), or for a count
 * of matching requests (`requests`, after letting `after` through).
 *
 * @example
 * ```ts
 * import { Faults } from "effect-integrations/testing"
 *
 * // OpenAI's first request succeeds, the next five fail with 503, then it is back.
 * const flaky = Faults.make({ rules: [{ kind: "outage", vendor: "openai", after: 1, requests: 5 }] })
 * ```
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OutageFault = Schema.Struct({
  kind: Schema.Literal("outage"),
  vendor: Schema.optional(Vendor),
  route: Schema.optional(Route),
  /** Start of a time window, in milliseconds after the simulator started. */
  fromMs: Schema.optional(Millis),
  /** End of the time window (excluded). */
  toMs: Schema.optional(Millis),
  /** A count outage: matching requests let through before it starts. Default 0. */
  after: Schema.optional(Schema.NonNegativeInt),
  /** A count outage: how many matching requests fail. */
  requests: Schema.optional(Schema.Int.pipe(Schema.positive())),
  status: Schema.optional(HttpStatus),
  mode: Schema.optional(Schema.Literal("status", "reset")),
  retryAfterSeconds: Schema.optional(Schema.NonNegativeInt)
}).pipe(
  Schema.filter((outage) => {
    if (outage.requests !== undefined) {
      const timed = outage.fromMs !== undefined ? "fromMs" : outage.toMs !== undefined ? "toMs" : undefined
      return timed === undefined ||
        { path: [timed], message: "an outage is a time window (fromMs, toMs) or a count (requests), not both" }
    }
    if (outage.after !== undefined) {
      return { path: ["after"], message: "after counts requests: give requests with it, or use fromMs and toMs" }
    }
    if (outage.fromMs === undefined || outage.toMs === undefined) {
      return {
        path: [outage.fromMs === undefined ? "fromMs" : "toMs"],
        message: "an outage needs a time window (fromMs and toMs) or a count (requests)"
      }
    }
    return outage.toMs > outage.fromMs || { path: ["toMs"], message: `must be after fromMs (${outage.fromMs})` }
  })
)

/**
 * A fixed-window rate limit: `limit` requests per `windowMs`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const RateLimitFault = Schema.Struct({
  kind: Schema.Literal("rateLimit"),
  vendor: Schema.optional(Vendor),
  route: Schema.optional(Route),
  limit: Schema.Int.pipe(Schema.positive()),
  windowMs: Schema.Int.pipe(Schema.positive())
})

/**
 * One rule of a plan.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FaultRule = Schema.Union(
  StatusFault,
  ResetFault,
  ResetAfterCommitFault,
  LatencyFault,
  TruncateFault,
  MalformedFault,
  DriftRenameFault,
  DriftRetypeFault,
  DriftRemoveFault,
  OutageFault,
  RateLimitFault
)

/**
 * @since 0.1.0
 * @category Models
 */
export type FaultRule = typeof FaultRule.Type

/**
 * A fault plan, as written in a fault file.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FaultPlan = Schema.Struct({
  /** Seeds the PRNG behind `probability` and `jitterMs`. Default 0; the simulator's `seed` option overrides it. */
  seed: Schema.optional(Schema.Int),
  rules: Schema.optionalWith(Schema.Array(FaultRule), { default: () => [] })
})

/**
 * @since 0.1.0
 * @category Models
 */
export type FaultPlan = typeof FaultPlan.Type

/**
 * The plan without faults.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const none: FaultPlan = { rules: [] }

/**
 * A plan from rules, checked like a fault file (an invalid rule is a defect naming the field).
 *
 * @example
 * ```ts
 * import { Faults } from "effect-integrations/testing"
 *
 * const flaky = Faults.make({
 *   seed: 7,
 *   rules: [{ kind: "status", vendor: "stripe", route: "POST /v1/customers", status: 503, probability: 0.3 }]
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (plan: typeof FaultPlan.Encoded): FaultPlan =>
  Effect.runSync(Effect.orDie(decode(plan, "<plan>")))

/**
 * A fault file that cannot be used, naming the file and the field.
 *
 * @since 0.1.0
 * @category Errors
 */
export class FaultFileError extends Schema.TaggedError<FaultFileError>()("FaultFileError", {
  file: Schema.String,
  /** The first offending field, e.g. `rules[2].probability` (empty when the file itself is unreadable). */
  field: Schema.String,
  description: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    return this.field === "" ? `${this.file}: ${this.description}` : `${this.file}: ${this.field}: ${this.description}`
  }
}

const fieldOf = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (out, key) => typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`,
    ""
  )

const strict = { errors: "all", onExcessProperty: "error" } as const

const PlanShape = Schema.Struct({
  seed: Schema.optional(Schema.Int),
  rules: Schema.optional(Schema.Array(Schema.Unknown))
})

const byKind: Record<string, Schema.Schema.AnyNoContext> = {
  status: StatusFault,
  reset: ResetFault,
  resetAfterCommit: ResetAfterCommitFault,
  latency: LatencyFault,
  truncate: TruncateFault,
  malformed: MalformedFault,
  outage: OutageFault,
  rateLimit: RateLimitFault
}

const byDriftOp: Record<string, Schema.Schema.AnyNoContext> = {
  rename: DriftRenameFault,
  retype: DriftRetypeFault,
  remove: DriftRemoveFault
}

interface Issue {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

const issuesOf = (
  schema: Schema.Schema.AnyNoContext,
  input: unknown,
  prefix: ReadonlyArray<PropertyKey>
): ReadonlyArray<Issue> =>
  Schema.decodeUnknownEither(schema, strict)(input).pipe(
    Either.match({
      onLeft: (error) => ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => ({ path: [...prefix, ...i.path], message: i.message })),
      onRight: () => []
    })
  )

const expectedOneOf = (values: ReadonlyArray<string>, actual: unknown) =>
  `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(actual) ?? "nothing"}`

// Rules are checked one by one against the schema their `kind` (and `op`) selects, so an error names the real field
// instead of listing why the rule matches none of the union's members.
const ruleIssues = (rule: unknown, index: number): ReadonlyArray<Issue> => {
  const at = ["rules", index]
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) {
    return [{ path: at, message: "expected an object with a \"kind\"" }]
  }
  const kind = (rule as { readonly kind?: unknown }).kind
  if (kind === "drift") {
    const op = (rule as { readonly op?: unknown }).op
    const schema = typeof op === "string" ? byDriftOp[op] : undefined
    return schema === undefined
      ? [{ path: [...at, "op"], message: expectedOneOf(Object.keys(byDriftOp), op) }]
      : issuesOf(schema, rule, at)
  }
  const schema = typeof kind === "string" ? byKind[kind] : undefined
  return schema === undefined
    ? [{ path: [...at, "kind"], message: expectedOneOf([...Object.keys(byKind), "drift"], kind) }]
    : issuesOf(schema, rule, at)
}

/** The other offending fields: the first three by name, the count of the rest. */
const moreIssues = (fields: ReadonlyArray<string>): string => {
  const shown = fields.slice(0, 3).join(", ")
  const hidden = fields.length - 3
  return `and ${fields.length} more: ${shown}${hidden > 0 ? ` and ${hidden} other${hidden === 1 ? "" : "s"}` : ""}`
}

/**
 * Checks an already parsed plan; `source` names where it came from in errors.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decode = (input: unknown, source = "<faults>"): Effect.Effect<FaultPlan, FaultFileError> =>
  Effect.suspend(() => {
    const shape = issuesOf(PlanShape, input, [])
    const rules = shape.length === 0 ? ((input as { readonly rules?: ReadonlyArray<unknown> }).rules ?? []) : []
    const seen = new Set<string>()
    const issues = [...shape, ...rules.flatMap(ruleIssues)].filter((issue) => {
      const key = fieldOf(issue.path)
      return seen.has(key) ? false : (seen.add(key), true)
    })
    const first = issues[0]
    if (first === undefined) return ParseResult.decodeUnknown(FaultPlan)(input).pipe(Effect.orDie)
    const rest = issues.length > 1 ? ` (${moreIssues(issues.slice(1).map((i) => fieldOf(i.path)))})` : ""
    return Effect.fail(new FaultFileError({ file: source, field: fieldOf(first.path), description: `${first.message}${rest}` }))
  })

/**
 * Parses and checks the JSON text of a fault file.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const parse = (text: string, source = "<faults>"): Effect.Effect<FaultPlan, FaultFileError> =>
  Effect.try({
    try: (): unknown => JSON.parse(text),
    catch: (cause) =>
      new FaultFileError({ file: source, field: "", description: `not valid JSON (${(cause as Error).message})`, cause })
  }).pipe(Effect.flatMap((json) => decode(json, source)))

/**
 * Reads, parses and checks a fault file.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const load = (file: string): Effect.Effect<FaultPlan, FaultFileError, FileSystem.FileSystem> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file)).pipe(
    Effect.mapError((cause) => new FaultFileError({ file, field: "", description: `cannot read the file (${cause.message})`, cause })),
    Effect.flatMap((text) => parse(text, file))
  )
