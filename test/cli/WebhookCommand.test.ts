import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { vectors } from "../webhooks/vectors.js"
import * as Cli from "./support/Cli.js"

/** Runs `webhook ...` through the root CLI. */
const runCli = (args: ReadonlyArray<string>) => Cli.runCli(["webhook", ...args])

const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "webhook-cli-"))
afterAll(() => NodeFs.rmSync(dir, { recursive: true, force: true }))
let fileCounter = 0
const bodyFile = (body: string | Uint8Array) => {
  const path = NodePath.join(dir, `body-${++fileCounter}`)
  NodeFs.writeFileSync(path, body)
  return path
}

const parseLine = (out: ReadonlyArray<string>) => {
  expect(out).toHaveLength(1)
  return JSON.parse(out[0]!) as { valid: boolean; reason?: string; hint?: string; description?: string; id?: string }
}

const headerArgs = (headers: Readonly<Record<string, string>>) =>
  Object.entries(headers).flatMap(([name, value]) => ["--header", `${name}: ${value}`])

describe("webhook verify (CLI) over the shared vectors", () => {
  for (const v of vectors) {
    it.effect(`${v.id}: exits ${v.valid ? 0 : 1}${v.reason === undefined ? "" : ` with ${v.reason}`}`, () =>
      Effect.gen(function*() {
        const args = [
          "verify",
          "--scheme",
          v.scheme,
          ...v.secrets.flatMap((secret) => ["--secret", secret]),
          ...v.publicKeys.flatMap((key) => ["--public-key", key]),
          ...headerArgs(v.headers),
          "--body-file",
          bodyFile(v.body),
          ...(v.now === undefined ? [] : ["--now", String(v.now)]),
          ...(v.toleranceSeconds === undefined ? [] : ["--tolerance", String(v.toleranceSeconds)]),
          ...(v.url === undefined ? [] : ["--url", v.url])
        ]
        const { code, out } = yield* runCli(args)
        const line = parseLine(out)
        expect(code).toBe(v.valid ? 0 : 1)
        expect(line.valid).toBe(v.valid)
        if (!v.valid) {
          expect(line.reason).toBe(v.reason)
          expect(line.hint?.length ?? 0).toBeGreaterThan(20)
        }
        // Nothing printed may help forge a signature: no secret, no expected signature.
        for (const secret of v.secrets) expect(out[0]).not.toContain(secret)
        expect(out[0]).not.toContain(v.expectedSignature)
      }))
  }
})

const vector = (id: string) => {
  const found = vectors.find((v) => v.id === id)
  if (found === undefined) throw new Error(`no vector ${id}`)
  return found
}

const verifyArgs = (id: string, overrides: { readonly body?: string; readonly secret?: string } = {}) => {
  const v = vector(id)
  return [
    "verify",
    "--scheme",
    v.scheme,
    ...(overrides.secret === undefined ? v.secrets : [overrides.secret]).flatMap((secret) => ["--secret", secret]),
    ...headerArgs(v.headers),
    "--body-file",
    bodyFile(overrides.body ?? v.body),
    ...(v.now === undefined ? [] : ["--now", String(v.now)]),
    ...(v.url === undefined ? [] : ["--url", v.url])
  ]
}

