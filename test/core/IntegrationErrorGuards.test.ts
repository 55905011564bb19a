import { describe, expect, it } from "@effect/vitest"
import * as IntegrationError from "../../src/core/IntegrationError.js"

const make = (
  vendor: string,
  fields: Partial<Pick<IntegrationError.IntegrationError, "reason" | "details" | "mayHaveSucceeded">> = {}
) =>
  new IntegrationError.IntegrationError({
    vendor,
    operation: "orders.create",
    reason: fields.reason ?? "InvalidRequest",
    description: "x",
    ...(fields.details !== undefined ? { details: fields.details } : {}),
    ...(fields.mayHaveSucceeded !== undefined ? { mayHaveSucceeded: fields.mayHaveSucceeded } : {})
  })

// Written out rather than read from `ambiguousReasons`, so that a change to the set fails here.
const lostOrFailed: ReadonlyArray<IntegrationError.Reason> = ["Timeout", "Transport", "Server", "Overloaded"]
const unreadable: ReadonlyArray<IntegrationError.Reason> = ["ResponseDrift", "ResponseTooLarge"]
const ambiguous = [...lostOrFailed, ...unreadable]

describe("IntegrationError.guard", () => {
  const isDeclined = IntegrationError.guard("Acme", (error) => error.details?.code === "card_declined")

  it("accepts an error of its vendor for which the predicate holds, and no other of that vendor", () => {
    expect(isDeclined(make("Acme", { details: { code: "card_declined" } }))).toBe(true)
    expect(isDeclined(make("Acme", { details: { code: "expired_card" } }))).toBe(false)
    expect(isDeclined(make("Acme"))).toBe(false)
  })

  it("rejects another vendor's error with the same details", () => {
    expect(isDeclined(make("Other", { details: { code: "card_declined" } }))).toBe(false)
  })

  it("rejects values that are not IntegrationErrors, look-alikes included, without calling the predicate", () => {
    const seen: Array<unknown> = []
    const spy = IntegrationError.guard("Acme", (error) => {
      seen.push(error)
      return true
    })
    const lookAlike = { _tag: "IntegrationError", vendor: "Acme", operation: "orders.create", reason: "Server" }
    for (const value of [undefined, null, "Acme", 42, new Error("Acme"), lookAlike]) {
      expect(spy(value)).toBe(false)
    }
    expect(seen).toEqual([])
    expect(spy(make("Acme"))).toBe(true)
    expect(seen).toHaveLength(1)
  })

  it("accepts any of several vendor names sharing one dialect, and only those", () => {
    const isCode = IntegrationError.guard(["AcmeEU", "AcmeUS"], (error) => error.details?.code === "busy")
    expect(isCode(make("AcmeEU", { details: { code: "busy" } }))).toBe(true)
    expect(isCode(make("AcmeUS", { details: { code: "busy" } }))).toBe(true)
    expect(isCode(make("Acme", { details: { code: "busy" } }))).toBe(false)
  })
})

describe("IntegrationError.detailsOf", () => {
  interface Details {
    readonly code?: string | undefined
    readonly kind?: "quota" | undefined
  }
  const details = IntegrationError.detailsOf<Details>("Acme")

  it("reads the details of its vendor's error", () => {
    expect(details(make("Acme", { details: { code: "card_declined", kind: "quota" } }))).toEqual({
      code: "card_declined",
      kind: "quota"
    })
  })

  it("reads {} for another vendor's error, and for an error without details", () => {
    expect(details(make("Other", { details: { code: "card_declined" } }))).toEqual({})
    expect(details(make("Acme"))).toEqual({})
  })

  it("reads the details of any of several vendor names", () => {
    const shared = IntegrationError.detailsOf<Details>(["AcmeEU", "AcmeUS"])
    expect(shared(make("AcmeUS", { details: { code: "busy" } }))).toEqual({ code: "busy" })
    expect(shared(make("Acme", { details: { code: "busy" } }))).toEqual({})
  })
})

describe("IntegrationError.mayHaveTakenEffect", () => {
  it("is true for a reason that leaves the vendor's work unknown, false for a refusal before it", () => {
    for (const reason of IntegrationError.Reason.literals) {
      expect([reason, IntegrationError.mayHaveTakenEffect(make("Acme", { reason }))]).toEqual([
        reason,
        ambiguous.includes(reason)
      ])
    }
  })

  it("is true whatever the reason when the kernel marked the call mayHaveSucceeded", () => {
    for (const reason of IntegrationError.Reason.literals) {
      expect([reason, IntegrationError.mayHaveTakenEffect(make("Acme", { reason, mayHaveSucceeded: true }))]).toEqual([
        reason,
        true
      ])
      expect([reason, IntegrationError.mayHaveTakenEffect(make("Acme", { reason, mayHaveSucceeded: false }))]).toEqual([
        reason,
        ambiguous.includes(reason)
      ])
    }
  })

  it("lists in ambiguousReasons exactly the reasons it counts", () => {
    expect([...IntegrationError.ambiguousReasons].sort()).toEqual([...ambiguous].sort())
  })
})
