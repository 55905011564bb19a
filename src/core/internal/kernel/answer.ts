/**
 * Reading an answer, shared by every path: what its headers tell the kernel (request id, rate-limit hints, deprecation,
 * the vendor's own hook), what a 2xx body decodes to, what a failed answer means. Plain functions; the parts that need
 * an Effect (a log line, a vendor hook) come back as one, to be run before the outcome.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import { IntegrationError } from "../../IntegrationError.js"
import * as Redaction from "../../Redaction.js"
import * as ResponseClassifier from "../../ResponseClassifier.js"
import * as Telemetry from "../../Telemetry.js"
import * as JsonDepth from "../jsonDepth.js"
import * as SchemaIssues from "../schemaIssues.js"
import * as Codec from "./codec.js"
import type { Vendor } from "./vendor.js"

/** `Deprecation` (RFC 9745 `@<seconds>`, or the draft's `true`) and `Sunset` (an HTTP-date) as the RFCs write them. */
const STRUCTURED_DEPRECATION = /^(?:@\d{1,12}|true|[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)$/

/** A deprecation header fit for a span event and a log: kept when it has its RFC shape, otherwise bounded and scrubbed. */
const deprecationValue = (value: string, secrets: ReadonlyArray<Redacted.Redacted<string>>): string =>
  STRUCTURED_DEPRECATION.test(value) ? value : Redaction.scrubText(value, { secrets, maxLength: 200 })

/** The credential as sent, in every form a vendor could echo back (Basic auth sends it base64-encoded). */
export const sentSecrets = (
  vendor: Vendor,
  credential: Redacted.Redacted<string> | undefined
): ReadonlyArray<Redacted.Redacted<string>> => {
  if (credential === undefined) return []
  const auth = vendor.auth
  return auth._tag === "Basic"
    ? [credential, Redacted.make(Buffer.from(`${auth.username}:${Redacted.value(credential)}`).toString("base64"))]
    : auth._tag === "Query"
    ? [credential, Redacted.make(encodeURIComponent(Redacted.value(credential)))]
    : [credential]
}

/** What every reading needs to know about the operation. */
export interface Operation {
  readonly name: string
  readonly spanName: string
  /** The answer is text (CSV, Markdown) given to the output Schema as a string, not JSON. */
  readonly textBody?: boolean | undefined
  readonly fail: (reason: IntegrationError["reason"], description: string, extra?: Partial<IntegrationError>) => IntegrationError
}

export type Lookup = (name: string) => string | undefined

export const requestIdOf = (vendor: Vendor, header: Lookup): string | undefined => {
  for (const name of vendor.requestIdHeaders) {
    const value = header(name)
    if (value !== undefined) return value
  }
  return undefined
}

const deprecation = (
  vendor: Vendor,
  operation: Operation,
  header: Lookup,
  credential: Redacted.Redacted<string> | undefined
): Effect.Effect<void> | undefined => {
  let found: Record<string, string> | undefined
  for (const name of vendor.deprecationHeaders) {
    const value = header(name)
    if (value !== undefined) {
      ;(found ??= {})[`integration.vendor.${name}`] = deprecationValue(value, sentSecrets(vendor, credential))
    }
  }
  if (found === undefined) return undefined
  const attributes = found
  return Effect.suspend(() => {
    const event = Telemetry.spanEvent(Telemetry.Event.deprecation, attributes)
    if (vendor.warned.has(operation.name)) return event
    vendor.warned.add(operation.name)
    return Effect.zipRight(
      event,
      Effect.logWarning(`${operation.spanName}: the vendor flags this operation as deprecated or warns about it`).pipe(
        Effect.annotateLogs(attributes)
      )
    )
  })
}

/**
 * What the kernel learns from any answer before judging it: rate-limit hints (through the limiter's gate at once when
 * it has one), deprecation notices and the vendor's `observeResponse` hook (as an Effect).
 */
export const observe = (
  vendor: Vendor,
  operation: Operation,
  status: number,
  header: Lookup,
  sink: Telemetry.Sink,
  credential: Redacted.Redacted<string> | undefined
): Effect.Effect<void, IntegrationError> | undefined => {
  let steps: Effect.Effect<void, IntegrationError> | undefined = deprecation(vendor, operation, header, credential)
  const then = (next: Effect.Effect<void, IntegrationError>) => {
    steps = steps === undefined ? next : Effect.zipRight(steps, next)
  }
  const hook = vendor.definition.observeResponse
  const hooked = hook?.({ operation: operation.name, status, headers: header })
  if (hooked !== undefined) then(hooked)
  const limiter = vendor.policies.limiter
  if (limiter !== undefined) {
    const hint = vendor.rateLimitHeaders(header, sink.clock.unsafeCurrentTimeMillis())
    if (Option.isSome(hint)) {
      if (limiter.gate !== undefined) limiter.gate.observe(vendor.name, hint.value, sink)
      else then(limiter.observe(undefined, hint.value))
    }
  }
  // The hook and the deprecation note annotate the current span: make it the call's, whichever fiber runs them.
  const span = sink.span
  return steps === undefined || span?._tag !== "Span" ? steps : Effect.withParentSpan(steps, span)
}

/** The body as JSON (an empty body is `undefined`), without a nesting bound: for Schemas that do not recurse. */
const parseShallow = (text: string): Option.Option<unknown> => {
  if (text === "") return Option.some(undefined)
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return text.trim() === "" ? Option.some(undefined) : Option.none()
  }
}

