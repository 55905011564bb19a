import { describe, expect, it } from "@effect/vitest"
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
