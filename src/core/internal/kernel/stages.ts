/**
 * The per-attempt policy stack as a value: the stages a vendor (or a call) lists, outermost first, each with two forms
 * built from the same policy instance. The Effect form wraps an attempt (`wrap`); the gate form admits an attempt with
 * plain function calls when every stage allows it right now (`enter`), which is what the fast path uses. A gate that
 * cannot decide at once (a queue to wait in, a remote store) hands the rest of the stack to the Effect form.
 */
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import type * as Bulkhead from "../../Bulkhead.js"
import type * as CircuitBreaker from "../../CircuitBreaker.js"
import type * as Api from "../../HttpIntegration.js"
import { IntegrationError } from "../../IntegrationError.js"
import type * as RateLimiter from "../../RateLimiter.js"
import type * as Telemetry from "../../Telemetry.js"
import type * as Validation from "../policyValidation.js"

/** The vendor's policy instances, resolved once when the vendor is declared. */
export interface Policies {
  readonly vendor: string
  readonly breaker: CircuitBreaker.CircuitBreaker | undefined
  readonly breakerPerOperation: boolean
  readonly limiter: RateLimiter.RateLimiter | undefined
  readonly bulkhead: Bulkhead.Bulkhead | undefined
}

/** Not admitted at once: the attempt must go through the stage's Effect form. */
export const Deferred = Symbol.for("effect-integrations/kernel/Deferred")

/** A stage's synchronous form. */
interface Gate {
  /** A token to `exit` with, the error the attempt fails with, or `Deferred` (nothing was taken). */
  readonly enter: (sink: Telemetry.Sink) => unknown
  readonly exit: (token: unknown, sink: Telemetry.Sink, exit: Exit.Exit<unknown, unknown>) => void
}

const passThrough: Gate = { enter: () => undefined, exit: () => undefined }

/** A stack resolved for one operation. */
export interface Stack {
  /** One gate per stage, or `undefined` when some stage has no synchronous form (a custom stage). */
  readonly gates: ReadonlyArray<Gate> | undefined
  /** Whether the stack holds the `timeout` stage: without it, an attempt is not timed on either path. */
  readonly timed: boolean
  /** Stages `from` onwards around `attempt`; `timeout` bounds what lies inside the timeout stage. */
  readonly wrap: <A>(
    attempt: Effect.Effect<A, IntegrationError>,
    timeout: <B>(inner: Effect.Effect<B, IntegrationError>) => Effect.Effect<B, IntegrationError>,
    from: number
  ) => Effect.Effect<A, IntegrationError>
}

type Layer = (
  attempt: Effect.Effect<unknown, IntegrationError>,
  timeout: <B>(inner: Effect.Effect<B, IntegrationError>) => Effect.Effect<B, IntegrationError>
) => Effect.Effect<unknown, IntegrationError>

const BUILT_IN: ReadonlySet<string> = new Set(["circuitBreaker", "rateLimiter", "bulkhead", "timeout"])

/** Checks a stack as declared: known built-in stages, each at most once; custom stages with a name and a policy. */
export const validate = (stages: ReadonlyArray<Api.AttemptStage>, setting = "attemptStages"): Array<Validation.Problem> => {
  const problems: Array<Validation.Problem> = []
  const seen = new Set<string>()
  stages.forEach((stage, index) => {
    const path = `${setting}[${index}]`
    if (typeof stage === "string") {
      if (!BUILT_IN.has(stage)) problems.push({ setting: path, message: `must be one of ${[...BUILT_IN].join(", ")} or a custom stage` })
      else if (seen.has(stage)) problems.push({ setting: path, message: `lists "${stage}" a second time` })
      seen.add(stage)
    } else if (typeof stage !== "object" || stage === null || typeof stage.name !== "string" || stage.name === "" || typeof stage.policy !== "function") {
      problems.push({ setting: path, message: "a custom stage needs a name and a policy function" })
    }
  })
  return problems
}