describe("webhook verify (CLI) hints", () => {
  it.effect("spots a body that gained a trailing newline", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runCli(verifyArgs("stripe-valid", { body: `${vector("stripe-valid").body}\n` }))
      expect(code).toBe(1)
      expect(parseLine(out).hint).toContain("WITHOUT its final newline")
    }))

  it.effect("spots JSON that was parsed and pretty-printed before verifying", () =>
    Effect.gen(function*() {
      const { out } = yield* runCli(verifyArgs("sw-gen-reserialized-json"))
      expect(parseLine(out).hint).toContain("minified form of this JSON")
    }))

  it.effect("spots Stripe JSON that was minified before verifying", () =>
    Effect.gen(function*() {
      const { out } = yield* runCli(verifyArgs("stripe-reserialized-json"))
      expect(parseLine(out).hint).toContain("pretty-printed (2 spaces)")
    }))

  it.effect("spots a Stripe secret whose whsec_ prefix was stripped, without printing it", () =>
    Effect.gen(function*() {
      const { out } = yield* runCli(verifyArgs("stripe-secret-without-prefix"))
      const line = parseLine(out)
      expect(line.hint).toContain("whsec_ prefix kept")
      expect(out[0]).not.toContain("b3b3f47e4cf4087bb88b5c659af00990")
    }))

  it.effect("says how old a stale delivery is and that its signature matched", () =>
    Effect.gen(function*() {
      const { out } = yield* runCli(verifyArgs("sw-official-old-timestamp"))
      const line = parseLine(out)
      expect(line.reason).toBe("TimestampTooOld")
      expect(line.hint).toContain("301 s old (tolerance 300 s)")
      expect(line.hint).toContain("signature matches")
    }))

  it.effect("flags a whole number of hours of skew as a likely time-zone bug", () =>
    Effect.gen(function*() {
      const { out } = yield* runCli(verifyArgs("stripe-future-timestamp"))
      const line = parseLine(out)
      expect(line.reason).toBe("TimestampInFuture")
      expect(line.hint).toContain("3600 s in the future")
      expect(line.hint).toContain("1 h off")
    }))

  it.effect("suggests the scheme whose signature header is present", () =>
    Effect.gen(function*() {
      const stripe = vector("stripe-valid")
      const { code, out } = yield* runCli([
        "verify",
        "--scheme",
        "standard",
        "--secret",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ...headerArgs(stripe.headers),
        "--body-file",
        bodyFile(stripe.body)
      ])
      expect(code).toBe(1)
      const line = parseLine(out)
      expect(line.reason).toBe("MissingHeader")
      expect(line.hint).toContain("--scheme stripe")
      expect(line.hint).toContain("headers given: stripe-signature")
    }))

  it.effect("asks for the public key when a v1a signature is checked with an HMAC secret", () =>
    Effect.gen(function*() {
      const v1a = vector("sw-v1a-official")
      const { out } = yield* runCli([
        "verify",
        "--scheme",
        "standard",
        "--secret",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ...headerArgs(v1a.headers),
        "--body-file",
        bodyFile(v1a.body),
        "--now",
        String(v1a.now)
      ])
      expect(parseLine(out).hint).toContain("--public-key")
    }))

  it.effect("spots a Twilio URL whose scheme differs from the one Twilio called", () =>
    Effect.gen(function*() {
      const twilio = vector("twilio-docs-valid")
      const { out } = yield* runCli([
        "verify",
        "--scheme",
        "twilio",
        "--secret",
        "12345",
        ...headerArgs(twilio.headers),
        "--body-file",
        bodyFile(twilio.body),
        "--url",
        twilio.url!.replace("https://", "http://")
      ])
      expect(parseLine(out).hint).toContain("matches for https://mycompany.com/myapp.php?foo=1&bar=2")
    }))
})

