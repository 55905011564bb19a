/**
 * A call's lifecycle: prepared once (policy, input encoded, request built, span attributes set), run through the
 * attempt loop (retry with backoff and budget, one credential renewal after a 401, the deadline), finished once (span
 * attributes, metrics, the span ended with the call's exit). Everything per call lives in one `Call` object.
 */
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import type * as Tracer from "effect/Tracer"
import * as NodeCrypto from "node:crypto"
import type * as Api from "../../HttpIntegration.js"
import type { WireRequest } from "../../HttpTransport.js"
import { IntegrationError } from "../../IntegrationError.js"
import * as Retry from "../../Retry.js"
import * as Telemetry from "../../Telemetry.js"
import * as SchemaIssues from "../schemaIssues.js"
import type * as Answer from "./answer.js"
import * as Codec from "./codec.js"
import type { Plan } from "./plan.js"
import * as Policy from "./policy.js"
import * as Stages from "./stages.js"
import type { Vendor } from "./vendor.js"
import * as Wire from "./wire.js"

const IDEMPOTENT_METHODS: ReadonlySet<Api.Method> = new Set(["GET", "HEAD", "PUT", "DELETE"])

/** One call in flight. */
export interface Call<O> {
  readonly vendor: Vendor
  readonly operation: Answer.Operation
  readonly decoder: Codec.Codec<O>
  readonly fiber: Fiber.RuntimeFiber<unknown, unknown>
  /** The call's own span and the fiber's labels and clock. */
  readonly sink: Telemetry.Sink
  readonly policy: Api.Policy
  readonly stack: Stages.Stack
  readonly request: WireRequest
  readonly idempotencyKey: string | undefined
  readonly idempotent: boolean
  /** Attempts started so far. */
  attempts: number
  /** Requests handed to the transport (a stage may refuse an attempt before it is sent). */
  sent: number
  /**
   * The current attempt's request went out and no answer has refused it yet: if the attempt ends now (timeout, broken
   * connection, unreadable 2xx answer, the deadline), the vendor may be acting on it.
   */
  inFlight: boolean
  /** The failure of the first attempt that ended while in flight; the call's outcome is unknown from then on. */
  unknown: IntegrationError | undefined
  /** The failure of the latest attempt that ended while in flight. */
  lastLost: IntegrationError | undefined
  /**
   * The direct attempt waiting for its answer, when it left its cancellation to the call (see `Attempt.plain`): the
   * call's own exit handler cancels it if the call is interrupted.
   */
  pending: Pending | undefined
}

/** A direct attempt that has not settled. */
export interface Pending {
  readonly interrupted: () => void
}

/** The call has ended: an attempt still waiting was interrupted with it (abort, timer, stages released). */
export const cancelPending = <O>(call: Call<O> | undefined): void => {
  const pending = call?.pending
  if (pending === undefined) return
  call!.pending = undefined
  pending.interrupted()
}

/** An attempt ended with `error`: if its request was in flight, the vendor may act on it. */
export const attemptEnded = <O>(call: Call<O>, error: IntegrationError): void => {
  if (!call.inFlight) return
  call.inFlight = false
  call.unknown ??= error
  call.lastLost = error
}

const READ_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD"])

/** What is wrong with a caller's idempotency key, if anything: it is sent as a header value, as given. */
const keyProblem = (key: string, maxLength: number): string | undefined =>
  key.length === 0
    ? "idempotency key must not be empty"
    : key.length > maxLength
    ? `idempotency key must be 1 to ${maxLength} characters`
    : undefined

/**
 * The failure of a call one of whose requests may still take effect (see `IntegrationError.mayHaveSucceeded`): the
 * lost attempt's reason, because that is what the caller must act on, with the last attempt's error as the cause.
 */
