/**
 * The kernel behind `HttpIntegration.make`, in stages under `kernel/`: `vendor` (what a declaration fixes), `plan`
 * (what an operation fixes), `wire` (request building), `exchange` (the transport), `stages` (the per-attempt policy
 * stack), `attempt` (one attempt, direct or in Effect form), `answer` (reading an answer), `call` (a call's lifecycle),
 * `operation` and `stream` (the two kinds of operation).
 */
import * as Effect from "effect/Effect"
import type * as Api from "../HttpIntegration.js"
import * as Operation from "./kernel/operation.js"
import * as Policy from "./kernel/policy.js"
import * as Stages from "./kernel/stages.js"
import * as StreamOperation from "./kernel/stream.js"
import * as Vendor from "./kernel/vendor.js"
import * as Validation from "./policyValidation.js"

export const defaultPolicy = Policy.defaultPolicy
export const resolvePolicy = Policy.resolvePolicy
export const currentPolicyOverrides = Policy.currentPolicyOverrides
export const withPolicy = Policy.withPolicy

/** Tells a policy instance from the options that would build one. */
const isInstance = (value: object, member: string): boolean => member in value

/**
 * Every problem of a definition's own settings (base URL, policy, attempt stages, and the options of the breaker,
 * limiter and bulkhead it builds), named as written in the definition. Instances given ready-made were checked when
 * they were made.
 */
const definitionProblems = (definition: Api.Definition): ReadonlyArray<Validation.Problem> => {
  const { bulkhead, circuitBreaker, rateLimit } = definition
  return [
    ...Validation.baseUrl(definition.baseUrl),
    ...Validation.policy(definition.policy),
    ...Validation.fields("dialect", definition.dialect, { idempotencyKeyMaxLength: Validation.whole(1) }),
    ...Stages.validate(definition.attemptStages ?? []),
    ...(circuitBreaker === undefined || circuitBreaker === false || isInstance(circuitBreaker, "transitions")
      ? []
      : Validation.circuitBreaker(circuitBreaker, "circuitBreaker")),
    ...(rateLimit === undefined || rateLimit === false || isInstance(rateLimit, "observe")
      ? []
      : Validation.rateLimiter(rateLimit, "rateLimit")),
    ...(bulkhead === undefined || bulkhead === false || isInstance(bulkhead, "status")
      ? []
      : Validation.bulkhead(bulkhead, "bulkhead"))
  ]
}

export const make = (definition: Api.Definition) =>
  Effect.gen(function*() {
    // Every bad setting is reported at once, before anything is built: a typo fails here, not at the first call.
    yield* Validation.check(definition.vendor, definitionProblems(definition))
    const vendor = yield* Vendor.resolve(definition)
    const policy = Policy.apply(defaultPolicy, definition.policy)
    return {
      vendor: vendor.name,
      policy,
      operation: (spec) => Operation.make(vendor, policy, spec),
      streamOperation: (spec) => StreamOperation.make(vendor, policy, spec)
    } satisfies Api.HttpIntegration
  })
