import * as Headers from "@effect/platform/Headers"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import { globalValue } from "effect/GlobalValue"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as NodeCrypto from "node:crypto"
import * as Bulkhead from "../Bulkhead.js"
import * as CircuitBreaker from "../CircuitBreaker.js"
import * as Credentials from "../Credentials.js"
import type * as Api from "../HttpIntegration.js"
import { IntegrationError } from "../IntegrationError.js"
import * as RateLimiter from "../RateLimiter.js"
import * as RateLimitHeaders from "../RateLimitHeaders.js"
import * as Redaction from "../Redaction.js"
import * as ResponseClassifier from "../ResponseClassifier.js"
import * as Retry from "../Retry.js"
import * as RetryBudget from "../RetryBudget.js"
import * as Telemetry from "../Telemetry.js"
import * as Req from "./httpRequest.js"
import * as JsonDepth from "./jsonDepth.js"
import * as Validation from "./policyValidation.js"
import * as SchemaIssues from "./schemaIssues.js"
import * as Sse from "./sse.js"

const USER_AGENT = "effect-integrations/0.1.0"

export const defaultPolicy: Api.Policy = {
  ...Retry.defaultPolicy,
  timeout: Duration.seconds(30),
  maxResponseBytes: 10 * 1024 * 1024
}

/** One level of overrides on top of a policy, already checked. */
const applyPolicy = (acc: Api.Policy, next: Api.PolicyInput | undefined): Api.Policy =>
  next === undefined ? acc : {
    ...Retry.policy(next, acc),
    timeout: next.timeout === undefined ? acc.timeout : Duration.decode(next.timeout),
    maxResponseBytes: next.maxResponseBytes ?? acc.maxResponseBytes
  }

export const resolvePolicy = (
  base: Api.Policy,
  ...overrides: ReadonlyArray<Api.PolicyInput | undefined>
): Api.Policy => {
  for (const next of overrides) Validation.orThrow("HttpIntegration.resolvePolicy", Validation.policy(next))
  return overrides.reduce<Api.Policy>(applyPolicy, base)
}

export interface PolicyOverride {
  readonly vendor?: string | undefined
  readonly operation?: string | undefined
  readonly policy: Api.PolicyInput
}

export const currentPolicyOverrides = globalValue(
  Symbol.for("effect-integrations/HttpIntegration/currentPolicyOverrides"),
  () => FiberRef.unsafeMake<ReadonlyArray<PolicyOverride>>([])
)

export const withPolicy = dual<
  (
    scope: { readonly vendor?: string | undefined; readonly operation?: string | undefined },
    policy: Api.PolicyInput
  ) => <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>,
  <A, E, R>(
    self: Effect.Effect<A, E, R>,
    scope: { readonly vendor?: string | undefined; readonly operation?: string | undefined },
    policy: Api.PolicyInput
  ) => Effect.Effect<A, E, R>
>(3, (self, scope, policy) =>
  Effect.locallyWith(self, currentPolicyOverrides, (overrides) => [...overrides, { ...scope, policy }]))


const IDEMPOTENT_METHODS: ReadonlySet<Api.Method> = new Set(["GET", "HEAD", "PUT", "DELETE"])
const DEPRECATION_HEADERS = ["deprecation", "sunset", "warning"] as const
/** `Deprecation` (RFC 9745 `@<seconds>`, or the draft's `true`) and `Sunset` (an HTTP-date) as the RFCs write them. */
const STRUCTURED_DEPRECATION = /^(?:@\d{1,12}|true|[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)$/

/** A deprecation header fit for a span event and a log: kept when it has its RFC shape, otherwise bounded and scrubbed. */
const deprecationValue = (value: string, secrets: ReadonlyArray<Redacted.Redacted<string>>): string =>
  STRUCTURED_DEPRECATION.test(value) ? value : Redaction.scrubText(value, { secrets, maxLength: 200 })

const DEFAULT_IDLE_TIMEOUT = Duration.seconds(60)
const DEFAULT_BULKHEAD = { maxConcurrent: 100, maxQueue: 1000, maxQueueWait: Duration.seconds(30) } as const

const LIVE_CLOCK: unknown = Object.getPrototypeOf(Clock.make())
const MAX_TIMER_MILLIS = 2 ** 31 - 1

/**
 * `Effect.timeoutFail` for one attempt, at half its cost on the live clock: the attempt runs in one child fiber and a
 * plain timer stands in for the second fiber that `Effect.timeoutFail` forks to sleep (with tracing on, every fiber
 * also pays for an OpenTelemetry context on each run). The outcome is the same: the attempt's result and its fiber refs
 * when it finishes first, otherwise it is interrupted (and awaited) and `onTimeout` fails. Any other clock (TestClock)
 * gets `Effect.timeoutFail` itself.
 */
const timeoutFail = <A, E, E2>(
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> =>
  Effect.clockWith((clock) => {
    const millis = Duration.toMillis(duration)
    if (Object.getPrototypeOf(clock) !== LIVE_CLOCK || !(millis <= MAX_TIMER_MILLIS)) {
      return Effect.timeoutFail(self, { duration, onTimeout })
    }
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.fork(restore(self)), (child) => {
        const settled = restore(Effect.async<Exit.Exit<A, E | E2>>((resume) => {
          let done = false
          const timer = setTimeout(() => {
            if (done) return
            done = true
            child.removeObserver(finished)
            resume(Effect.as(Fiber.interrupt(child), Exit.fail(onTimeout())))
          }, millis)
          const finished = (exit: Exit.Exit<A, E>) => {
            if (done) return
            done = true
            clearTimeout(timer)
            resume(Effect.succeed(exit))
          }
          child.addObserver(finished)
          return Effect.suspend(() => {
            if (!done) {
              done = true
              clearTimeout(timer)
              child.removeObserver(finished)
            }
            return Fiber.interrupt(child)
          })
        }))
        return Effect.flatMap(settled, (exit) => Exit.isSuccess(exit) ? Effect.as(child.inheritAll, exit.value) : exit)
      })
    )
  })

