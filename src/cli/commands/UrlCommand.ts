/**
 * `effect-integrations url check <url>`: the SSRF guard's verdict on a webhook URL as one line of JSON, with an exit
 * code scripts can branch on (0 allowed, 1 refused, 2 usage error).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as SsrfGuard from "../../outbox/SsrfGuard.js"
import { ExitCode, exitWith } from "../ExitCode.js"
import { version } from "../version.js"

const usage = "effect-integrations url check <url> [--allow <entry>]... [--port <n>]..."

const print = (verdict: Record<string, unknown>) => Console.log(JSON.stringify(verdict))

const runCheck = (input: {
  readonly url: string
  readonly allow: ReadonlyArray<string>
  readonly port: ReadonlyArray<string>
}) =>
  Effect.gen(function*() {
    const badPort = input.port.find((text) => !/^\d{1,5}$/.test(text))
    if (badPort !== undefined) {
      yield* Console.error(`url check: invalid --port ${JSON.stringify(badPort)}`)
      return yield* exitWith(2)
    }
    const ports = input.port.map(Number)
    const options: SsrfGuard.Options = ports.length === 0
      ? { allow: input.allow }
      : { allow: input.allow, allowedPorts: ports }
    const valid = SsrfGuard.validateOptions(options)
    if (Either.isLeft(valid)) {
      yield* Console.error(`url check: ${valid.left}`)
      return yield* exitWith(2)
    }
    const verdict = yield* Effect.either(SsrfGuard.check(input.url, options))
    if (Either.isRight(verdict)) {
      yield* print({ allowed: true, addresses: verdict.right.addresses, url: verdict.right.url.origin })
      return yield* exitWith(0)
    }
    const blocked = verdict.left
    yield* print({
      allowed: false,
      reason: blocked.reason,
      ...(blocked.address === undefined ? {} : { address: blocked.address }),
      url: blocked.url,
      description: blocked.description
    })
    return yield* exitWith(1)
  })

const check = Command.make(
  "check",
  {
    url: Args.text({ name: "url" }).pipe(Args.withDescription("the webhook URL to judge")),
    allow: Options.text("allow").pipe(
      Options.repeated,
      Options.withDescription("open a CIDR, IP, ip:port or host:port (repeatable)")
    ),
    // Options.integer + Options.repeated rejects every value in @effect/cli 0.77.2, so ports are parsed here.
    port: Options.text("port").pipe(
      Options.repeated,
      Options.withDescription("only allow these ports (repeatable; default: any port)")
    )
  },
  runCheck
).pipe(Command.withDescription("Resolve a URL and say whether the outbox would deliver to it"))

/**
 * The `url` command with its `check` subcommand. Under the root CLI a refusal sets `process.exitCode` to 1; use
 * `runUrlCli` to get the code as a value (and 2 for usage errors).
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make(
  "url",
  {},
  () => Effect.zipRight(Console.error(`usage: ${usage}`), exitWith(2))
).pipe(
  Command.withDescription("Check webhook URLs against the SSRF guard"),
  Command.withSubcommands([check])
)

/**
 * Runs the `url` command and returns its exit code: 0 allowed, 1 refused (including a name that does not resolve),
 * 2 usage error, 70 an unexpected failure. `argv` is what follows the program name, with or without the leading
 * `url` (`["url", "check", "http://..."]`).
 *
 * @since 0.1.0
 * @category Running
 */
export const runUrlCli = (argv: ReadonlyArray<string>): Effect.Effect<number> =>
  Effect.gen(function*() {
    let code = 0
    const args = argv[0] === "url" ? argv.slice(1) : argv
    const exit = yield* Command.run(command, { name: "effect-integrations url", version })([
      "node",
      "effect-integrations",
      ...args
    ]).pipe(
      Effect.provideService(ExitCode, (value: number) => {
        code = value
      }),
      Effect.provide(NodeContext.layer),
      Effect.exit
    )
    if (exit._tag === "Success") return code
    const failure = Cause.failureOption(exit.cause)
    if (failure._tag === "Some" && ValidationError.isValidationError(failure.value)) return 2
    yield* Console.error(`url: unexpected failure\n${Cause.pretty(exit.cause)}`)
    return 70
  })
