/**
 * How a command that ends normally still reports a verdict (`url check` refused, `doctor` found problems): it hands an
 * exit code to this service. The root CLI collects it; the default sets `process.exitCode` for commands run alone.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"

/**
 * @since 0.1.0
 * @category Services
 */
export class ExitCode extends Context.Reference<ExitCode>()("effect-integrations/cli/ExitCode", {
  defaultValue: () => (code: number): void => {
    if (code !== 0) process.exitCode = code
  }
}) {}

/**
 * @since 0.1.0
 * @category Running
 */
export const exitWith = (code: number): Effect.Effect<void> => Effect.flatMap(ExitCode, (set) => Effect.sync(() => set(code)))
