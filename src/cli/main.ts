/**
 * The `effect-integrations` command line: one root command gathering the subcommands of each area, and one place that
 * turns how a command ended into the process exit code (0 ok, 1 a negative verdict or failure, 2 a usage error).
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as DemoCommand from "./commands/DemoCommand.js"
import * as DoctorCommand from "./commands/DoctorCommand.js"
import * as DurableCommand from "./commands/DurableCommand.js"
import * as OutboxCommand from "./commands/OutboxCommand.js"
import * as SimulateCommand from "./commands/SimulateCommand.js"
import * as UrlCommand from "./commands/UrlCommand.js"
import * as WebhookCommand from "./commands/WebhookCommand.js"
import { ExitCode } from "./ExitCode.js"
import * as Failure from "./Failure.js"
import * as GlobalFlags from "./GlobalFlags.js"
import * as Terminal from "./Terminal.js"
import { version } from "./version.js"

const root = Command.make("effect-integrations").pipe(
  Command.withDescription("Typed, resilient, observable third-party integrations on Effect"),
  Command.withSubcommands([DemoCommand.command, DoctorCommand.command, SimulateCommand.command, WebhookCommand.command, UrlCommand.command, OutboxCommand.command, DurableCommand.command])
)

/**
 * Runs the CLI with the given arguments (without `node` and the script path) and returns the exit code.
 *
 * @since 0.1.0
 * @category Running
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<number, never, NodeContext.NodeContext> =>
  Effect.gen(function*() {
    let code = 0
    const exit = yield* Command.run(root, { name: "effect-integrations", version })(
      ["node", "effect-integrations", ...GlobalFlags.hoist(argv)]
    ).pipe(
      Effect.provideService(ExitCode, (value: number) => {
        code = value
      }),
      Effect.exit
    )
    if (Exit.isSuccess(exit)) return code
    const failure = Cause.failureOption(exit.cause)
    if (Option.isSome(failure)) {
      const error: unknown = failure.value
      if (WebhookCommand.isWebhookCliExit(error)) return error.code
      // @effect/cli has already printed the usage problem.
      if (ValidationError.isValidationError(error)) return 2
      if (Failure.isCliFailure(error)) {
        yield* Console.error(`error: ${error.message}`)
        return error.code
      }
    }
    // Anything else still gets one line naming its cause: a stack trace tells a user nothing they can act on.
    yield* Console.error(`error: ${Failure.describeCause(exit.cause)}`)
    return 1
  }).pipe(Terminal.withPlainOutput)

/**
 * Entry point for the `bin` script.
 *
 * @since 0.1.0
 * @category Running
 */
export const main = (argv: ReadonlyArray<string>): void =>
  run(argv).pipe(
    Effect.tap((code) => Effect.sync(() => (process.exitCode = code))),
    Effect.provide(NodeContext.layer),
    NodeRuntime.runMain({ disableErrorReporting: true })
  )
