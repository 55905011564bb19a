/**
 * MillionVerifier's real-time API: verify one address (`GET /api/v3/?email=…&timeout=…`) and read the credits left.
 * MillionVerifier waits up to its own `timeout` (2 to 60 s, default 20) for the recipient's server; the client sets it
 * from the call's per-attempt timeout, 5 s shorter, so MillionVerifier answers "unknown" before our attempt gives up.
 * A verification reads: it is retried like a read (each answered verification costs a credit).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as MillionVerifierError from "../MillionVerifierError.js"
import * as S from "../MillionVerifierSchemas.js"

/**
 * Per-call options: a `policy` override (its `timeout` also sets MillionVerifier's own), extra `headers`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends Omit<HttpIntegration.CallOptions, "idempotencyKey"> {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly verify: (email: string, options?: CallOptions) => Effect.Effect<S.Verification, IntegrationError>
  readonly credits: (options?: CallOptions) => Effect.Effect<number, IntegrationError>
}

/** MillionVerifier's `timeout` for an attempt of this length: 5 s shorter, within its 2 to 60 s. */
export const vendorTimeoutSeconds = (attempt: Duration.DurationInput): number =>
  Math.min(60, Math.max(2, Math.floor(Duration.toSeconds(Duration.decode(attempt))) - 5))

/**
 * Declares the real-time operations on a MillionVerifier pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const verify = http.operation({
    name: "verify",
    method: "GET",
    input: Schema.Struct({ email: S.Email, timeout: Schema.Int.pipe(Schema.between(2, 60)) }),
    output: S.Verification,
    request: ({ email, timeout }) => ({ path: "/", query: { email, timeout } })
  })
  const credits = http.operation({
    name: "credits",
    method: "GET",
    input: Schema.Void,
    output: S.Credits,
    request: () => ({ path: "/credits" })
  })
  return {
    verify: (email, options) => {
      const timeout = vendorTimeoutSeconds(options?.policy?.timeout ?? http.policy.timeout)
      return Effect.flatMap(verify({ email, timeout }, options), (result) =>
        result.error !== undefined && result.error !== null && result.error !== "" && (result.result ?? undefined) === undefined
          ? Effect.fail(MillionVerifierError.fromBody("verify", result.error))
          : Effect.succeed(result))
    },
    credits: (options) =>
      Effect.flatMap(credits(undefined, options), (result) =>
        typeof result.credits === "number"
          ? Effect.succeed(result.credits)
          : Effect.fail(MillionVerifierError.fromBody("credits", result.error ?? "no credits in the answer")))
  }
}
