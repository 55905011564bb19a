import { describe, expect, it } from "@effect/vitest"
import * as VendorClient from "../../src/core/VendorClient.js"

describe("VendorClient.path", () => {
  it("percent-encodes every interpolated value, so an id stays one segment", () => {
    const id = "cus_a/b?c#d"
    expect(VendorClient.path`/v1/customers/${id}`).toBe("/v1/customers/cus_a%2Fb%3Fc%23d")
    expect(VendorClient.path`/v1/payment_intents/${"pi 1"}/confirm`).toBe("/v1/payment_intents/pi%201/confirm")
    expect(VendorClient.path`/2010-04-01/Accounts/${"AC1"}/Messages/${"SM1"}.json`).toBe(
      "/2010-04-01/Accounts/AC1/Messages/SM1.json"
    )
    expect(VendorClient.path`/crm/v3/objects/${42}`).toBe("/crm/v3/objects/42")
    expect(VendorClient.path`/health`).toBe("/health")
  })

  it("keeps the path when resolved against a base URL, whatever the value holds", () => {
    for (const id of ["a/../../admin", "x?admin=1", "%2e%2e", "a\\b", "é"]) {
      const url = new URL(`https://api.acme.example${VendorClient.path`/v1/orders/${id}/items`}`)
      expect(url.pathname.startsWith("/v1/orders/")).toBe(true)
      expect(url.pathname.endsWith("/items")).toBe(true)
      expect(url.search).toBe("")
      expect(decodeURIComponent(url.pathname.slice("/v1/orders/".length, -"/items".length))).toBe(id)
    }
  })
})
