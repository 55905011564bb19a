/**
 * `effect-integrations url check <url>`: the SSRF guard's verdict on a webhook URL as one line of JSON, with an exit
 * code scripts can branch on (0 allowed, 1 refused, 2 usage error).
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as SsrfUrl from "../../outbox/internal/ssrfUrl.js"
import * as SsrfGuard from "../../outbox/SsrfGuard.js"
import { exitWith } from "../ExitCode.js"

const usage = "effect-integrations url check <url> [--allow <entry>]... [--port <n>]..."

/**
 * The URL as the user gave it, made safe to print: credentials and fragment dropped, query values masked, the path
 * kept. Whatever the guard refused it for (`ftp:`), the verdict shows which URL it is about.
 */
const shown = (raw: string): string => {
  try {
    return SsrfUrl.sanitise(new URL(raw.trim()))
  } catch {
    return raw
  }
}

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
      yield* print({ allowed: true, addresses: verdict.right.addresses, url: SsrfUrl.sanitise(verdict.right.url) })
      return yield* exitWith(0)
    }
    const blocked = verdict.left
    yield* print({
      allowed: false,
      reason: blocked.reason,
      ...(blocked.address === undefined ? {} : { address: blocked.address }),
      url: shown(input.url),
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
      Options.optional,
      Options.map(Option.getOrElse((): ReadonlyArray<string> => [])),
      Options.withDescription("open a CIDR, IP, ip:port or host:port (repeatable)")
    ),
    // Options.integer + Options.repeated rejects every value in @effect/cli 0.77.2, so ports are parsed here.
    port: Options.text("port").pipe(
      Options.repeated,
      Options.optional,
      Options.map(Option.getOrElse((): ReadonlyArray<string> => [])),
      Options.withDescription("only allow these ports (repeatable; default: any port)")
    )
  },
  runCheck
).pipe(Command.withDescription("Resolve a URL and say whether the outbox would deliver to it"))

/**
 * The `url` command with its `check` subcommand. A refusal exits 1 (a name that does not resolve
 * included), a usage error 2.
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