/** Tells a policy instance from the options that would build one. */
const isInstance = <T>(value: object, member: string): value is T & object => member in value

/** What every operation, plain or streaming, shares about itself. */
interface OperationContext {
  readonly name: string
  /** The integration's policy under the operation's own, resolved on first use (inside a call, as before) and kept. */
  readonly policy: () => Api.Policy
  readonly spanName: string
  readonly fail: (reason: IntegrationError["reason"], description: string, extra?: Partial<IntegrationError>) => IntegrationError
  readonly successes: Metric.Metric.Counter<number>
  readonly failures: Metric.Metric.Counter<number>
  readonly retries: Metric.Metric.Counter<number>
  readonly duration: Metric.Metric.Histogram<number>
  readonly resilience: <A>(attempt: Effect.Effect<A, IntegrationError>) => Effect.Effect<A, IntegrationError>
}

/** A call ready to send: policy resolved, input validated, request built. */
interface Prepared {
  readonly policy: Api.Policy
  readonly request: HttpClientRequest.HttpClientRequest
  readonly idempotencyKey: string | undefined
  readonly idempotent: boolean
}

/** What the attempts of one call, which run one after another, learn about their requests. */
interface Sent {
  /** Requests handed to the transport. */
  count: number
  /**
   * The current attempt's request went out and no answer has refused it yet: if the attempt ends now (timeout, broken
   * connection, unreadable 2xx answer, the deadline), the vendor may be acting on it.
   */
  inFlight: boolean
  /** The failure of the first attempt that ended while in flight; the call's outcome is unknown from then on. */
  unknown: IntegrationError | undefined
  /** The failure of the latest attempt that ended while in flight. */
  lastLost: IntegrationError | undefined
}

/** One attempt: its number, and what the call knows of its requests. */
interface Attempt {
  readonly number: number
  readonly sent: Sent
}

/** Connection failures that prove the request never left: nothing was sent, so nothing can have happened. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
])

const errorCode = (cause: unknown): string | undefined => {
  for (let current = cause, depth = 0; depth < 3 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { readonly code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

const neverSent = (error: HttpClientError.HttpClientError): boolean =>
  error._tag === "RequestError" &&
  (error.reason !== "Transport" || NOT_SENT_CODES.has(errorCode(error.cause) ?? ""))

const READ_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD"])

interface Connected {
  readonly response: HttpClientResponse.HttpClientResponse
  /** `response.headers`, read once: the platform builds them anew on every read. */
  readonly headers: Headers.Headers
  readonly requestId: string | undefined
}

const defaultSseParse = (event: Api.ServerSentEvent): Api.SseStep => {
  if (event.data === "[DONE]") return { _tag: "Done" }
  if (event.data.trim() === "") return { _tag: "Skip" }
  try {
    return { _tag: "Decode", json: JSON.parse(event.data) }
  } catch {
    return { _tag: "Decode", json: event.data }
  }
}

/**
 * Every problem of a definition's own settings (base URL, policy, and the options of the breaker, limiter and bulkhead
 * it builds), named as written in the definition. Instances given ready-made were checked when they were made.
 */
const definitionProblems = (definition: Api.Definition): ReadonlyArray<Validation.Problem> => {
  const { bulkhead, circuitBreaker, rateLimit } = definition
  return [
    ...Validation.baseUrl(definition.baseUrl),
    ...Validation.policy(definition.policy),
    ...(circuitBreaker === undefined || circuitBreaker === false ||
        isInstance<CircuitBreaker.CircuitBreaker>(circuitBreaker, "transitions")
      ? []
      : Validation.circuitBreaker(circuitBreaker, "circuitBreaker")),
    ...(rateLimit === undefined || rateLimit === false || isInstance<RateLimiter.RateLimiter>(rateLimit, "observe")
      ? []
      : Validation.rateLimiter(rateLimit, "rateLimit")),
    ...(bulkhead === undefined || bulkhead === false || isInstance<Bulkhead.Bulkhead>(bulkhead, "status")
      ? []
      : Validation.bulkhead(bulkhead, "bulkhead"))
  ]
}