const outcomeUnknown = <O>(call: Call<O>, last: IntegrationError): IntegrationError => {
  attemptEnded(call, last)
  const lost = call.unknown
  if (lost === undefined || READ_METHODS.has(call.request.method)) return last
  const advice = call.idempotencyKey !== undefined
    ? "an idempotency key was sent, so repeating the call with the same key returns its result"
    : "no idempotency key was sent, so check with the vendor before repeating it"
  const unknown = `the request was sent and the vendor may still complete it (${advice})`
  if (last === call.lastLost) {
    return new IntegrationError({
      vendor: last.vendor,
      operation: last.operation,
      reason: last.reason,
      description: `${last.description}; ${unknown}`,
      mayHaveSucceeded: true,
      ...(last.status !== undefined ? { status: last.status } : {}),
      ...(last.requestId !== undefined ? { requestId: last.requestId } : {}),
      ...(last.details !== undefined ? { details: last.details } : {}),
      ...(last.cause !== undefined ? { cause: last.cause } : {})
    })
  }
  const then = `${last.reason}${last.status !== undefined ? ` (HTTP ${last.status})` : ""}: ${last.description}`
  return call.operation.fail(lost.reason, `${lost.description}; ${unknown}; the call finally failed with ${then}`, {
    mayHaveSucceeded: true,
    cause: last
  })
}

const spanAttributes = (
  span: Tracer.AnySpan | undefined,
  vendor: Vendor,
  operation: string,
  method: Api.Method,
  request: WireRequest,
  idempotencyKey: string | undefined
): void => {
  if (span?._tag !== "Span") return
  const base = vendor.base
  const query = request.path.indexOf("?")
  const path = query === -1 ? request.path : request.path.slice(0, query)
  const sanitizedPath = Telemetry.sanitizePath(path)
  let url = `${request.origin}${sanitizedPath}`
  if (query !== -1) {
    const keys = new Set(new URLSearchParams(request.path.slice(query + 1)).keys())
    if (keys.size > 0) url += `?${Array.from(keys, (key) => `${encodeURIComponent(key)}=REDACTED`).join("&")}`
  }
  span.attribute(Telemetry.Attr.vendor, vendor.name)
  span.attribute(Telemetry.Attr.operation, operation)
  span.attribute(Telemetry.Attr.httpMethod, method)
  span.attribute(Telemetry.Attr.urlFull, url)
  span.attribute(Telemetry.Attr.urlPath, sanitizedPath)
  span.attribute(Telemetry.Attr.urlScheme, base.scheme)
  span.attribute(Telemetry.Attr.serverAddress, base.host)
  if (base.port !== undefined) span.attribute(Telemetry.Attr.serverPort, base.port)
  span.attribute(Telemetry.Attr.idempotencyKeyPresent, idempotencyKey !== undefined)
}

/** Serialises a multipart body (asynchronously, once per call: every retry sends the same bytes). */
const serialised = (
  plan: Plan<unknown, unknown>,
  parts: Api.RequestParts
): Api.RequestParts | Effect.Effect<Api.RequestParts, IntegrationError> =>
  parts.body?._tag !== "Multipart"
    ? parts
    : Effect.mapBoth(Wire.encodeMultipart(parts.body.form), {
      onFailure: () => plan.operation.fail("InvalidRequest", "the multipart body could not be encoded"),
      onSuccess: (body) => ({ ...parts, body })
    })

/**
 * Prepares a call: at once (the common case), or as an Effect when the input Schema is asynchronous or the body is
 * multipart. Bad input fails before any I/O.
 */
