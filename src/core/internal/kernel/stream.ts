/**
 * A streaming operation: the request is made (and retried) like any other until the answer's headers arrive; then
 * server-sent events are decoded one by one, a stream silent for longer than its idle timeout fails with `Timeout`,
 * and a stream the vendor marks as whole fails with `Transport` when it ends before its final event.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as Api from "../../HttpIntegration.js"
import { IntegrationError } from "../../IntegrationError.js"
import * as Telemetry from "../../Telemetry.js"
import * as JsonDepth from "../jsonDepth.js"
import * as SchemaIssues from "../schemaIssues.js"
import * as Sse from "../sse.js"
import * as Attempt from "./attempt.js"
import * as Call from "./call.js"
import * as Plan from "./plan.js"
import type { Vendor } from "./vendor.js"

const DEFAULT_IDLE_TIMEOUT = Duration.seconds(60)

/**
 * Passes a body's chunks on while their total stays within `limit` bytes; the chunk that crosses it fails the stream
 * with `onTooLarge()` instead, and nothing more is read.
 */
const limitBytes = <E2>(limit: number, onTooLarge: () => E2) =>
<E, R>(self: Stream.Stream<Uint8Array, E, R>): Stream.Stream<Uint8Array, E | E2, R> =>
  Stream.suspend(() => {
    let total = 0
    return Stream.mapChunksEffect(self, (chunks) => {
      for (const chunk of chunks) total += chunk.byteLength
      return total > limit ? Effect.fail(onTooLarge()) : Effect.succeed(chunks)
    })
  })

const defaultParse = (event: Api.ServerSentEvent): Api.SseStep => {
  if (event.data === "[DONE]") return { _tag: "Done" }
  if (event.data.trim() === "") return { _tag: "Skip" }
  try {
    return { _tag: "Decode", json: JSON.parse(event.data) }
  } catch {
    return { _tag: "Decode", json: event.data }
  }
}

