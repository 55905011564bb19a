/**
 * Names of every span attribute, span event and metric the kernel emits, plus the helpers that keep URLs and headers
 * safe to record. OpenTelemetry semantic conventions are used where one exists; our own names start with `integration.`.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricLabel from "effect/MetricLabel"
import * as Option from "effect/Option"
import type * as Tracer from "effect/Tracer"
import * as Redaction from "./Redaction.js"

/**
 * Span attribute names.
 *
 * @since 0.1.0
 * @category Attributes
 */
export const Attr = {
  vendor: "integration.vendor",
  operation: "integration.operation",
  retries: "integration.retries",
  /** Requests of this call that reached the transport (0 when a breaker, limiter or bulkhead refused it). */
  attempts: "integration.attempts",
  attempt: "integration.attempt",
  reason: "integration.error.reason",
  retryable: "integration.error.retryable",
  requestId: "integration.request_id",
  idempotencyKeyPresent: "integration.idempotency_key.present",
  delayMillis: "integration.retry.delay_ms",
  // OpenTelemetry HTTP semantic conventions.
  httpMethod: "http.request.method",
  httpStatus: "http.response.status_code",
  httpResendCount: "http.request.resend_count",
  urlFull: "url.full",
  urlPath: "url.path",
  urlScheme: "url.scheme",
  serverAddress: "server.address",
  serverPort: "server.port",
  errorType: "error.type"
} as const

/**
 * Span event names.
 *
 * @since 0.1.0
 * @category Attributes
 */
export const Event = {
  attemptFailed: "integration.attempt.failed",
  retryScheduled: "integration.retry.scheduled",
  credentialRefreshed: "integration.credential.refreshed",
  deprecation: "integration.vendor.deprecation"
} as const

/**
 * Metric tag keys.
 *
 * @since 0.1.0
 * @category Attributes
 */
export const Tag = {
  vendor: "integration.vendor",
  operation: "integration.operation",
  outcome: "integration.outcome",
  reason: "integration.error.reason"
} as const

/**
 * Logical calls, tagged with vendor, operation and outcome (`success` or `failure`).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const calls = Metric.counter("integration.calls", {
  description: "Logical integration calls by vendor, operation and outcome",
  incremental: true
})

/**
 * Failed logical calls, tagged with vendor and reason (not operation: per operation, failures are `calls` with the
 * outcome `failure`).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const failures = Metric.counter("integration.failures", {
  description: "Failed integration calls by vendor and reason",
  incremental: true
})

/**
 * Retries scheduled (attempts after the first).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const retries = Metric.counter("integration.retries", {
  description: "Retry attempts scheduled by vendor and operation",
  incremental: true
})

/**
 * Wall time of one logical call, retries included, in milliseconds.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const callDuration = Metric.histogram(
  "integration.call.duration",
  MetricBoundaries.exponential({ start: 5, factor: 2, count: 14 }),
  "Duration of integration calls in milliseconds, retries included"
)

/**
 * A metric with every tag of `tags` applied, as `Metric.tagged` would apply them one by one; the fiber's own metric
 * labels are added on each update.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const tagged = <Type, In, Out>(
  metric: Metric.Metric<Type, In, Out>,
  tags: Readonly<Record<string, string>>
): Metric.Metric<Type, In, Out> =>
  Metric.taggedWithLabels(metric, Object.entries(tags).map(([key, value]) => MetricLabel.make(key, value)))

/**
 * Where telemetry recorded synchronously goes: the span of the call, the fiber's metric labels and its clock. A policy's
 * Effect form takes the sink from the running fiber (`withSink`); the kernel's fast path passes the call's own, so both
 * record the same attributes, events and metric updates.
 *
 * @since 0.2.0
 * @category Sinks
 */
export interface Sink {
  readonly span: Tracer.AnySpan | undefined
  readonly labels: ReadonlyArray<MetricLabel.MetricLabel>
  readonly clock: Clock.Clock
}

/**
 * The running fiber's sink: its current span, metric labels and clock.
 *
 * @since 0.2.0
 * @category Sinks
 */
export const sinkOf = (fiber: Fiber.RuntimeFiber<unknown, unknown>): Sink => ({
  span: fiber.currentSpan,
  labels: fiber.getFiberRef(FiberRef.currentMetricLabels),
  clock: Context.get(fiber.currentDefaultServices, Clock.Clock)
})

