/**
 * Health checks for integrations: each vendor registers a cheap call (list one model, fetch the account) marked critical
 * or not; running them all gives one report that readiness endpoints and the `doctor` command print.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import { isIntegrationError } from "./IntegrationError.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Check {
  readonly name: string
  /** A critical check that fails makes the whole report `down`; others make it `degraded`. */
  readonly critical: boolean
  readonly run: Effect.Effect<void, unknown>
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface CheckResult {
  readonly name: string
  readonly critical: boolean
  readonly status: "up" | "down"
  readonly latencyMillis: number
  /** Why it is down: an integration error's reason and description, never a payload. */
  readonly error?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Report {
  readonly status: "up" | "degraded" | "down"
  readonly checks: ReadonlyArray<CheckResult>
}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const check = (
  name: string,
  run: Effect.Effect<unknown, unknown>,
  options: { readonly critical?: boolean | undefined; readonly timeout?: Duration.DurationInput | undefined } = {}
): Check => ({ name, critical: options.critical ?? true, run: Effect.asVoid(run), timeout: options.timeout })

const describe = (error: unknown): string =>
  isIntegrationError(error) ? `${error.reason}: ${error.description}` : "check failed"

/**
 * Runs one check with its timeout (default 5 s).
 *
 * @since 0.1.0
 * @category Running
 */
export const runCheck = (self: Check): Effect.Effect<CheckResult> =>
  Effect.gen(function*() {
    const started = yield* Clock.currentTimeMillis
    const timeout = Duration.decode(self.timeout ?? Duration.seconds(5))
    const outcome = yield* self.run.pipe(
      Effect.timeoutFail({ duration: timeout, onTimeout: () => `timed out after ${Duration.format(timeout)}` }),
      Effect.either
    )
    const latencyMillis = (yield* Clock.currentTimeMillis) - started
    return outcome._tag === "Right"
      ? { name: self.name, critical: self.critical, status: "up" as const, latencyMillis }
      : {
        name: self.name,
        critical: self.critical,
        status: "down" as const,
        latencyMillis,
        error: typeof outcome.left === "string" ? outcome.left : describe(outcome.left)
      }
  })

/**
 * Runs every check concurrently.
 *
 * @since 0.1.0
 * @category Running
 */
export const run = (checks: ReadonlyArray<Check>): Effect.Effect<Report> =>
  Effect.map(Effect.forEach(checks, runCheck, { concurrency: "unbounded" }), (results) => ({
    status: results.some((r) => r.status === "down" && r.critical)
      ? "down"
      : results.some((r) => r.status === "down")
      ? "degraded"
      : "up",
    checks: results
  }))

/**
 * The registry vendor layers add their checks to.
 *
 * @since 0.1.0
 * @category Tags
 */
export class HealthChecks extends Context.Tag("effect-integrations/HealthChecks")<HealthChecks, {
  readonly register: (check: Check) => Effect.Effect<void>
  readonly all: Effect.Effect<ReadonlyArray<Check>>
  readonly run: Effect.Effect<Report>
}>() {}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer: Layer.Layer<HealthChecks> = Layer.effect(
  HealthChecks,
  Effect.gen(function*() {
    const checks = yield* Ref.make<ReadonlyArray<Check>>([])
    return {
      register: (check) => Ref.update(checks, (all) => [...all.filter((c) => c.name !== check.name), check]),
      all: Ref.get(checks),
      run: Effect.flatMap(Ref.get(checks), run)
    }
  })
)

/**
 * Registers a check when a registry is provided; does nothing otherwise, so vendor layers work without one.
 *
 * @since 0.1.0
 * @category Running
 */
export const register = (check: Check): Effect.Effect<void> =>
  Effect.flatMap(Effect.serviceOption(HealthChecks), Option.match({ onNone: () => Effect.void, onSome: (r) => r.register(check) }))