export const make = <I, IE, O, OE>(
  vendor: Vendor,
  basePolicy: Api.Policy,
  spec: Api.StreamOperationSpec<I, IE, O, OE>
): Api.StreamOperation<I, O> => {
  const plan = Plan.make(vendor, basePolicy, spec, spec.event)
  const unknownPlan = plan as unknown as Plan.Plan<unknown, O>
  const idleTimeout = spec.idleTimeout === undefined ? DEFAULT_IDLE_TIMEOUT : Duration.decode(spec.idleTimeout)
  const parse = spec.parse ?? defaultParse
  const endsWith = spec.endsWith
  const isFinal = typeof endsWith === "function" ? endsWith : () => false
  // An `Either` is an Effect too: a synchronous decoding costs no fiber step beyond `mapEffect`'s own.
  const decodeEvent = (json: unknown) => plan.decoder.run(json)

  const events = (
    call: Call.Call<O>,
    connected: Effect.Effect.Success<ReturnType<typeof Attempt.connect<O>>>,
    startedAt: number
  ): Effect.Effect<Stream.Stream<O, IntegrationError>> => {
    const fail = plan.operation.fail
    const located = connected.requestId !== undefined ? { requestId: connected.requestId } : {}
    const limit = call.policy.maxResponseBytes
    let complete = false
    const decoded = connected.received.stream.pipe(
      Stream.timeoutFail(
        () => fail("Timeout", `stream stalled: no data for ${Duration.format(idleTimeout)}`, located),
        idleTimeout
      ),
      limitBytes(limit, () => fail("ResponseTooLarge", `the stream exceeds ${limit} bytes`, located)),
      Sse.decode({
        maxEventBytes: limit,
        onTooLarge: () => fail("ResponseTooLarge", `a server-sent event exceeds ${limit} bytes`, located)
      }),
      Stream.mapEffect((event): Effect.Effect<Api.SseStep, IntegrationError> =>
        // Before any parse: a vendor's `parse` hands the JSON on to a recursive decode.
        JsonDepth.exceeds(event.data)
          ? Effect.fail(fail("ResponseDrift", `stream event nests deeper than ${JsonDepth.maxDepth} levels`, located))
          : Effect.succeed(parse(event))
      ),
      Stream.takeWhile((step) => {
        if (step._tag === "Done") complete = true
        return step._tag !== "Done"
      }),
      Stream.filterMap((step) => (step._tag === "Decode" ? Option.some(step.json) : Option.none())),
      Stream.mapEffect((json) =>
        Effect.mapError(decodeEvent(json), (issue) =>
          fail("ResponseDrift", `stream event does not match the schema: ${SchemaIssues.summarise(issue)}`, located))
      ),
      Stream.tap((event) =>
        Effect.sync(() => {
          if (isFinal(event)) complete = true
        })
      )
    )
    const whole = endsWith === undefined ? decoded : Stream.concat(
      decoded,
      Stream.suspend(() =>
        complete ? Stream.empty : Stream.fail(fail("Transport", "the stream ended before its final event", located))
      )
    )
    const deadline = call.policy.deadline
    if (deadline === undefined) return Effect.succeed(whole)
    // The deadline counts from the call's start: connecting and retrying spent part of it already.
    return Effect.map(Clock.currentTimeMillis, (now) =>
      Stream.interruptWhen(
        whole,
        Effect.zipRight(
          Effect.sleep(Duration.millis(Duration.toMillis(deadline) - (now - startedAt))),
          Effect.fail(fail("Timeout", `overall deadline of ${Duration.format(deadline)} exceeded`, located))
        )
      ))
  }

  const call = (input: I, options?: Api.CallOptions): Stream.Stream<O, IntegrationError> =>
    Stream.unwrap(
      Telemetry.withSink((fiberSink) =>
        Effect.withFiberRuntime<Stream.Stream<O, IntegrationError>, IntegrationError>((fiber) => {
          const startedAt = fiberSink.clock.unsafeCurrentTimeMillis()
          const prepared = Call.prepare(plan, fiber, fiberSink, input, options)
          const connectWith = (made: Call.Call<O>) =>
            Effect.flatMap(Call.loop(made, unknownPlan.metrics, Attempt.connect), (connected) =>
              Effect.as(
                Effect.sync(() => {
                  if (fiberSink.span?._tag !== "Span") return
                  fiberSink.span.attribute(Telemetry.Attr.httpStatus, connected.received.status)
                  if (connected.requestId !== undefined) fiberSink.span.attribute(Telemetry.Attr.requestId, connected.requestId)
                  fiberSink.span.attribute(Telemetry.Attr.attempts, made.sent)
                  fiberSink.span.attribute(Telemetry.Attr.retries, Math.max(0, made.sent - 1))
                  fiberSink.span.attribute(Telemetry.Attr.httpResendCount, Math.max(0, made.sent - 1))
                }),
                events(made, connected, startedAt)
              ).pipe(Effect.flatten))
          if (prepared instanceof IntegrationError) return Effect.fail(prepared)
          return Effect.isEffect(prepared) ? Effect.flatMap(prepared, connectWith) : connectWith(prepared)
        })
      )
    ).pipe(
      Stream.tapError((error) =>
        Telemetry.withSink((sink) =>
          Effect.sync(() => {
            if (sink.span?._tag === "Span") {
              sink.span.attribute(Telemetry.Attr.errorType, error.reason)
              sink.span.attribute(Telemetry.Attr.reason, error.reason)
              if (error.status !== undefined) sink.span.attribute(Telemetry.Attr.httpStatus, error.status)
              if (error.requestId !== undefined) sink.span.attribute(Telemetry.Attr.requestId, error.requestId)
            }
            Telemetry.sinkUpdate(sink, plan.metrics.byReason(error.reason), 1)
          })
        )
      ),
      Stream.onError(() => Metric.increment(plan.metrics.failures)),
      Stream.onDone(() => Metric.increment(plan.metrics.successes)),
      Stream.withSpan(plan.operation.spanName, plan.spanOptions)
    )
  return Object.assign(call, { vendor: vendor.name, operation: spec.name })
}
