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
import type { Vendor } from "./vendor.js"

export const make = <I, IE, O, OE>(
  vendor: Vendor,
  basePolicy: Api.Policy,
  spec: Api.OperationSpec<I, IE, O, OE>
): Api.Operation<I, O> => {
  const plan = Plan.make(vendor, basePolicy, spec, spec.output)
  const metrics = plan.metrics as Plan.Plan<unknown, O>["metrics"]
  const unknownPlan = plan as unknown as Plan.Plan<unknown, O>

  const run = (call: Call.Call<O>): Effect.Effect<Api.WithMeta<O>, IntegrationError> =>
    Effect.map(
      Call.loop(call, metrics, (number) => Attempt.plain(call, number)),
      (done: Answer.Done<O>): Api.WithMeta<O> => ({
        value: done.value,
        meta: { status: done.status, requestId: done.requestId, attempts: call.sent, idempotencyKey: call.idempotencyKey }
      })
    )

  const withMeta = (input: I, options?: Api.CallOptions): Effect.Effect<Api.WithMeta<O>, IntegrationError> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.makeSpan(plan.operation.spanName, plan.spanOptions), (span) =>
        Effect.withFiberRuntime<Api.WithMeta<O>, IntegrationError>((fiber) => {
          const sink: Telemetry.Sink = {
            span,
            labels: fiber.getFiberRef(FiberRef.currentMetricLabels),
            clock: Context.get(fiber.currentDefaultServices, Clock.Clock)
          }
          const start = sink.clock.unsafeCurrentTimeMillis()
          let call: Call.Call<O> | undefined
          const prepared = Call.prepare(plan, fiber, span, input, options)
          const body = prepared instanceof IntegrationError
            ? Effect.fail(prepared)
            : Effect.isEffect(prepared)
            ? Effect.flatMap(prepared, (made) => {
              call = made
              return run(made)
            })
            : run(call = prepared)
          const end = (exit: Exit.Exit<Api.WithMeta<O>, IntegrationError>) => {
            Call.finish(call, unknownPlan, sink, Exit.map(exit, (result) => result.meta), start)
            span.end(sink.clock.unsafeCurrentTimeNanos(), exit)
            return exit
          }
          return Effect.matchCauseEffect(restore(body), {
            onFailure: (cause) => end(Exit.failCause(cause)),
            onSuccess: (result) => end(Exit.succeed(result))
          })
        })
      )
    )

  const call = (input: I, options?: Api.CallOptions) => Effect.map(withMeta(input, options), (result) => result.value)
  return Object.assign(call, { withMeta, vendor: vendor.name, operation: spec.name })
}