/** The stack of `operation`: one Effect layer and (when possible) one gate per stage. */
export const resolve = (
  policies: Policies,
  operation: string,
  stages: ReadonlyArray<Api.AttemptStage>
): Stack => {
  const vendor = policies.vendor
  const breakerKey = policies.breakerPerOperation ? `${vendor}:${operation}` : vendor
  const layers: Array<Layer> = []
  const gates: Array<Gate> = []
  let gated = true
  for (const stage of stages) {
    if (typeof stage !== "string") {
      const custom = stage.policy({ vendor, operation })
      layers.push((attempt) => custom(attempt))
      gated = false
      continue
    }
    switch (stage) {
      case "timeout":
        layers.push((attempt, timeout) => timeout(attempt))
        // The fast path times the request itself; admission takes no time, so the stage's position does not matter.
        gates.push(passThrough)
        break
      case "circuitBreaker": {
        const breaker = policies.breaker
        if (breaker === undefined) break
        layers.push((attempt) => breaker.run(breakerKey, { operation })(attempt))
        const gate = breaker.gate
        if (gate === undefined) {
          gated = false
          break
        }
        gates.push({
          enter: (sink) => gate.enter(breakerKey, operation, sink),
          exit: (token, sink, exit) => gate.settle(token as CircuitBreaker.Admitted, sink, exit)
        })
        break
      }
      case "rateLimiter": {
        const limiter = policies.limiter
        if (limiter === undefined) break
        layers.push((attempt) => limiter.run(undefined, { operation })(attempt))
        const gate = limiter.gate
        if (gate === undefined) {
          gated = false
          break
        }
        gates.push({ enter: (sink) => (gate.tryEnter(vendor, sink) ? undefined : Deferred), exit: () => undefined })
        break
      }
      case "bulkhead": {
        const bulkhead = policies.bulkhead
        if (bulkhead === undefined) break
        layers.push((attempt) => bulkhead.run({ operation })(attempt))
        const gate = bulkhead.gate
        if (gate === undefined) {
          gated = false
          break
        }
        gates.push({ enter: (sink) => (gate.tryEnter(sink) ? undefined : Deferred), exit: (_, sink) => gate.leave(sink) })
        break
      }
    }
  }
  const wrap: Stack["wrap"] = (attempt, timeout, from) => {
    let wrapped: Effect.Effect<unknown, IntegrationError> = attempt
    for (let i = layers.length - 1; i >= from; i--) wrapped = layers[i]!(wrapped, timeout)
    return wrapped as typeof attempt
  }
  return { gates: gated ? gates : undefined, timed: stages.includes("timeout"), wrap }
}

/**
 * Admits through the gates in order. On `Deferred` at stage `i`, the tokens of stages before `i` are held and stage `i`
 * onwards must run in Effect form; an error fails the attempt after the held stages are exited with it.
 */
export interface Admission {
  readonly tokens: Array<unknown>
  /** The first stage that needs the Effect form, or the number of gates when all admitted. */
  readonly next: number
  readonly rejected: IntegrationError | undefined
}

export const admit = (gates: ReadonlyArray<Gate>, sink: Telemetry.Sink): Admission => {
  const tokens: Array<unknown> = []
  for (let i = 0; i < gates.length; i++) {
    const token = gates[i]!.enter(sink)
    if (token === Deferred) return { tokens, next: i, rejected: undefined }
    if (token instanceof IntegrationError) return { tokens, next: i, rejected: token }
    tokens.push(token)
  }
  return { tokens, next: gates.length, rejected: undefined }
}

/** Exits the admitted stages, innermost first, with how the attempt ended. */
export const release = (
  gates: ReadonlyArray<Gate>,
  admission: Admission,
  sink: Telemetry.Sink,
  exit: Exit.Exit<unknown, unknown>
): void => {
  for (let i = admission.tokens.length - 1; i >= 0; i--) gates[i]!.exit(admission.tokens[i], sink, exit)
}

/** Effect form of `release`, for attempts that continue in Effect form after a partial admission. */
export const releasing = <A>(
  gates: ReadonlyArray<Gate>,
  admission: Admission,
  sink: Telemetry.Sink,
  effect: Effect.Effect<A, IntegrationError>
): Effect.Effect<A, IntegrationError> =>
  admission.tokens.length === 0
    ? effect
    : Effect.onExit(effect, (exit) => Effect.sync(() => release(gates, admission, sink, exit)))

