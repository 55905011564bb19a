import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import * as Common from "../../src/webhooks/internal/common.js"
import * as SyncVerify from "../../src/webhooks/internal/syncVerify.js"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as Stripe from "../../src/webhooks/schemes/Stripe.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"

describe("matchesAny", () => {
  const hex = "a".repeat(63) + "b"

  it("accepts an equal candidate among others, whatever the order", () => {
    expect(Common.matchesAny([hex], [hex])).toBe(true)
    expect(Common.matchesAny(["x", hex, "a".repeat(64)], ["c".repeat(64), hex])).toBe(true)
  })

  it("rejects different text of the same length, other lengths and nothing to compare", () => {
    expect(Common.matchesAny(["a".repeat(64)], [hex])).toBe(false)
    expect(Common.matchesAny([hex.slice(1), `${hex}b`, ""], [hex])).toBe(false)
    expect(Common.matchesAny([], [hex])).toBe(false)
    expect(Common.matchesAny([hex], [])).toBe(false)
  })

  it("rejects non-ASCII text with as many characters as the signature", () => {
    expect(Common.matchesAny(["é".repeat(32)], ["a".repeat(32)])).toBe(false)
    expect(Common.matchesAny([`${hex.slice(0, 63)}\u0100`], [hex])).toBe(false)
  })

  it.prop("agrees with string equality", [FastCheck.array(FastCheck.string({ maxLength: 8 })), FastCheck.array(FastCheck.stringMatching(/^[a-f0-9]{0,8}$/))], ([candidates, expected]) => {
    expect(Common.matchesAny(candidates, expected)).toBe(candidates.some((c) => expected.includes(c)))
  })
})

describe("keyCache", () => {
  it("derives key material once per Redacted and keeps the order of a list", () => {
    const derived: Array<string> = []
    const keysOf = Common.keyCache((value) => {
      derived.push(value)
      return value.toUpperCase()
    })
    const a = Redacted.make("a")
    const b = Redacted.make("b")
    expect(keysOf("Test", a)).toEqual(["A"])
    expect(keysOf("Test", a)).toEqual(["A"])
    expect(keysOf("Test", [b, a])).toEqual(["B", "A"])
    expect(derived).toEqual(["a", "b"])
  })

  it("throws on an empty list and on a wiped secret, as reading the secret would", () => {
    const keysOf = Common.keyCache((value) => value)
    expect(() => keysOf("Test", [])).toThrow(Cause.IllegalArgumentException)
    const secret = Redacted.make("s")
    expect(keysOf("Test", secret)).toEqual(["s"])
    Redacted.unsafeWipe(secret)
    expect(() => keysOf("Test", secret)).toThrow()
  })

  it.effect("a wiped secret makes verification die even after it was cached", () =>
    Effect.gen(function*() {
      const secret = Redacted.make("whsec_wipe")
      const signed = yield* Stripe.scheme.sign({ body: "{}" }, secret)
      const request = makeRequest({ body: "{}", headers: signed.headers })
      expect(Exit.isSuccess(yield* Effect.exit(Webhooks.verify(Stripe.scheme, request, secret)))).toBe(true)
      Redacted.unsafeWipe(secret)
      const exit = yield* Effect.exit(Webhooks.verify(Stripe.scheme, request, secret))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
    }))
})

describe("utf8Text", () => {
  it.prop("decodes any bytes as Buffer#toString does, from a Buffer or a view into a larger array", [FastCheck.uint8Array({ maxLength: 64 }), FastCheck.nat(8)], ([bytes, offset]) => {
    const expected = Buffer.from(bytes).toString("utf8")
    expect(Common.utf8Text(Buffer.from(bytes))).toBe(expected)
    const larger = new Uint8Array(bytes.length + offset + 3).fill(0x41)
    larger.set(bytes, offset)
    expect(Common.utf8Text(larger.subarray(offset, offset + bytes.length))).toBe(expected)
  })
})

describe("windowProblem", () => {
  it("accepts exactly the tolerance either way and names the direction past it", () => {
    const now = 1_700_000_000_000
    expect(Common.windowProblem("stripe", "h", 1_700_000_000 - 300, "seconds", undefined, now)).toBeUndefined()
    expect(Common.windowProblem("stripe", "h", 1_700_000_000 + 300, "seconds", undefined, now)).toBeUndefined()
    expect(Common.windowProblem("stripe", "h", 1_700_000_000 - 301, "seconds", undefined, now)?.reason).toBe("TimestampTooOld")
    expect(Common.windowProblem("stripe", "h", 1_700_000_000 + 301, "seconds", undefined, now)?.reason).toBe(
      "TimestampInFuture"
    )
    expect(Common.windowProblem("stripe", "h", now - 1001, "millis", { tolerance: "1 second" }, now)?.toleranceSeconds).toBe(1)
  })
})

describe("synchronous cores", () => {
  it("are registered for the Stripe and Standard Webhooks scheme objects only", () => {
    expect(SyncVerify.coreOf(Stripe.scheme)).toBeDefined()
    expect(SyncVerify.coreOf(StandardWebhooks.scheme)).toBeDefined()
    expect(SyncVerify.coreOf({ ...Stripe.scheme })).toBeUndefined()
  })

  it.effect("reject Stripe headers with empty, keyless or trailing entries and accept spaces around them", () =>
    Effect.gen(function*() {
      const secret = Redacted.make("whsec_header_walk")
      const signed = yield* Stripe.scheme.sign({ body: "{}" }, secret)
      const [t, v1] = signed.headers["Stripe-Signature"]!.split(",")
      const reason = (header: string) =>
        Effect.map(
          Effect.either(Webhooks.verify(Stripe.scheme, makeRequest({ body: "{}", headers: { "Stripe-Signature": header } }), secret)),
          (result) => (result._tag === "Right" ? "valid" : result.left.reason)
        )
      expect(yield* reason(` ${t} , ${v1} `)).toBe("valid")
      expect(yield* reason(`${t},v1=00,${v1}`)).toBe("valid")
      for (const header of [`${t},,${v1}`, `${t},${v1},`, `,${t},${v1}`, `=1,${t},${v1}`, `${t},${v1},junk`, v1!]) {
        expect(yield* reason(header)).toBe("MalformedHeader")
      }
      expect(yield* reason(`${t},v0=${v1!.slice(3)}`)).toBe("InvalidSignature")
    }))
})