/** A successful attempt. */
export interface Done<A> {
  readonly value: A
  readonly status: number
  readonly requestId: string | undefined
}

const located = (requestId: string | undefined) => (requestId !== undefined ? { requestId } : {})

/** A 2xx body to the output, at once when its Schema allows. */
export const decodeBody = <O>(
  operation: Operation,
  decoder: Codec.Codec<O>,
  status: number,
  requestId: string | undefined,
  text: string
): Either.Either<Done<O>, IntegrationError> | Effect.Effect<Done<O>, IntegrationError> => {
  // Only a recursive Schema walks the value as deep as it is nested: the nesting bound is its safeguard, and the cost
  // of scanning every answer is spared the others (the parse itself handles any depth).
  const json = operation.textBody === true
    ? Option.some(text)
    : decoder.recursive
    ? JsonDepth.parseBounded(text)
    : parseShallow(text)
  if (Option.isNone(json)) {
    const problem = JsonDepth.exceeds(text)
      ? `response JSON nests deeper than ${JsonDepth.maxDepth} levels`
      : "response body is not valid JSON"
    return Either.left(operation.fail("ResponseDrift", problem, { status, ...located(requestId) }))
  }
  const drift = (issue: ParseResult.ParseIssue) =>
    operation.fail("ResponseDrift", `response does not match the schema: ${SchemaIssues.summarise(issue)}`, {
      status,
      ...located(requestId)
    })
  const decoded = decoder.run(json.value)
  if (Codec.isEither(decoded)) {
    return Either.isRight(decoded) ? Either.right({ value: decoded.right, status, requestId }) : Either.left(drift(decoded.left))
  }
  return Effect.mapBoth(decoded, { onFailure: drift, onSuccess: (value) => ({ value, status, requestId }) })
}

/** A failed answer to its error: status, vendor error fields (identifiers only), server retry hints. */
export const classify = (
  vendor: Vendor,
  operation: Operation,
  status: number,
  header: Lookup,
  requestId: string | undefined,
  text: string,
  nowMillis: number,
  credential: Redacted.Redacted<string> | undefined
): IntegrationError => {
  const body = JsonDepth.parseBounded(text)
  const error = ResponseClassifier.classify(
    {
      vendor: vendor.name,
      operation: operation.name,
      status,
      headers: header,
      body: Option.getOrElse(body, () => text.slice(0, 512)),
      nowMillis,
      requestId,
      secrets: sentSecrets(vendor, credential)
    },
    vendor.refine,
    vendor.detailFields
  )
  return error.reason === "Unauthorized" ? withCredentialNamed(vendor, error) : error
}

/** A refused credential, named by where it came from (never its value), so the caller knows what to fix. */
const withCredentialNamed = (vendor: Vendor, error: IntegrationError): IntegrationError => {
  const secret = vendor.secret
  const source = vendor.auth._tag === "Token"
    ? "the access token from the token provider"
    : secret === undefined
    ? undefined
    : secret._tag === "Named"
    ? `the credential read from ${secret.name}`
    : "the credential given in code"
  if (source === undefined) return error
  return new IntegrationError({
    vendor: error.vendor,
    operation: error.operation,
    reason: error.reason,
    description: `${error.description}; ${source} was refused`,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    ...(error.serverRetryHint !== undefined ? { serverRetryHint: error.serverRetryHint } : {}),
    ...(error.details !== undefined ? { details: error.details } : {})
  })
}

/**
 * The debug log of a failed answer, when the fiber logs at Debug level (`undefined` otherwise: nothing to run). It keeps
 * the body's outline (keys, types, lengths, the vendor's error codes), never its text, which may echo the request or
 * the key.
 */
export const debugLog = (
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  vendor: Vendor,
  operation: Operation,
  status: number,
  requestId: string | undefined,
  text: string,
  attempt: number,
  credential: Redacted.Redacted<string> | undefined
): Effect.Effect<void> | undefined => {
  if (LogLevel.greaterThan(fiber.getFiberRef(FiberRef.currentMinimumLogLevel), LogLevel.Debug)) return undefined
  const secrets = sentSecrets(vendor, credential)
  const body = JsonDepth.parseBounded(text)
  const located = requestId === undefined ? undefined : Redaction.identifier(requestId, { secrets })
  return Effect.logDebug(`${operation.spanName} answered HTTP ${status}`).pipe(
    Effect.annotateLogs({
      body: Redaction.outline(Option.getOrElse(body, () => text), { secrets }),
      ...(located !== undefined ? { requestId: located } : {}),
      attempt
    })
  )
}