describe("webhook verify (CLI) usage errors exit 2", () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
    ["no --body-file", ["verify", "--scheme", "stripe", "--secret", "whsec_x"]],
    ["an unknown scheme", ["verify", "--scheme", "paypal", "--secret", "x", "--body-file", "/dev/null"]],
    ["no secret", ["verify", "--scheme", "stripe", "--body-file", "/dev/null"]],
    ["an API key as the Stripe secret", ["verify", "--scheme", "stripe", "--secret", "sk_test_123", "--body-file", "/dev/null"]],
    ["a Standard Webhooks secret that is not base64", ["verify", "--scheme", "standard", "--secret", "whsec_not base64!", "--body-file", "/dev/null"]],
    ["twilio without --url", ["verify", "--scheme", "twilio", "--secret", "12345", "--body-file", "/dev/null"]],
    ["a header without a colon", ["verify", "--scheme", "stripe", "--secret", "whsec_x", "--header", "oops", "--body-file", "/dev/null"]],
    ["an unreadable body file", ["verify", "--scheme", "stripe", "--secret", "whsec_x", "--body-file", "/nonexistent/body"]],
    ["a public key for a non-standard scheme", ["verify", "--scheme", "github", "--public-key", "whpk_x", "--body-file", "/dev/null"]]
  ]
  for (const [name, args] of cases) {
    it.effect(`for ${name}`, () =>
      Effect.gen(function*() {
        const { code, err, out } = yield* runCli(args)
        expect(code).toBe(2)
        expect(out.filter((line) => line.startsWith("{"))).toHaveLength(0)
        expect(err.join("\n").length).toBeGreaterThan(0)
      }))
  }

  it.effect("never echoes the rejected secret", () =>
    Effect.gen(function*() {
      const { err } = yield* runCli(["verify", "--scheme", "stripe", "--secret", "sk_live_supersecret", "--body-file", "/dev/null"])
      expect(err.join("\n")).not.toContain("supersecret")
    }))

  it.effect("prints help and exits 0 for --help", () =>
    Effect.gen(function*() {
      const { code, out } = yield* runCli(["verify", "--help"])
      expect(code).toBe(0)
      expect(out.join("\n")).toContain("--body-file")
    }))
})

describe("webhook sign (CLI)", () => {
  const schemes: ReadonlyArray<readonly [string, string, ReadonlyArray<string>]> = [
    ["standard", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", []],
    ["stripe", "whsec_b3b3f47e4cf4087bb88b5c659af00990", []],
    ["github", "It's a Secret to Everybody", []],
    ["slack", "8f742231b10e8888abcd99yyyzzz85a5", []],
    ["twilio", "12345", ["--url", "https://example.com/twilio?x=1"]],
    ["hubspot", "client-secret", ["--url", "https://example.com/hubspot"]],
    ["shopify", "shpss_secret", []],
    ["calcom", "cal-secret", []],
    ["retell", "key_retell", []],
    ["llamacloud", "whsec_llamacloud", []],
    ["firecrawl", "firecrawl-secret", []]
  ]
  for (const [scheme, secret, extra] of schemes) {
    it.effect(`${scheme}: the printed headers verify with the same secret, clock and body`, () =>
      Effect.gen(function*() {
        const body = bodyFile(scheme === "twilio" ? "CallSid=CA1&Digits=1234" : "{\"id\":\"evt_1\",\"emoji\":\"✓\"}")
        const signed = yield* runCli([
          "sign",
          "--scheme",
          scheme,
          "--secret",
          secret,
          "--body-file",
          body,
          "--id",
          "delivery-1",
          "--now",
          "1700000000",
          ...extra
        ])
        expect(signed.code).toBe(0)
        expect(signed.out.length).toBeGreaterThan(0)
        expect(signed.out.every((line) => /^[\w-]+: \S/.test(line))).toBe(true)
        const verified = yield* runCli([
          "verify",
          "--scheme",
          scheme,
          "--secret",
          secret,
          ...signed.out.flatMap((line) => ["--header", line]),
          "--body-file",
          body,
          "--now",
          "1700000060",
          ...extra
        ])
        expect(verified.code).toBe(0)
        expect(parseLine(verified.out).valid).toBe(true)
      }))
  }

  it.effect("refuses to sign with a v1a public key", () =>
    Effect.gen(function*() {
      const { code } = yield* runCli([
        "sign",
        "--scheme",
        "standard",
        "--secret",
        "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=",
        "--body-file",
        bodyFile("{}")
      ])
      expect(code).toBe(2)
    }))

  it.effect("signs v1a with a whsk_ key and the official vector's signature comes out", () =>
    Effect.gen(function*() {
      const v1a = vector("sw-v1a-official")
      const { code, out } = yield* runCli([
        "sign",
        "--scheme",
        "standard",
        "--secret",
        "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==",
        "--id",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "--now",
        "1614265330",
        "--body-file",
        bodyFile(v1a.body)
      ])
      expect(code).toBe(0)
      expect(out).toContain(`webhook-signature: ${v1a.headers["webhook-signature"]}`)
    }))
})
