import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as SsrfGuard from "../../src/outbox/SsrfGuard.js"
import * as Cli from "./support/Cli.js"

// Names resolve from this table only: the CLI never reaches real DNS in tests.
const resolver = SsrfGuard.resolverFromRecord({
  "rebind.test": ["127.0.0.1"],
  "hooks.example.com": ["93.184.215.14"]
})

/** Runs `url ...`; the leading `url` may be left out. */
const runUrl = (argv: ReadonlyArray<string>) =>
  Cli.runCli(argv[0] === "url" ? argv : ["url", ...argv]).pipe(Effect.provideService(SsrfGuard.Resolver, resolver))

const verdictOf = (out: ReadonlyArray<string>) => {
  expect(out).toHaveLength(1)
  return JSON.parse(out[0]!) as Record<string, unknown>
}

describe("url check", () => {
  it.effect("prints a refusal with its reason and exits 1", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runUrl(["url", "check", "http://0x7f.1/admin"])
      expect(code).toBe(1)
      expect(verdictOf(out)).toMatchObject({ allowed: false, reason: "Loopback", address: "127.0.0.1" })
    }))

  it.effect("refuses a name that resolves to loopback", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runUrl(["check", "http://rebind.test/hook"])
      expect(code).toBe(1)
      expect(verdictOf(out)).toMatchObject({ allowed: false, reason: "Loopback", address: "127.0.0.1" })
    }))

  it.effect("prints the resolved addresses of an allowed URL, with its path and masked query, and exits 0", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runUrl(["url", "check", "https://hooks.example.com/in?token=secret"])
      expect(code).toBe(0)
      const verdict = verdictOf(out)
      expect(verdict).toEqual({ allowed: true, addresses: ["93.184.215.14"], url: "https://hooks.example.com/in?token=REDACTED" })
      expect(out[0]).not.toContain("secret")
    }))

  it.effect("reports a name that cannot be resolved as a clear refusal, not a crash", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runUrl(["url", "check", "https://offline.example.org/"])
      expect(code).toBe(1)
      const verdict = verdictOf(out)
      expect(verdict).toMatchObject({ allowed: false, reason: "ResolutionFailed" })
      expect(verdict["description"]).toContain("offline.example.org")
    }))

  it.effect("honours --allow for a self-hosted receiver", () =>
    Effect.gen(function*() {
      const open = yield* runUrl(["url", "check", "--allow", "127.0.0.1:8080", "http://127.0.0.1:8080/hook"])
      expect(open.code).toBe(0)
      expect(verdictOf(open.out)).toMatchObject({ allowed: true, addresses: ["127.0.0.1"] })
      const other = yield* runUrl(["url", "check", "--allow", "127.0.0.1:8080", "http://127.0.0.1:9090/hook"])
      expect(other.code).toBe(1)
    }))

  it.effect("restricts ports with --port", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runUrl(["url", "check", "--port", "443", "http://93.184.215.14/"])
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
      const { code, out, err } = yield* runUrl(argv)
      expect(code).toBe(2)
      expect(out.filter((line) => line.startsWith("{"))).toEqual([])
      expect(err.length).toBeGreaterThan(0)
    }))
})
