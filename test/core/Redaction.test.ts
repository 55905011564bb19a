import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import * as Redaction from "../../src/core/Redaction.js"

describe("Redaction", () => {
  it("masks sensitive keys recursively and keeps the rest", () => {
    const input = {
      id: "cus_1",
      email: "jane@example.com",
      customer_name: "Jane",
      shipping: { address: { line1: "1 Main St" }, phone_number: "+15550000" },
      items: [{ sku: "a", card: { number: "4242" } }],
      headers: { Authorization: "Bearer sk_live", "X-Api-Key": "k" },
      refreshToken: "rt",
      amount: 100
    }
    expect(Redaction.redact(input)).toEqual({
      id: "cus_1",
      email: "[REDACTED]",
      customer_name: "[REDACTED]",
      shipping: { address: "[REDACTED]", phone_number: "[REDACTED]" },
      items: [{ sku: "a", card: "[REDACTED]" }],
      headers: { Authorization: "[REDACTED]", "X-Api-Key": "[REDACTED]" },
      refreshToken: "[REDACTED]",
      amount: 100
    })
  })

  it("masks Redacted values anywhere, cuts cycles and depth", () => {
    const cyclic: Record<string, unknown> = { key: Redacted.make("secret") }
    cyclic.self = cyclic
    expect(Redaction.redact(cyclic)).toEqual({ key: "[REDACTED]", self: "[Circular]" })
    expect(Redaction.redact({ a: { b: { c: 1 } } }, { maxDepth: 2 })).toEqual({ a: { b: "[Truncated]" } })
  })

  it("does not leak a canary secret through JSON of the redacted value", () => {
    const canary = "sk_canary_0123456789"
    const out = JSON.stringify(Redaction.redact({ api_key: canary, nested: [{ password: canary }], token: Redacted.make(canary) }))
    expect(out).not.toContain(canary)
  })
})

