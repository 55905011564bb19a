import { describe, expect, it } from "@effect/vitest"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as UrlCommand from "../../src/cli/commands/UrlCommand.js"
import * as SsrfGuard from "../../src/outbox/SsrfGuard.js"

// Names resolve from this table only: the CLI never reaches real DNS in tests.
const resolver = SsrfGuard.resolverFromRecord({
  "rebind.test": ["127.0.0.1"],
  "hooks.example.com": ["93.184.215.14"]
})

/** Runs the CLI with stdout and stderr captured through Effect's Console. */
const runCli = (argv: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const out: Array<string> = []
    const err: Array<string> = []
    const base = yield* Effect.console
    const console: Console.Console = {
      ...base,
      log: (...args) => Effect.sync(() => void out.push(args.join(" "))),
      error: (...args) => Effect.sync(() => void err.push(args.join(" ")))
    }
    const code = yield* UrlCommand.runUrlCli(argv).pipe(
      Effect.withConsole(console),
      Effect.provideService(SsrfGuard.Resolver, resolver)
    )
    return { code, out, err }
  })

const verdictOf = (out: ReadonlyArray<string>) => {
  expect(out).toHaveLength(1)
  return JSON.parse(out[0]!) as Record<string, unknown>
}

describe("url check", () => {
  it.effect("prints a refusal with its reason and exits 1", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runCli(["url", "check", "http://0x7f.1/admin"])
      expect(code).toBe(1)
      expect(verdictOf(out)).toMatchObject({ allowed: false, reason: "Loopback", address: "127.0.0.1" })
    }))

  it.effect("refuses a name that resolves to loopback", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runCli(["check", "http://rebind.test/hook"])
      expect(code).toBe(1)
      expect(verdictOf(out)).toMatchObject({ allowed: false, reason: "Loopback", address: "127.0.0.1" })
    }))

  it.effect("prints the resolved addresses of an allowed URL and exits 0", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runCli(["url", "check", "https://hooks.example.com/in?token=secret"])
      expect(code).toBe(0)
      const verdict = verdictOf(out)
      expect(verdict).toEqual({ allowed: true, addresses: ["93.184.215.14"], url: "https://hooks.example.com" })
      expect(out[0]).not.toContain("secret")
    }))

  it.effect("reports a name that cannot be resolved as a clear refusal, not a crash", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runCli(["url", "check", "https://offline.example.org/"])
      expect(code).toBe(1)
      const verdict = verdictOf(out)
      expect(verdict).toMatchObject({ allowed: false, reason: "ResolutionFailed" })
      expect(verdict["description"]).toContain("offline.example.org")
    }))

  it.effect("honours --allow for a self-hosted receiver", () =>
    Effect.gen(function*() {
      const open = yield* runCli(["url", "check", "--allow", "127.0.0.1:8080", "http://127.0.0.1:8080/hook"])
      expect(open.code).toBe(0)
      expect(verdictOf(open.out)).toMatchObject({ allowed: true, addresses: ["127.0.0.1"] })
      const other = yield* runCli(["url", "check", "--allow", "127.0.0.1:8080", "http://127.0.0.1:9090/hook"])
      expect(other.code).toBe(1)
    }))

  it.effect("restricts ports with --port", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runCli(["url", "check", "--port", "443", "http://93.184.215.14/"])
      expect(code).toBe(1)
      expect(verdictOf(out)).toMatchObject({ allowed: false, reason: "PortNotAllowed" })
    }))

  it.effect.each([
    [["url", "check"]],
    [["url"]],
    [["url", "check", "http://a.example/", "extra"]],
    [["url", "nope", "http://a.example/"]],
    [["url", "check", "--allow", "not a cidr", "http://93.184.215.14/"]],
    [["url", "check", "--port", "https", "http://93.184.215.14/"]],
    [["url", "check", "--port", "70000", "http://93.184.215.14/"]]
  ] as const)("exits 2 on a usage error: %j", ([argv]) =>
    Effect.gen(function*() {
      const { code, out, err } = yield* runCli(argv)
      expect(code).toBe(2)
      expect(out.filter((line) => line.startsWith("{"))).toEqual([])
      expect(err.length).toBeGreaterThan(0)
    }))
})