export const prepare = <IE, O>(
  plan: Plan<IE, O>,
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  sink: Telemetry.Sink,
  input: unknown,
  options: Api.CallOptions | undefined
): Call<O> | IntegrationError | Effect.Effect<Call<O>, IntegrationError> => {
  const vendor = plan.vendor
  const policy = Policy.forCall(plan.policy, fiber, vendor.name, plan.operation.name, options?.policy)
  if ("problem" in policy) return plan.operation.fail("InvalidRequest", policy.problem)
  const callerKey = options?.idempotencyKey
  if (callerKey !== undefined && vendor.idempotencyHeader !== undefined) {
    const problem = keyProblem(callerKey, vendor.idempotencyKeyMaxLength)
    if (problem !== undefined) return plan.operation.fail("InvalidRequest", problem)
  }
  const stack = options?.attemptStages === undefined
    ? plan.stack
    : Stages.resolve(vendor.policies, plan.operation.name, options.attemptStages)
  const invalid = (issue: ParseResult.ParseIssue) =>
    plan.operation.fail("InvalidRequest", `input does not match the schema: ${SchemaIssues.summarise(issue)}`)
  const build = (parts: Api.RequestParts): Call<O> => {
    const header = vendor.idempotencyHeader
    // A caller's key means nothing to a vendor without an idempotency header, and must not make a POST look safe to retry.
    const idempotencyKey = header === undefined
      ? undefined
      : options?.idempotencyKey ?? (plan.sendsKey ? NodeCrypto.randomUUID() : undefined)
    // Trace context goes only to vendors that asked for it (`propagateTraceContext`): the call's own span as parent.
    const span = sink.span
    const traced = vendor.definition.propagateTraceContext === true && span?._tag === "Span"
      ? { ...HttpTraceContext.toHeaders(span), ...options?.headers }
      : options?.headers
    const request = Wire.build(
      vendor.base,
      plan.method,
      vendor.defaultHeaders,
      parts,
      traced,
      idempotencyKey === undefined || header === undefined ? undefined : { header, key: idempotencyKey }
    )
    spanAttributes(span, vendor, plan.operation.name, plan.method, request, idempotencyKey)
    return {
      vendor,
      operation: plan.operation,
      decoder: plan.decoder,
      fiber,
      sink,
      policy,
      stack,
      request,
      idempotencyKey,
      idempotent: plan.idempotent ?? (IDEMPOTENT_METHODS.has(plan.method) || idempotencyKey !== undefined),
      attempts: 0,
      sent: 0,
      inFlight: false,
      unknown: undefined,
      lastLost: undefined,
      pending: undefined
    }
  }
  const fromEncoded = (encoded: IE): Call<O> | Effect.Effect<Call<O>, IntegrationError> => {
    const parts = serialised(plan as Plan<unknown, unknown>, plan.request(encoded))
    return Effect.isEffect(parts) ? Effect.map(parts, build) : build(parts)
  }
  const encoded = plan.encoder.run(input)
  if (Codec.isEither(encoded)) return Either.isLeft(encoded) ? invalid(encoded.left) : fromEncoded(encoded.right)
  return Effect.flatMap(Effect.mapError(encoded, invalid), (value) => {
    const made = fromEncoded(value)
    return Effect.isEffect(made) ? made : Effect.succeed(made)
  })
}

/** After a 401 the key may have been rotated or the token expired early: renew it once and try again. */
const renewal = (vendor: Vendor): Effect.Effect<boolean, IntegrationError> | undefined => {
  const auth = vendor.auth
  if (auth._tag === "Token") return Effect.flatMap(auth.provider.get, (refused) => Effect.as(auth.provider.refresh(refused), true))
  const secret = vendor.secret
  if (secret?._tag !== "Named") return undefined
  return Effect.flatMap(vendor.credentials.get(secret), (before) =>
    Effect.map(vendor.credentials.refresh(secret), (after) => Redacted.value(before) !== Redacted.value(after)))
}

/**
 * Runs `attempt` (numbered from 1) under the call's retry policy: one credential renewal after a 401, retries with
 * backoff within the budget, the deadline outside. Every scheduled retry is counted and reported on the span.
 */
export const loop = <O, R>(
  call: Call<O>,
  metrics: Plan<unknown, O>["metrics"],
  attempt: (call: Call<O>, number: number) => Effect.Effect<R, IntegrationError>
): Effect.Effect<R, IntegrationError> => {
  const vendor = call.vendor
  const budget = vendor.budget
  if (budget !== undefined) {
    const record = budget.recordAttemptAt
    if (record === undefined) return Effect.zipRight(budget.recordAttempt(vendor.name), retrying(call, metrics, attempt).all)
    record(vendor.name, call.sink.clock.unsafeCurrentTimeMillis())
  }
  if (call.policy.deadline !== undefined) return retrying(call, metrics, attempt).all
  // The first attempt runs as it is: what a retry (or a credential renewal) needs is built only once it has failed, so
  // a call that succeeds at once pays one frame for all of it.
  return Effect.catchAll(attempt(call, ++call.attempts), (error) => retrying(call, metrics, attempt).after(error))
}

/**
 * The retry machinery of a call: every attempt after the first, with one renewal of the credential after a 401,
 * backoff within the budget, scheduled retries counted and put on the span, and the failure of a call whose request may
 * still take effect said so (`outcomeUnknown`). `all` runs every attempt under the deadline; `after` continues once the
 * first attempt failed with `first`.
 */
