/**
 * `effect-integrations demo` (`npm start`): a realistic app (CRM, email, payments, SMS, AI with fallback, outbound
 * webhooks through the outbox, inbound webhooks verified) run against the local vendor simulator under injected
 * faults, with live progress on stderr and a report of what the SDK did. Needs no network and no configuration.
 * Exits 1 when a defect or a duplicate side effect shows up (a durable call lost or performed twice included), or when
 * most leads failed. `--crash` runs the durable worker in a child process that is SIGKILLed and restarted mid-run.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as DemoOptions from "../demo/Options.js"
import * as Render from "../demo/Render.js"
import * as Report from "../demo/Report.js"
import { exitWith } from "../ExitCode.js"
import * as Flags from "../Flags.js"
import * as Peers from "../Peers.js"

/**
 * Runs the demo and prints its report (one JSON object on stdout with `json`); returns the exit code it reported.
 *
 * @since 0.1.0
 * @category Running
 */
export const demo = (options: DemoOptions.DemoOptions & { readonly json: boolean }) =>
  Effect.gen(function*() {
    yield* Console.error(
      `[demo] ${options.calls} leads through HubSpot → Resend → Stripe → Twilio → OpenAI/Anthropic → outbox, then ` +
        `${Math.ceil(options.calls / 4)} analysed sales calls through Retell webhook → Cal.com → Stripe → WAHA, chaos ${options.chaos}, seed ${options.seed}${
          options.crash ? ", durable worker in a child process killed mid-run" : ""
        } (vendors simulated on 127.0.0.1)`
    )
    // The demo's outbox and tracing need optional packages: loaded here, so the other commands never need them.
    const Run = yield* Peers.load(Peers.demo, () => import("../demo/Run.js"))
    const result = yield* Run.run(options)
    yield* Console.log(
      options.json
        ? JSON.stringify({ ...result.report, spanTree: result.spanTree ?? null })
        : Render.render(result.report, result.spanTree)
    )
    const code = Report.exitCode(result.report)
    yield* exitWith(code)
    return result.report
  })

/**
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make(
  "demo",
  {
    calls: Flags.integerIn("calls", DemoOptions.limits.calls.min, DemoOptions.limits.calls.max).pipe(
      Options.withDefault(DemoOptions.defaults.calls),
      Options.withDescription("leads to run through the workflow (1 to 10000)")
    ),
    chaos: Flags.floatIn("chaos", DemoOptions.limits.chaos.min, DemoOptions.limits.chaos.max).pipe(
      Options.withDefault(DemoOptions.defaults.chaos),
      Options.withDescription("how hard the vendors misbehave, 0 (no faults) to 1 (scales every injected fault)")
    ),
    seed: Options.integer("seed").pipe(
      Options.withDefault(DemoOptions.defaults.seed),
      Options.withDescription("seed for the injected faults: the same seed replays the same plan")
    ),
    concurrency: Flags.integerIn("concurrency", DemoOptions.limits.concurrency.min, DemoOptions.limits.concurrency.max).pipe(
      Options.withDefault(DemoOptions.defaults.concurrency),
      Options.withDescription("leads processed at once (1 to 32)")
    ),
    crash: Options.boolean("crash").pipe(
      Options.withDescription("run the durable worker in a child process and SIGKILL it a few times mid-run (it is restarted)")
    ),
    json: Options.boolean("json").pipe(Options.withDescription("print the report as one JSON object on stdout"))
  },
  ({ json, ...input }) =>
    demo({ ...DemoOptions.make(input), json }).pipe(
      Effect.asVoid,
      // Logs (a dispatcher warning, a deprecation notice) go to stderr with the progress: stdout is the report alone.
      Effect.provide(Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.defaultLogger)))
    )
).pipe(
  Command.withDescription(
    "Run a realistic app against simulated vendors under injected faults and report retries, breakers, duplicates and webhooks"
  )
)