export const make = (definition: Api.Definition) =>
  Effect.gen(function*() {
    const vendor = definition.vendor
    // Every bad setting is reported at once, before anything is built: a typo fails here, not at the first call.
    yield* Validation.check(vendor, definitionProblems(definition))
    const auth: Api.Auth = definition.auth ?? { _tag: "None" }
    const secret = Req.authSecret(auth)
    const credentials = yield* Credentials.fromContextOrDefault
    const requestIdHeaders = definition.requestIdHeaders ?? ["x-request-id", "request-id"]
    const basePolicy = applyPolicy(defaultPolicy, definition.policy)
    const budget = definition.retryBudget === false ? undefined : definition.retryBudget ?? (yield* RetryBudget.make())
    const breakerSetting = definition.circuitBreaker ?? {}
    const breaker = breakerSetting === false
      ? undefined
      : isInstance<CircuitBreaker.CircuitBreaker>(breakerSetting, "transitions")
      ? breakerSetting
      : yield* CircuitBreaker.make({ ...breakerSetting, vendor })
    const breakerPerOperation = breakerSetting !== false && "per" in breakerSetting && breakerSetting.per === "operation"
    const limiter = definition.rateLimit === undefined || definition.rateLimit === false
      ? undefined
      : isInstance<RateLimiter.RateLimiter>(definition.rateLimit, "observe")
      ? definition.rateLimit
      : yield* RateLimiter.make({ ...definition.rateLimit, vendor })
    const bulkheadSetting = definition.bulkhead ?? DEFAULT_BULKHEAD
    const bulkhead = bulkheadSetting === false
      ? undefined
      : isInstance<Bulkhead.Bulkhead>(bulkheadSetting, "status")
      ? bulkheadSetting
      : yield* Bulkhead.make({ ...bulkheadSetting, vendor })

    /** Breaker, then limiter, then bulkhead, around one attempt (whose own timeout sits inside). */
    const resilience = (operation: string) => {
      const custom = definition.attemptPolicy?.({ vendor, operation })
      const breakerKey = breakerPerOperation ? `${vendor}:${operation}` : vendor
      return <A>(attempt: Effect.Effect<A, IntegrationError>): Effect.Effect<A, IntegrationError> => {
        let guarded = attempt
        if (bulkhead !== undefined) guarded = bulkhead.run({ operation })(guarded)
        if (limiter !== undefined) guarded = limiter.run(undefined, { operation })(guarded)
        if (breaker !== undefined) guarded = breaker.run(breakerKey, { operation })(guarded)
        return custom === undefined ? guarded : custom(guarded)
      }
    }
    const warnedOperations = new Set<string>()
    const redactedNames = auth._tag === "Header" ? [auth.name] : []
    const client = (yield* HttpClient.HttpClient).pipe(
      // Platform spans would record full URLs and headers; the operation span records sanitised ones instead. With its
      // tracing off the platform adds no trace headers either (ours come from `propagateTraceContext`).
      HttpClient.withTracerDisabledWhen(() => true)
    )
    const defaultHeaders = { "user-agent": USER_AGENT, accept: "application/json", ...definition.headers }

    const contextFor = (name: string, policy: Api.PolicyInput | undefined): OperationContext => {
      // An operation is declared in code, once, usually while a client is being made: a bad policy there is a
      // programming error, reported as a defect naming the operation and the setting.
      Validation.orThrow(`${vendor}.${name}`, Validation.policy(policy))
      // Tagged once per operation: the per-call updates then find their series without rehashing the metric key.
      const tags = { [Telemetry.Tag.vendor]: vendor, [Telemetry.Tag.operation]: name }
      let resolved: Api.Policy | undefined
      return {
        name,
        policy: () => (resolved ??= applyPolicy(basePolicy, policy)),
        spanName: `${vendor}.${name}`,
        fail: (reason, description, extra = {}) =>
          new IntegrationError({ vendor, operation: name, reason, description, ...extra }),
        successes: Telemetry.tagged(Telemetry.calls, { ...tags, [Telemetry.Tag.outcome]: "success" }),
        failures: Telemetry.tagged(Telemetry.calls, { ...tags, [Telemetry.Tag.outcome]: "failure" }),
        retries: Telemetry.tagged(Telemetry.retries, tags),
        duration: Telemetry.tagged(Telemetry.callDuration, tags),
        resilience: resilience(name)
      }
    }

    /** The credential as sent, in every form a vendor could echo back (Basic auth sends it base64-encoded). */
    const sentSecrets = (value: Redacted.Redacted<string> | undefined): ReadonlyArray<Redacted.Redacted<string>> =>
      value === undefined
        ? []
        : auth._tag === "Basic"
        ? [value, Redacted.make(Buffer.from(`${auth.username}:${Redacted.value(value)}`).toString("base64"))]
        : [value]

    /** Nothing to do (`undefined`) unless the answer carries a deprecation header. */
    const noteDeprecation = (
      ctx: OperationContext,
      headers: Headers.Headers,
      credential: Redacted.Redacted<string> | undefined
    ): Effect.Effect<void> | undefined => {
      const found: Record<string, string> = {}
      for (const header of DEPRECATION_HEADERS) {
        const value = headers[header]
        if (value !== undefined) found[`integration.vendor.${header}`] = deprecationValue(value, sentSecrets(credential))
      }
      if (Object.keys(found).length === 0) return undefined
      return Effect.suspend(() => {
        const event = Telemetry.spanEvent(Telemetry.Event.deprecation, found)
        if (warnedOperations.has(ctx.name)) return event
        warnedOperations.add(ctx.name)
        return Effect.zipRight(
          event,
          Effect.logWarning(`${ctx.spanName}: the vendor flags this operation as deprecated or warns about it`).pipe(
            Effect.annotateLogs(found)
          )
        )
      })
    }

    /** The request and its span attributes, once the input is encoded (and a multipart body serialised). */
    const build = (
      ctx: OperationContext,
      spec: Omit<Api.OperationSpec<never, never, unknown, unknown>, "output" | "input" | "request">,
      policy: Api.Policy,
      parts: Api.RequestParts,
      options: Api.CallOptions | undefined
    ): Effect.Effect<Prepared> => {
      const sendsKey = definition.idempotencyHeader !== undefined &&
        (spec.idempotencyKey ?? (spec.method === "POST" || spec.method === "PATCH"))
      // A caller's key means nothing to a vendor without an idempotency header, and must not make a POST look safe to retry.
      const idempotencyKey = definition.idempotencyHeader === undefined
        ? undefined
        : options?.idempotencyKey ?? (sendsKey ? NodeCrypto.randomUUID() : undefined)
      const idempotent = spec.idempotent ?? (IDEMPOTENT_METHODS.has(spec.method) || idempotencyKey !== undefined)
      let request = HttpClientRequest.setHeaders(Req.buildRequest(definition.baseUrl, spec.method, parts), defaultHeaders)
      if (parts.headers !== undefined) request = HttpClientRequest.setHeaders(request, parts.headers)
      if (options?.headers !== undefined) request = HttpClientRequest.setHeaders(request, options.headers)
      if (idempotencyKey !== undefined && definition.idempotencyHeader !== undefined) {
        request = HttpClientRequest.setHeader(request, definition.idempotencyHeader, idempotencyKey)
      }
      const url = new URL(request.url)
      for (const [key, value] of request.urlParams) url.searchParams.append(key, value)
      const annotated = Effect.annotateCurrentSpan({
        [Telemetry.Attr.vendor]: vendor,
        [Telemetry.Attr.operation]: ctx.name,
        [Telemetry.Attr.httpMethod]: spec.method,
        [Telemetry.Attr.urlFull]: Telemetry.sanitizeUrl(url),
        [Telemetry.Attr.urlPath]: Telemetry.sanitizePath(url.pathname),
        [Telemetry.Attr.urlScheme]: url.protocol.replace(":", ""),
        [Telemetry.Attr.serverAddress]: url.hostname,
        ...(url.port !== "" ? { [Telemetry.Attr.serverPort]: Number(url.port) } : {}),
        [Telemetry.Attr.idempotencyKeyPresent]: idempotencyKey !== undefined
      })
      if (definition.propagateTraceContext !== true) return Effect.as(annotated, { policy, request, idempotencyKey, idempotent })
      return Effect.zipRight(
        annotated,
        Effect.map(Effect.option(Effect.currentSpan), (span) => ({
          policy,
          request: Option.isSome(span) ? HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(span.value)) : request,
          idempotencyKey,
          idempotent
        }))
      )
    }

    /** Policy resolved, input validated, request built. Combinators rather than a generator: it runs on every call. */
    const prepare = <I, IE>(
      ctx: OperationContext,
      spec: Omit<Api.OperationSpec<I, IE, unknown, unknown>, "output">,
      encodeInput: (input: I) => Effect.Effect<IE, ParseResult.ParseError>,
      input: I,
      options: Api.CallOptions | undefined
    ): Effect.Effect<Prepared, IntegrationError> =>
      Effect.flatMap(FiberRef.get(currentPolicyOverrides), (overrides) => {
        let policy = ctx.policy()
        if (overrides.length > 0 || options?.policy !== undefined) {
          const applicable = overrides
            .filter((o) => (o.vendor === undefined || o.vendor === vendor) && (o.operation === undefined || o.operation === ctx.name))
            .map((o) => o.policy)
          // Overrides arrive with the call, so a bad one fails this call (typed, naming the setting), not the process.
          const problems = [
            ...applicable.flatMap((override) => Validation.policy(override, "withPolicy")),
            ...Validation.policy(options?.policy, "policy")
          ]
          if (problems.length > 0) return Effect.fail(ctx.fail("InvalidRequest", Validation.describe(problems)))
          policy = [...applicable, options?.policy].reduce<Api.Policy>(applyPolicy, policy)
        }
        const encoded = Effect.mapError(encodeInput(input), (error) =>
          ctx.fail("InvalidRequest", `input does not match the schema: ${SchemaIssues.summarise(error.issue)}`))
        return Effect.flatMap(encoded, (value) => {
          const requested = spec.request(value)
          if (requested.body?._tag !== "Multipart") return build(ctx, spec, policy, requested, options)
          const bytes = Effect.mapError(
            Req.encodeMultipart(requested.body.form),
            () => ctx.fail("InvalidRequest", "the multipart body could not be encoded")
          )
          return Effect.flatMap(bytes, (body) => build(ctx, spec, policy, { ...requested, body }, options))
        })
      })

    /**
     * A non-2xx answer: read (bounded), logged and classified into the attempt's failure. The debug log keeps the body's
     * outline (keys, types, lengths, the vendor's error codes), never its text, which may echo the request or the key.
     */
    const rejected = (
      ctx: OperationContext,
      prepared: Prepared,
      attempt: Attempt,
      response: HttpClientResponse.HttpClientResponse,
      responseHeaders: Headers.Headers,
      requestId: string | undefined,
      credential: Redacted.Redacted<string> | undefined
    ): Effect.Effect<never, IntegrationError> =>
      Effect.gen(function*() {
        const text = yield* Req.readBody(
          response,
          responseHeaders,
          prepared.policy.maxResponseBytes,
          () => Req.tooLarge(vendor, ctx.name, prepared.policy.maxResponseBytes, requestId),
          (error) => Req.transportError(vendor, ctx.name, error)
        )
        const body = Req.parseJson(text)
        const secrets = sentSecrets(credential)
        yield* Effect.whenLogLevel(
          Effect.suspend(() => {
            const located = requestId === undefined ? undefined : Redaction.identifier(requestId, { secrets })
            return Effect.logDebug(`${ctx.spanName} answered HTTP ${response.status}`).pipe(
              Effect.annotateLogs({
                body: Redaction.outline(Option.getOrElse(body, () => text), { secrets }),
                ...(located !== undefined ? { requestId: located } : {}),
                attempt: attempt.number
              })
            )
          }),
          "Debug"
        )
        const now = yield* Clock.currentTimeMillis
        return yield* Effect.fail(
          ResponseClassifier.classify(
            {
              vendor,
              operation: ctx.name,
              status: response.status,
              headers: Req.lookup(responseHeaders),
              body: Option.getOrElse(body, () => text.slice(0, 512)),
              nowMillis: now,
              requestId,
              secrets
            },
            definition.refineError
          )
        )
      })

    /** What the kernel learns from any answer before judging it: deprecation notices, the hook, rate-limit hints. */
    const observe = (
      ctx: OperationContext,
      response: HttpClientResponse.HttpClientResponse,
      responseHeaders: Headers.Headers,
      headers: (name: string) => string | undefined,
      credential: Redacted.Redacted<string> | undefined
    ): Effect.Effect<void, IntegrationError> | undefined => {
      let steps: Effect.Effect<void, IntegrationError> | undefined = noteDeprecation(ctx, responseHeaders, credential)
      const then = (next: Effect.Effect<void, IntegrationError>) => {
        steps = steps === undefined ? next : Effect.zipRight(steps, next)
      }
      const observeResponse = definition.observeResponse
      if (observeResponse !== undefined) {
        then(Effect.suspend(() => observeResponse({ operation: ctx.name, status: response.status, headers })))
      }
      if (limiter !== undefined) {
        then(Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const hint = RateLimitHeaders.parse(headers, now)
          return Option.isSome(hint) ? limiter.observe(undefined, hint.value) : Effect.void
        }))
      }
      return steps
    }

    /** Sends the request once; a non-2xx answer is read (bounded) and classified. Combinators: it runs on every call. */
    const connect = (ctx: OperationContext, prepared: Prepared, attempt: Attempt): Effect.Effect<Connected, IntegrationError> => {
      const credential: Effect.Effect<Redacted.Redacted<string> | undefined, IntegrationError> = auth._tag === "Token"
        ? auth.provider.get
        : secret === undefined
        ? Effect.succeed(undefined)
        : credentials.get(secret)
      return Effect.flatMap(credential, (value) => {
        attempt.sent.count += 1
        attempt.sent.inFlight = true
        const sent = Effect.mapError(client.execute(Req.applyAuth(prepared.request, auth, value)), (error) => {
          if (neverSent(error)) attempt.sent.inFlight = false
          return Req.transportError(vendor, ctx.name, error)
        })
        return Effect.flatMap(sent, (response): Effect.Effect<Connected, IntegrationError> => {
          // A refusal is the vendor's answer; a 2xx means it acted, so a failure to read the answer leaves it unknown.
          if (response.status < 200 || response.status >= 300) attempt.sent.inFlight = false
          const responseHeaders = response.headers
          const headers = Req.lookup(responseHeaders)
          const requestId = requestIdHeaders.map(headers).find((found) => found !== undefined)
          const judged = response.status >= 200 && response.status < 300
            ? Effect.succeed({ response, headers: responseHeaders, requestId })
            : rejected(ctx, prepared, attempt, response, responseHeaders, requestId, value)
          const observed = observe(ctx, response, responseHeaders, headers, value)
          return observed === undefined ? judged : Effect.zipRight(observed, judged)
        })
      })
    }

    /**
     * The failure of a call one of whose requests may still take effect (see `IntegrationError.mayHaveSucceeded`): the
     * lost attempt's reason, because that is what the caller must act on, with the last attempt's error as the cause.
     */
    const outcomeUnknown = (
      ctx: OperationContext,
      prepared: Prepared,
      last: IntegrationError,
      lost: IntegrationError
    ): IntegrationError => {
      const advice = prepared.idempotencyKey !== undefined
        ? "an idempotency key was sent, so repeating the call with the same key returns its result"
        : "no idempotency key was sent, so check with the vendor before repeating it"
      const unknown = `the request was sent and the vendor may still complete it (${advice})`
      if (last === lost) {
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
      return ctx.fail(lost.reason, `${lost.description}; ${unknown}; the call finally failed with ${then}`, {
        mayHaveSucceeded: true,
        cause: last
      })
    }

    /**
     * Runs `once` under the retry policy: per-attempt resilience and timeout inside, the deadline outside, one re-read of
     * a rotated credential after a 401, and every failed attempt and scheduled retry reported on the span.
     */
    const attempts = <A>(
      ctx: OperationContext,
      prepared: Prepared,
      once: (attempt: Attempt) => Effect.Effect<A, IntegrationError>
    ): Effect.Effect<{ readonly value: A; readonly attempts: number }, IntegrationError> =>
      Effect.suspend(() => {
        // Attempts are numbered as they start; `sent` counts those handed to the transport (a breaker, limiter or
        // bulkhead may refuse one first). The vendor may see fewer: an attempt whose timeout fires while the request still
        // waits in the transport's queue is cancelled unwritten, as is one whose connection fails. Plain counters: the
        // attempts of one call run one after another.
        let counter = 0
        const sent: Sent = { count: 0, inFlight: false, unknown: undefined, lastLost: undefined }
        const settle = (error: IntegrationError) => {
          if (sent.inFlight) {
            sent.inFlight = false
            sent.unknown ??= error
            sent.lastLost = error
          }
        }
        const guard = ctx.resilience
        const timed = Effect.suspend(() => {
          const attempt = ++counter
          return timeoutFail(
            once({ number: attempt, sent }),
            prepared.policy.timeout,
            () => ctx.fail("Timeout", `no response within ${Duration.format(prepared.policy.timeout)}`)
          ).pipe(
            guard,
            Effect.tapError((error) => {
              settle(error)
              return Telemetry.spanEvent(Telemetry.Event.attemptFailed, {
                [Telemetry.Attr.attempt]: attempt,
                [Telemetry.Attr.reason]: error.reason,
                [Telemetry.Attr.retryable]: error.retryable,
                ...(error.status !== undefined ? { [Telemetry.Attr.httpStatus]: error.status } : {})
              })
            })
          )
        })
        // A 401 may mean the key was rotated or the token expired early: renew it once and try again before giving up.
        const renew: Effect.Effect<boolean, IntegrationError> | undefined = auth._tag === "Token"
          ? Effect.flatMap(auth.provider.get, (refused) => Effect.as(auth.provider.refresh(refused), true))
          : secret?._tag === "Named"
          ? Effect.gen(function*() {
            const before = yield* credentials.get(secret)
            const after = yield* credentials.refresh(secret)
            return Redacted.value(before) !== Redacted.value(after)
          })
          : undefined
        const attempt = renew === undefined ? timed : Effect.catchIf(timed, (error) => error.reason === "Unauthorized", (error) =>
          Effect.gen(function*() {
            if (!(yield* renew)) return yield* Effect.fail(error)
            yield* Telemetry.spanEvent(Telemetry.Event.credentialRefreshed, {})
            return yield* timed
          }))
        const run = attempt.pipe(
          Retry.retry(prepared.policy, {
            idempotent: prepared.idempotent,
            allowRetry: budget === undefined ? undefined : () => budget.tryAcquireRetry(vendor),
            onRetry: ({ delay, error, retry }) =>
              Effect.zipRight(
                Metric.increment(ctx.retries),
                Telemetry.spanEvent(Telemetry.Event.retryScheduled, {
                  [Telemetry.Attr.attempt]: retry + 1,
                  [Telemetry.Attr.delayMillis]: Math.round(Duration.toMillis(delay)),
                  [Telemetry.Attr.reason]: error.reason
                })
              )
          }),
          Retry.withDeadline(prepared.policy.deadline, { vendor, operation: ctx.name }),
          Effect.mapError((error) => {
            // The deadline interrupts an attempt without failing it: one still in flight is lost here.
            settle(error)
            return sent.unknown === undefined || READ_METHODS.has(prepared.request.method)
              ? error
              : outcomeUnknown(ctx, prepared, error, error === sent.lastLost ? error : sent.unknown)
          }),
          Effect.ensuring(
            Effect.suspend(() =>
              Effect.annotateCurrentSpan({
                [Telemetry.Attr.attempts]: sent.count,
                [Telemetry.Attr.retries]: Math.max(0, sent.count - 1),
                [Telemetry.Attr.httpResendCount]: Math.max(0, sent.count - 1)
              })
            )
          ),
          Effect.map((value) => ({ value, attempts: sent.count }))
        )
        return budget === undefined ? run : Effect.zipRight(budget.recordAttempt(vendor), run)
      })

    const recordFailure = (error: IntegrationError) =>
      Effect.zipRight(
        Effect.annotateCurrentSpan({
          [Telemetry.Attr.errorType]: error.reason,
          [Telemetry.Attr.reason]: error.reason,
          ...(error.status !== undefined ? { [Telemetry.Attr.httpStatus]: error.status } : {}),
          ...(error.requestId !== undefined ? { [Telemetry.Attr.requestId]: error.requestId } : {})
        }),
        Metric.increment(
          Metric.tagged(Metric.tagged(Telemetry.failures, Telemetry.Tag.vendor, vendor), Telemetry.Tag.reason, error.reason)
        )
      )

    const recordSuccess = (status: number, requestId: string | undefined) =>
      Effect.annotateCurrentSpan({
        [Telemetry.Attr.httpStatus]: status,
        ...(requestId !== undefined ? { [Telemetry.Attr.requestId]: requestId } : {})
      })

    const withRedactedAuth = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      redactedNames.length === 0
        ? effect
        : Effect.locallyWith(effect, Headers.currentRedactedNames, (names) => [...names, ...redactedNames])

    const operation = <I, IE, O, OE>(spec: Api.OperationSpec<I, IE, O, OE>): Api.Operation<I, O> => {
      const ctx = contextFor(spec.name, spec.policy)
      const encodeInput = Schema.encode(spec.input, { errors: "all" })
      const decodeOutput = Schema.decodeUnknown(spec.output, { errors: "all", onExcessProperty: "ignore" })

      // Combinators rather than generators on this path: it runs on every call.
      const once = (prepared: Prepared) => (attempt: Attempt) =>
        Effect.flatMap(connect(ctx, prepared, attempt), ({ headers, requestId, response }) => {
          const located = requestId !== undefined ? { requestId } : {}
          const body = Req.readBody(
            response,
            headers,
            prepared.policy.maxResponseBytes,
            () => Req.tooLarge(vendor, ctx.name, prepared.policy.maxResponseBytes, requestId),
            (error) => Req.transportError(vendor, ctx.name, error)
          )
          return Effect.flatMap(body, (text) => {
            const json = Req.parseJson(text)
            if (Option.isNone(json)) {
              const problem = JsonDepth.exceeds(text)
                ? `response JSON nests deeper than ${JsonDepth.maxDepth} levels`
                : "response body is not valid JSON"
              return Effect.fail(ctx.fail("ResponseDrift", problem, { status: response.status, ...located }))
            }
            return Effect.mapBoth(decodeOutput(json.value), {
              onFailure: (error) =>
                ctx.fail("ResponseDrift", `response does not match the schema: ${SchemaIssues.summarise(error.issue)}`, {
                  status: response.status,
                  ...located
                }),
              onSuccess: (value) => ({ value, status: response.status, requestId })
            })
          })
        })

      const withMeta = (input: I, options?: Api.CallOptions): Effect.Effect<Api.WithMeta<O>, IntegrationError> =>
        Effect.flatMap(prepare(ctx, spec, encodeInput, input, options), (prepared) =>
          Effect.flatMap(attempts(ctx, prepared, once(prepared)), (result) =>
            Effect.as(recordSuccess(result.value.status, result.value.requestId), {
              value: result.value.value,
              meta: {
                status: result.value.status,
                requestId: result.value.requestId,
                attempts: result.attempts,
                idempotencyKey: prepared.idempotencyKey
              }
            }))).pipe(
          Effect.tapError(recordFailure),
          Effect.onExit((exit) => Metric.increment(exit._tag === "Success" ? ctx.successes : ctx.failures)),
          Metric.trackDurationWith(ctx.duration, Duration.toMillis),
          Effect.withSpan(ctx.spanName, { kind: "client", captureStackTrace: false }),
          withRedactedAuth
        )

      const call = (input: I, options?: Api.CallOptions) => Effect.map(withMeta(input, options), (result) => result.value)
      return Object.assign(call, { withMeta, vendor, operation: spec.name })
    }

    const streamOperation = <I, IE, O, OE>(spec: Api.StreamOperationSpec<I, IE, O, OE>): Api.StreamOperation<I, O> => {
      const ctx = contextFor(spec.name, spec.policy)
      const encodeInput = Schema.encode(spec.input, { errors: "all" })
      const decodeEvent = Schema.decodeUnknown(spec.event, { errors: "all", onExcessProperty: "ignore" })
      const idleTimeout = spec.idleTimeout === undefined ? DEFAULT_IDLE_TIMEOUT : Duration.decode(spec.idleTimeout)
      const parse = spec.parse ?? defaultSseParse
      const endsWith = spec.endsWith
      const isFinal = typeof endsWith === "function" ? endsWith : () => false

      const call = (input: I, options?: Api.CallOptions): Stream.Stream<O, IntegrationError> =>
        Stream.unwrap(
          Effect.gen(function*() {
            const startedAt = yield* Clock.currentTimeMillis
            const prepared = yield* prepare(ctx, spec, encodeInput, input, options)
            const { value: connected } = yield* attempts(ctx, prepared, (attempt) => connect(ctx, prepared, attempt))
            yield* recordSuccess(connected.response.status, connected.requestId)
            const located = connected.requestId !== undefined ? { requestId: connected.requestId } : {}
            const limit = prepared.policy.maxResponseBytes
            let complete = false
            const events = connected.response.stream.pipe(
              Stream.mapError((error) => Req.transportError(vendor, ctx.name, error)),
              Stream.timeoutFail(
                () => ctx.fail("Timeout", `stream stalled: no data for ${Duration.format(idleTimeout)}`, located),
                idleTimeout
              ),
              Req.limitBytes(limit, () => ctx.fail("ResponseTooLarge", `the stream exceeds ${limit} bytes`, located)),
              Sse.decode({
                maxEventBytes: limit,
                onTooLarge: () => ctx.fail("ResponseTooLarge", `a server-sent event exceeds ${limit} bytes`, located)
              }),
              Stream.mapEffect((event): Effect.Effect<Api.SseStep, IntegrationError> =>
                // Before any parse: a vendor's `parse` hands the JSON on to a recursive decode.
                JsonDepth.exceeds(event.data)
                  ? Effect.fail(
                    ctx.fail("ResponseDrift", `stream event nests deeper than ${JsonDepth.maxDepth} levels`, located)
                  )
                  : Effect.succeed(parse(event))
              ),
              Stream.takeWhile((step) => {
                if (step._tag === "Done") complete = true
                return step._tag !== "Done"
              }),
              Stream.filterMap((step) => (step._tag === "Decode" ? Option.some(step.json) : Option.none())),
              Stream.mapEffect((json) =>
                Effect.mapError(decodeEvent(json), (error) =>
                  ctx.fail("ResponseDrift", `stream event does not match the schema: ${SchemaIssues.summarise(error.issue)}`, located))
              ),
              Stream.tap((event) => Effect.sync(() => {
                if (isFinal(event)) complete = true
              }))
            )
            const whole = endsWith === undefined ? events : Stream.concat(
              events,
              Stream.suspend(() =>
                complete ? Stream.empty : Stream.fail(ctx.fail("Transport", "the stream ended before its final event", located))
              )
            )
            const deadline = prepared.policy.deadline
            if (deadline === undefined) return whole
            // The deadline counts from the call's start: connecting and retrying spent part of it already.
            const left = Duration.millis(Duration.toMillis(deadline) - ((yield* Clock.currentTimeMillis) - startedAt))
            return Stream.interruptWhen(
              whole,
              Effect.zipRight(
                Effect.sleep(left),
                Effect.fail(ctx.fail("Timeout", `overall deadline of ${Duration.format(deadline)} exceeded`, located))
              )
            )
          })
        ).pipe(
          Stream.tapError(recordFailure),
          Stream.onError(() => Metric.increment(ctx.failures)),
          Stream.onDone(() => Metric.increment(ctx.successes)),
          Stream.withSpan(ctx.spanName, { kind: "client", captureStackTrace: false })
        )
      return Object.assign(call, { vendor, operation: spec.name })
    }

    return { vendor, policy: basePolicy, operation, streamOperation } satisfies Api.HttpIntegration
  })
