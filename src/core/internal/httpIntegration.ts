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

export const defaultPolicy = Policy.defaultPolicy
export const resolvePolicy = Policy.resolvePolicy
export const currentPolicyOverrides = Policy.currentPolicyOverrides
export const withPolicy = Policy.withPolicy
export type PolicyOverride = Policy.PolicyOverride

export const make = (definition: Api.Definition) =>
  Effect.gen(function*() {
    const declared = Stages.validate(definition.vendor, definition.attemptStages ?? [])
    if (declared !== undefined) return yield* Effect.dieMessage(declared)
    const vendor = yield* Vendor.resolve(definition)
    const policy = resolvePolicy(defaultPolicy, definition.policy)
    return {
      vendor: vendor.name,
      policy,
      operation: (spec) => Operation.make(vendor, policy, spec),
      streamOperation: (spec) => StreamOperation.make(vendor, policy, spec)
    } satisfies Api.HttpIntegration
  })
