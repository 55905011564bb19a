/**
 * `effect-integrations simulate`: runs the vendor simulator on 127.0.0.1 until interrupted (Ctrl-C), printing each
 * vendor's base URL, so an app can be pointed at it by configuration and exercised offline, with faults from a file.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as FileSystem from "@effect/platform/FileSystem"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Faults from "../../testing/Faults.js"
import { vendors } from "../../testing/internal/simulator/routes.js"
import * as VendorSimulator from "../../testing/VendorSimulator.js"
import * as Failure from "../Failure.js"
import * as Flags from "../Flags.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface SimulateOptions {
  readonly port: number
  readonly faults: Option.Option<string>
  readonly seed: Option.Option<number>
}

/**
 * Starts the simulator, prints where each vendor is served, and runs until interrupted. A bad fault file or a port
 * it cannot listen on (`EADDRINUSE`, `EACCES`) fails with a `CliFailure` naming the file or the port and the cause.
 *
 * @since 0.1.0
 * @category Running
 */
export const simulate = (
  options: SimulateOptions
): Effect.Effect<never, Failure.CliFailure, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const plan = Option.isSome(options.faults)
      ? yield* Effect.mapError(Faults.load(options.faults.value), (error) => Failure.failure(`simulate: ${error.message}`))
      : Faults.none
    const seed = Option.getOrUndefined(options.seed)
    const simulator = yield* VendorSimulator.make({ port: options.port, faults: plan, seed }).pipe(
      Effect.mapError((error) =>
        Failure.failure(`simulate: cannot listen on 127.0.0.1:${options.port}: ${Failure.describe(error.cause ?? error)}`)
      )
    )
    const width = Math.max(...vendors.map((v) => v.length))
    yield* Console.log(
      [
        `Vendor simulator listening on ${simulator.url} (seed ${seed ?? plan.seed ?? 0}, ${plan.rules.length} fault rule${
          plan.rules.length === 1 ? "" : "s"
        }${Option.isSome(options.faults) ? ` from ${options.faults.value}` : ""})`,
        ...vendors.map((vendor) => `  ${vendor.padEnd(width)}  ${simulator.baseUrl(vendor)}`),
        "Press Ctrl-C to stop."
      ].join("\n")
    )
    return yield* Effect.never
  }).pipe(Effect.scoped)

/**
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make(
  "simulate",
  {
    port: Flags.port().pipe(
      Options.withDefault(0),
      Options.withDescription("port to listen on, on 127.0.0.1, 0 to 65535 (0: any free port)")
    ),
    faults: Options.file("faults").pipe(
      Options.optional,
      Options.withDescription("JSON fault plan: status codes, resets, latency, outages, drift, rate limits")
    ),
    seed: Options.integer("seed").pipe(
      Options.optional,
      Options.withDescription("seed for fault draws and ids (overrides the plan's seed)")
    )
  },
  simulate
).pipe(Command.withDescription("Run the Stripe/OpenAI/Anthropic/Resend/Twilio/HubSpot/Cal.com simulator until interrupted"))
