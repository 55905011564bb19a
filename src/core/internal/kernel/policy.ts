/** Policies as values: the kernel default, resolution of overrides (later ones winning), and overrides by region. */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import { globalValue } from "effect/GlobalValue"
import type * as Api from "../../HttpIntegration.js"
import * as Retry from "../../Retry.js"
import * as Validation from "../policyValidation.js"

export const defaultPolicy: Api.Policy = {
  ...Retry.defaultPolicy,
  timeout: Duration.seconds(30),
  maxResponseBytes: 10 * 1024 * 1024
}

/** One level of overrides on top of a policy, already checked. */
export const apply = (acc: Api.Policy, next: Api.PolicyInput | undefined): Api.Policy =>
  next === undefined ? acc : {
    ...Retry.policy(next, acc),
    timeout: next.timeout === undefined ? acc.timeout : Duration.decode(next.timeout),
    maxResponseBytes: next.maxResponseBytes ?? acc.maxResponseBytes
  }

/** Overrides on top of `base`, later ones winning; an override out of range throws a `RangeError` naming the setting. */
export const resolvePolicy = (base: Api.Policy, ...overrides: ReadonlyArray<Api.PolicyInput | undefined>): Api.Policy => {
  for (const next of overrides) Validation.orThrow("HttpIntegration.resolvePolicy", Validation.policy(next))
  return overrides.reduce<Api.Policy>(apply, base)
}

export const currentPolicyOverrides = globalValue(
  Symbol.for("effect-integrations/HttpIntegration/currentPolicyOverrides"),
  () => FiberRef.unsafeMake<ReadonlyArray<Api.PolicyOverride>>([])
)

type Scope = { readonly vendor?: string | undefined; readonly operation?: string | undefined }

export const withPolicy = dual<
  (scope: Scope, policy: Api.PolicyInput) => <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>,
  <A, E, R>(self: Effect.Effect<A, E, R>, scope: Scope, policy: Api.PolicyInput) => Effect.Effect<A, E, R>
>(3, (self, scope, policy) =>
  Effect.locallyWith(self, currentPolicyOverrides, (overrides) => [...overrides, { ...scope, policy }]))

/**
 * The policy of one call: the operation's, under the fiber's overrides for it, under the call's own. Overrides arrive
 * with the call, so a bad one is reported (as the problem's description) rather than thrown.
 */
export const forCall = (
  base: Api.Policy,
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  vendor: string,
  operation: string,
  call: Api.PolicyInput | undefined
): Api.Policy | { readonly problem: string } => {
  const overrides = fiber.getFiberRef(currentPolicyOverrides)
  if (overrides.length === 0 && call === undefined) return base
  const applicable: Array<Api.PolicyInput> = []
  for (const override of overrides) {
    if ((override.vendor === undefined || override.vendor === vendor) && (override.operation === undefined || override.operation === operation)) {
      applicable.push(override.policy)
    }
  }
  const problems = [
    ...applicable.flatMap((override) => Validation.policy(override, "withPolicy")),
    ...Validation.policy(call, "policy")
  ]
  if (problems.length > 0) return { problem: Validation.describe(problems) }
  return [...applicable, call].reduce<Api.Policy>(apply, base)
}

/**
 * An operation's policy under its vendor's. An operation is declared in code, once, usually while a client is being
 * made: a bad policy there is a programming error, thrown as a defect naming the operation and the setting.
 */
export const forOperation = (
  vendor: string,
  operation: string,
  base: Api.Policy,
  policy: Api.PolicyInput | undefined
): Api.Policy => {
  Validation.orThrow(`${vendor}.${operation}`, Validation.policy(policy))
  return apply(base, policy)
}
