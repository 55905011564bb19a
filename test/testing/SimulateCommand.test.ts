import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as FileSystem from "@effect/platform/FileSystem"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as SimulateCommand from "../../src/cli/commands/SimulateCommand.js"
import * as Http from "./support/Http.js"

const cli = Command.run(SimulateCommand.command, { name: "effect-integrations", version: "0.0.0" })

/** Runs `simulate` with `args`, capturing what it prints. */
const start = (args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const console = yield* Effect.console
    const fiber = yield* Effect.fork(
      Effect.withConsole(cli(["node", "effect-integrations", ...args]), {
        ...console,
        log: (...parts: ReadonlyArray<unknown>) => Effect.sync(() => void lines.push(parts.map(String).join(" ")))
      })
    )
    for (let i = 0; i < 5_000 && lines.length === 0 && fiber.unsafePoll() === null; i++) {
      yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
    }
    return { fiber, output: () => lines.join("\n") }
  })

describe("SimulateCommand", () => {
  it.scoped("prints every vendor's base URL and serves until interrupted", () =>
    Effect.gen(function*() {
      const { fiber, output } = yield* start(["--seed", "5"])
      const text = output()
      expect(text).toMatch(/^Vendor simulator listening on http:\/\/127\.0\.0\.1:\d+ \(seed 5, 0 fault rules\)/)
      for (const vendor of ["stripe", "openai", "anthropic", "resend", "twilio", "hubspot", "calcom"]) expect(text).toContain(vendor)
      const stripe = /stripe\s+(\S+)/.exec(text)![1]!
      const reply = yield* Http.send(`${stripe}/v1/customers`, { headers: { authorization: "Bearer sk_test_cli" } })
      expect(reply.status).toBe(200)
      yield* Fiber.interrupt(fiber)
      yield* Effect.flip(Http.send(`${stripe}/v1/customers`, { headers: { authorization: "Bearer sk_test_cli" } }))
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scoped("applies the fault file given with --faults", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      const file = `${dir}/faults.json`
      yield* fs.writeFileString(file, JSON.stringify({ rules: [{ kind: "status", vendor: "stripe", status: 503 }] }))
      const { fiber, output } = yield* start(["--faults", file])
      expect(output()).toContain(`1 fault rule from ${file}`)
      const stripe = /stripe\s+(\S+)/.exec(output())![1]!
      expect((yield* Http.send(`${stripe}/v1/customers`, { headers: { authorization: "Bearer sk_test_cli" } })).status).toBe(503)
      yield* Fiber.interrupt(fiber)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scoped("fails naming the file and field of a bad fault file", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      const file = `${dir}/bad.json`
      yield* fs.writeFileString(file, JSON.stringify({ rules: [{ kind: "latency", ms: "slow" }] }))
      const { fiber } = yield* start(["--faults", file])
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isFailure(exit)).toBe(true)
      const error = yield* Effect.flip(exit)
      expect(String((error as { message?: string }).message)).toContain(`${file}: rules[0].ms`)
    }).pipe(Effect.provide(NodeContext.layer)))
})