/**
 * Runs `f` with the running fiber's sink.
 *
 * @since 0.2.0
 * @category Sinks
 */
export const withSink = <A, E, R>(f: (sink: Sink) => Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withFiberRuntime((fiber) => f(sinkOf(fiber)))

/**
 * Sets a span attribute through a sink.
 *
 * @since 0.2.0
 * @category Sinks
 */
export const sinkAttribute = (sink: Sink, key: string, value: unknown): void => {
  if (sink.span?._tag === "Span") sink.span.attribute(key, value)
}

/**
 * Adds a span event through a sink.
 *
 * @since 0.2.0
 * @category Sinks
 */
export const sinkEvent = (sink: Sink, name: string, attributes: Record<string, unknown>): void => {
  if (sink.span?._tag === "Span") sink.span.event(name, sink.clock.unsafeCurrentTimeNanos(), attributes)
}

/**
 * `Metric.update` through a sink: the sink's labels are applied as the fiber's would be.
 *
 * @since 0.2.0
 * @category Sinks
 */
export const sinkUpdate = <Type, In, Out>(sink: Sink, metric: Metric.Metric<Type, In, Out>, value: In): void => {
  metric.unsafeUpdate(value, sink.labels)
}

/** Path segments that carry personal data rather than ids: an email (some APIs read a record by its address) or a phone number. */
const PERSONAL_SEGMENT = /@|%40|^(%2B|\+)\d{6,15}$/i

/**
 * A URL path fit for a span attribute: segments holding an email address or a phone number are replaced.
 *
 * @since 0.1.0
 * @category Redaction
 */
export const sanitizePath = (path: string): string =>
  path.split("/").map((segment) => (PERSONAL_SEGMENT.test(segment) ? "REDACTED" : segment)).join("/")

/**
 * A URL fit for a span attribute: scheme, host, port and path; query values, userinfo and personal path segments
 * are replaced.
 *
 * @since 0.1.0
 * @category Redaction
 */
export const sanitizeUrl = (url: URL): string => {
  // http(s), the kernel's case on every call: the same string without parsing a second URL.
  if (url.protocol === "http:" || url.protocol === "https:") {
    const base = `${url.protocol}//${url.host}${sanitizePath(url.pathname)}`
    if (url.search === "") return base
    const query = Array.from(new Set(url.searchParams.keys()), (key) => `${encodeURIComponent(key)}=REDACTED`).join("&")
    return query === "" ? base : `${base}?${query}`
  }
  const clean = new URL(url.toString())
  clean.username = ""
  clean.password = ""
  clean.hash = ""
  clean.pathname = sanitizePath(clean.pathname)
  const keys = Array.from(new Set(clean.searchParams.keys()))
  clean.search = ""
  const query = keys.map((key) => `${encodeURIComponent(key)}=REDACTED`).join("&")
  return query === "" ? clean.toString() : `${clean.toString()}?${query}`
}

/** Longest string a span event attribute keeps: exporters ship every byte of every event. */
const MAX_EVENT_STRING = 256

/**
 * String attributes as they may leave the process: bounded and passed through `Redaction.scrubText`. Callers give
 * names, reasons and ids; this is the backstop for one that carries something a vendor or a user sent.
 */
const safeAttributes = (attributes: Record<string, unknown>): Record<string, unknown> => {
  let out: Record<string, unknown> | undefined
  for (const key in attributes) {
    const value = attributes[key]
    if (typeof value !== "string") continue
    const safe = Redaction.scrubText(value, { maxLength: MAX_EVENT_STRING })
    if (safe !== value) (out ??= { ...attributes })[key] = safe
  }
  return out ?? attributes
}

/**
 * Adds an event to the current span, if there is one. String attribute values are bounded and scrubbed of anything
 * shaped like a credential or personal data (`Redaction.scrubText`); callers still pass only names, reasons and ids.
 *
 * @since 0.1.0
 * @category Spans
 */
export const spanEvent = (name: string, attributes: Record<string, unknown>): Effect.Effect<void> =>
  Effect.flatMap(Effect.option(Effect.currentSpan), (span) =>
    Option.match(span, {
      onNone: () => Effect.void,
      onSome: (span) =>
        Effect.clockWith((clock) =>
          Effect.sync(() => span.event(name, clock.unsafeCurrentTimeNanos(), safeAttributes(attributes)))
        )
    }))
