/**
 * Numeric flags with the range the command supports. A value outside it is a usage error naming the flag and the range
 * (exit 2), never clamped into range behind the user's back nor passed on to fail later with a stack trace.
 *
 * @since 0.2.0
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Effect from "effect/Effect"

const check = <A extends number>(name: string, ok: (n: A) => boolean, range: string) => (n: A) =>
  ok(n)
    ? Effect.succeed(n)
    : Effect.fail(ValidationError.invalidValue(HelpDoc.p(`--${name} must be ${range} (got ${n})`)))

/**
 * An integer flag within `[min, max]`.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const integerIn = (name: string, min: number, max: number): Options.Options<number> =>
  Options.integer(name).pipe(
    Options.mapEffect(check<number>(name, (n) => n >= min && n <= max, max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`))
  )

/**
 * A decimal flag within `[min, max]`.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const floatIn = (name: string, min: number, max: number): Options.Options<number> =>
  Options.float(name).pipe(
    Options.mapEffect(check<number>(name, (n) => Number.isFinite(n) && n >= min && n <= max, `between ${min} and ${max}`))
  )

/**
 * A TCP port for a server to listen on: 0 (any free port) to 65535.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const port = (name = "port"): Options.Options<number> => integerIn(name, 0, 65_535)
