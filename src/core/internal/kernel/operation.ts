/**
 * A plain operation: `(input, options) => Effect<Output, IntegrationError>`. The call's span is made once and ended
 * with the call's exit; in between the call is prepared, looped over its attempts and finished, in as few Effect steps
 * as the path allows (see `attempt.ts` for the direct form of an attempt).
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import type * as Api from "../../HttpIntegration.js"
import { IntegrationError } from "../../IntegrationError.js"
import type * as Telemetry from "../../Telemetry.js"
import type * as Answer from "./answer.js"
import * as Attempt from "./attempt.js"
import * as Call from "./call.js"
import * as Plan from "./plan.js"
import * as SpanIds from "./spanIds.js"
import type { Vendor } from "./vendor.js"

export const make = <I, IE, O, OE>(
  vendor: Vendor,
  basePolicy: Api.Policy,
  spec: Api.OperationSpec<I, IE, O, OE>
): Api.Operation<I, O> => {
  const plan = Plan.make(vendor, basePolicy, spec, spec.output)
  const metrics = plan.metrics as Plan.Plan<unknown, O>["metrics"]
  const unknownPlan = plan as unknown as Plan.Plan<unknown, O>

  const meta = (call: Call.Call<O> | undefined, done: Answer.Done<O>): Api.Meta => ({
    status: done.status,
    requestId: done.requestId,
    attempts: call?.sent ?? 0,
    idempotencyKey: call?.idempotencyKey
  })

  /** A call from its span to its end; `shape` makes the caller's value from the answer (the value, or it with meta). */
  const execute = <A>(
    input: I,
    options: Api.CallOptions | undefined,
    shape: (call: Call.Call<O> | undefined, done: Answer.Done<O>) => A
  ): Effect.Effect<A, IntegrationError> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.makeSpan(plan.operation.spanName, plan.spanOptions), (span) =>
        Effect.withFiberRuntime<A, IntegrationError>((fiber) => {
          const sink: Telemetry.Sink = {
            span: SpanIds.compact(span),
            labels: fiber.getFiberRef(FiberRef.currentMetricLabels),
            clock: Context.get(fiber.currentDefaultServices, Clock.Clock)
          }
          const start = sink.clock.unsafeCurrentTimeMillis()
          let call: Call.Call<O> | undefined
          const prepared = Call.prepare(plan, fiber, sink, input, options)
          const body = prepared instanceof IntegrationError
            ? Effect.fail(prepared)
            : Effect.isEffect(prepared)
            ? Effect.flatMap(prepared, (made) => Call.loop(call = made, metrics, Attempt.plain))
            : Call.loop(call = prepared, metrics, Attempt.plain)
          const end = (exit: Exit.Exit<Answer.Done<O>, IntegrationError>): Exit.Exit<A, IntegrationError> => {
            // Runs on interruption too (the mask): an attempt still on the wire is cancelled here, not by a canceler of its own.
            Call.cancelPending(call)
            Call.finish(call, unknownPlan, sink, exit, start)
            const shaped = Exit.map(exit, (done) => shape(call, done))
            span.end(sink.clock.unsafeCurrentTimeNanos(), shaped)
            return shaped
          }
          return Effect.matchCauseEffect(restore(body), {
            onFailure: (cause) => end(Exit.failCause(cause)),
            onSuccess: (done) => end(Exit.succeed(done))
          })
        })
      )
    )

  const withMeta = (input: I, options?: Api.CallOptions): Effect.Effect<Api.WithMeta<O>, IntegrationError> =>
    execute(input, options, (call, done) => ({ value: done.value, meta: meta(call, done) }))

  const call = (input: I, options?: Api.CallOptions): Effect.Effect<O, IntegrationError> =>
    execute(input, options, (_, done) => done.value)
  return Object.assign(call, { withMeta, vendor: vendor.name, operation: spec.name })
}