describe("Redaction.scrubText", () => {
  it("masks credentials, addresses, phone and card numbers by value", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["No such customer: jane@example.com", "No such customer: [REDACTED]"],
      ["encoded jane%40example.com here", "encoded [REDACTED] here"],
      ["Invalid API key sk_test_4eC39HqLyjWDarjtT1zdp7dc", "Invalid API key [REDACTED]"],
      ["key sk-proj-AbCdEf0123456789 and sk-ant-api03-abcdefghij", "key [REDACTED] and [REDACTED]"],
      ["hubspot pat-na1-11111111-2222-3333, resend re_123456789_abcdefgh", "hubspot [REDACTED], resend [REDACTED]"],
      ["got Authorization: Bearer abc.def-123456", "got Authorization: [REDACTED] [REDACTED]"],
      ["header was Basic QUMxMjM6c2VjcmV0", "header was Basic [REDACTED]"],
      ["url?api_key=abc123&x=1 and password: \"hunter2\"", "url?api_key=[REDACTED]&x=1 and password: \"[REDACTED]\""],
      ["redis://default:hunter2@cache:6379/0", "redis://[REDACTED]@cache:6379/0"],
      ["call +1 415 555 0199 or (415) 555-0199 or 415.555.0199", "call [REDACTED] or [REDACTED] or [REDACTED]"],
      ["card 4242 4242 4242 4242 or 4000-0566-5566-5556", "card [REDACTED] or [REDACTED]"],
      ["token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "token [REDACTED]"],
      ["hex 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "hex [REDACTED]"]
    ]
    for (const [input, expected] of cases) expect(Redaction.scrubText(input)).toBe(expected)
  })

  it("keeps what is not personal: codes, dates, versions, paths, RFC 9745 dates", () => {
    const kept = [
      "resource_missing: No such customer",
      "Twilio error 21211 at 2026-12-07T10:00:00Z, API version 2024-06-20, v1.2.3",
      "Unrecognized request URL (POST: /v1/customers/cus_123/sources)",
      "Sat, 31 Dec 2026 23:59:59 GMT",
      "@1688169599",
      "request aeb5f871-7f07-4993-9211-075dc63e7cbf"
    ]
    expect(kept.map((text) => Redaction.scrubText(text))).toEqual([...kept.slice(0, 5), "request [REDACTED]"])
  })

  it("masks a known secret wherever it appears, in any case and URL-encoded, and bounds the text", () => {
    const secret = Redacted.make("my secret/key+1")
    expect(Redaction.scrubText("a my secret/key+1 b MY SECRET/KEY+1 c my%20secret%2Fkey%2B1", { secrets: [secret] }))
      .toBe("a [REDACTED] b [REDACTED] c [REDACTED]")
    expect(Redaction.scrubText("x".repeat(50), { maxLength: 10 })).toBe(`${"x".repeat(10)}…`)
    // Too short to search for without masking half the text.
    expect(Redaction.scrubText("abc def", { secrets: ["abc"] })).toBe("abc def")
  })

  it.prop(
    "a known secret embedded in random text never survives",
    [FastCheck.string({ minLength: 6, maxLength: 40 }), FastCheck.string(), FastCheck.string()],
    ([secret, before, after]) => {
      const out = Redaction.scrubText(`${before}${secret}${after}`, { secrets: [Redacted.make(secret)] })
      expect(out.toLowerCase()).not.toContain(secret.toLowerCase())
      const encoded = Redaction.scrubText(`${before}${encodeURIComponent(secret)}${after}`, { secrets: [secret] })
      expect(encoded.toLowerCase()).not.toContain(encodeURIComponent(secret).toLowerCase())
    }
  )

  const alnum = (min: number, max: number) =>
    FastCheck.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`))
  const shaped = FastCheck.oneof(
    alnum(16, 40).map((tail) => `sk_live_${tail}`),
    alnum(16, 40).map((tail) => `sk-proj-${tail}`),
    alnum(8, 40).map((tail) => `Bearer ${tail}`),
    FastCheck.emailAddress(),
    FastCheck.stringMatching(/^\+[1-9]\d{7,13}$/),
    FastCheck.stringMatching(/^4\d{3}( \d{4}){3}$/),
    FastCheck.stringMatching(/^[0-9a-f]{32,64}$/).filter((hex) => /[a-f]/.test(hex) && /\d/.test(hex))
  )

  it.prop(
    "key-, address-, phone- and card-shaped values in random text never survive, secrets unknown",
    [shaped, FastCheck.string(), FastCheck.string()],
    ([value, before, after]) => {
      const secretPart = value.startsWith("Bearer ") ? value.slice("Bearer ".length) : value
      // Text around the value that holds the same characters (a token `toString` beside the word) proves nothing.
      FastCheck.pre(!before.includes(secretPart) && !after.includes(secretPart))
      expect(Redaction.scrubText(`${before} ${value} ${after}`)).not.toContain(secretPart)
    }
  )
})

describe("Redaction.outline", () => {
  it("keeps a body's shape and its error identifiers, never its free text", () => {
    const body = {
      error: {
        type: "invalid_request_error",
        code: "resource_missing",
        param: "customer",
        message: "No such customer: 'jane@example.com'",
        doc_url: "https://stripe.com/docs/error-codes/resource-missing"
      },
      request_id: "req_8f2b1c",
      email: "jane@example.com",
      count: 3,
      big: 14155550199,
      ok: false,
      items: [1, 2, 3, 4, 5, 6, 7],
      "jane@example.com": { nested: true }
    }
    expect(Redaction.outline(body)).toEqual({
      error: {
        type: "invalid_request_error",
        code: "resource_missing",
        param: "customer",
        message: "<string:36>",
        doc_url: "<string:52>"
      },
      request_id: "req_8f2b1c",
      email: "[REDACTED]",
      count: 3,
      big: "<number>",
      ok: false,
      items: [1, 2, 3, 4, 5, "<2 more>"],
      "<key:7>": { nested: true }
    })
    expect(Redaction.outline("plain text answer")).toBe("<string:17>")
  })

  it("drops a kept identifier that is a known secret or shaped like one, and bounds depth and width", () => {
    const secret = "canary_key_7f3a9c2e51b4d6"
    expect(Redaction.outline({ code: secret, type: "sk_live_abcdefghijklmnop", param: "14155550199" }, { secrets: [secret] }))
      .toEqual({ code: "<string:25>", type: "<string:24>", param: "<string:11>" })
    expect(Redaction.outline({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({ a: { b: { c: { d: "<object>" } } } })
    const wide = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]))
    const outlined = Redaction.outline(wide) as Record<string, unknown>
    expect(Object.keys(outlined)).toHaveLength(21)
    expect(outlined["<more keys>"]).toBe(5)
  })
})

describe("Redaction.outlineCause", () => {
  it("keeps the error's tag and code, never its message", () => {
    const pg = Object.assign(new Error("invalid input syntax for type uuid: \"jane@example.com\""), { code: "22P02" })
    const sqlError = { _tag: "SqlError", message: "Failed to execute statement", cause: pg }
    expect(Redaction.outlineCause(Cause.fail(sqlError))).toEqual({ "error.type": "SqlError", "error.code": "22P02" })
    expect(Redaction.outlineCause(Cause.die(new TypeError("jane@example.com is not a function"))))
      .toEqual({ "error.type": "TypeError", "error.kind": "defect" })
    expect(Redaction.outlineCause(Cause.interrupt("fiber" as never))).toEqual({ "error.type": "Interrupted" })
  })
})

describe("Redaction.redact by value", () => {
  it("scrubs every string leaf and key, and the known secrets", () => {
    const out = Redaction.redact(
      { note: "call +1 415 555 0199", list: ["jane@example.com"], "jane@example.com": 1, id: "cus_1", echo: "k=canary-123" },
      { secrets: ["canary-123"] }
    )
    expect(out).toEqual({ note: "call [REDACTED]", list: ["[REDACTED]"], "[REDACTED]": 1, id: "cus_1", echo: "k=[REDACTED]" })
  })
})

import * as Telemetry from "../../src/core/Telemetry.js"

describe("Telemetry.sanitizeUrl", () => {
  it("keeps ids and drops query values, userinfo and personal path segments", () => {
    const url = new URL("https://user:pw@api.hubapi.com/crm/v3/objects/contacts/jane%40example.com?idProperty=email&archived=false#x")
    expect(Telemetry.sanitizeUrl(url)).toBe(
      "https://api.hubapi.com/crm/v3/objects/contacts/REDACTED?idProperty=REDACTED&archived=REDACTED"
    )
    expect(Telemetry.sanitizePath("/v1/customers/cus_123")).toBe("/v1/customers/cus_123")
    expect(Telemetry.sanitizePath("/lookup/+14155550123")).toBe("/lookup/REDACTED")
    expect(Telemetry.sanitizePath("/2010-04-01/Accounts/AC123/Messages.json")).toBe("/2010-04-01/Accounts/AC123/Messages.json")
  })
})