const retrying = <O, R>(
  call: Call<O>,
  metrics: Plan<unknown, O>["metrics"],
  attempt: (call: Call<O>, number: number) => Effect.Effect<R, IntegrationError>
) => {
  const vendor = call.vendor
  const sink = call.sink
  const inSpan = <A, E>(effect: Effect.Effect<A, E>) =>
    sink.span?._tag === "Span" ? Effect.withParentSpan(effect, sink.span) : effect
  const next = Effect.suspend(() => attempt(call, ++call.attempts))
  const renewing = renewal(vendor)
  const renew = renewing === undefined ? undefined : inSpan(renewing)
  const renewed = (error: IntegrationError, then: Effect.Effect<R, IntegrationError>) =>
    Effect.flatMap(renew!, (changed) => {
      if (!changed) return Effect.fail(error)
      Telemetry.sinkEvent(sink, Telemetry.Event.credentialRefreshed, {})
      return then
    })
  const unauthorized = (error: IntegrationError) => renew !== undefined && error.reason === "Unauthorized"
  const once = renew === undefined ? next : Effect.catchIf(next, unauthorized, (error) => renewed(error, next))
  const budget = vendor.budget
  const options: Retry.RetryOptions<IntegrationError> = {
    idempotent: call.idempotent,
    allowRetry: budget === undefined ? undefined : () => inSpan(budget.tryAcquireRetry(vendor.name)),
    onRetry: ({ delay, error, retry }) =>
      Effect.sync(() => {
        Telemetry.sinkUpdate(sink, metrics.retries, 1)
        Telemetry.sinkEvent(sink, Telemetry.Event.retryScheduled, {
          [Telemetry.Attr.attempt]: retry + 1,
          [Telemetry.Attr.delayMillis]: Math.round(Duration.toMillis(delay)),
          [Telemetry.Attr.reason]: error.reason
        })
      })
  }
  const settled = (last: IntegrationError) => outcomeUnknown(call, last)
  const continued = (first: IntegrationError) => Effect.mapError(Retry.retryAfter(once, first, call.policy, options, 0), settled)
  const deadline = call.policy.deadline
  return {
    all: deadline === undefined
      ? Effect.mapError(Retry.retry(once, call.policy, options), settled)
      : Effect.mapError(
        Retry.withDeadline(Retry.retry(once, call.policy, options), deadline, {
          vendor: vendor.name,
          operation: call.operation.name
        }),
        // The deadline interrupts an attempt without failing it: one still in flight is lost here.
        settled
      ),
    // The first attempt is one logical attempt with its own renewal, as `once` is for the others.
    after: (first: IntegrationError): Effect.Effect<R, IntegrationError> =>
      unauthorized(first)
        ? Effect.catchAll(renewed(first, next), continued)
        : continued(first)
  }
}

/** What a call records when it ends, on its span and in its metrics. */
export const finish = <O>(
  call: Call<O> | undefined,
  plan: Plan<unknown, O>,
  sink: Telemetry.Sink,
  exit: Exit.Exit<{ readonly status: number; readonly requestId: string | undefined }, IntegrationError>,
  startMillis: number
): void => {
  const span = sink.span?._tag === "Span" ? sink.span : undefined
  const sent = call?.sent ?? 0
  if (span !== undefined) {
    span.attribute(Telemetry.Attr.attempts, sent)
    span.attribute(Telemetry.Attr.retries, Math.max(0, sent - 1))
    span.attribute(Telemetry.Attr.httpResendCount, Math.max(0, sent - 1))
  }
  if (Exit.isSuccess(exit)) {
    const { requestId, status } = exit.value
    span?.attribute(Telemetry.Attr.httpStatus, status)
    if (requestId !== undefined) span?.attribute(Telemetry.Attr.requestId, requestId)
    Telemetry.sinkUpdate(sink, plan.metrics.successes, 1)
    Telemetry.sinkUpdate(sink, plan.metrics.duration, sink.clock.unsafeCurrentTimeMillis() - startMillis)
    return
  }
  const failure = Option.getOrUndefined(Cause.failureOption(exit.cause))
  if (failure !== undefined) {
    span?.attribute(Telemetry.Attr.errorType, failure.reason)
    span?.attribute(Telemetry.Attr.reason, failure.reason)
    if (failure.status !== undefined) span?.attribute(Telemetry.Attr.httpStatus, failure.status)
    if (failure.requestId !== undefined) span?.attribute(Telemetry.Attr.requestId, failure.requestId)
    Telemetry.sinkUpdate(sink, plan.metrics.byReason(failure.reason), 1)
  }
  Telemetry.sinkUpdate(sink, plan.metrics.failures, 1)
}
