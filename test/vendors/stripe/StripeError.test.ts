import { describe, expect, it } from "@effect/vitest"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as ServerHints from "../../../src/core/ServerHints.js"
import * as StripeError from "../../../src/vendors/stripe/StripeError.js"

const classify = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  ResponseClassifier.classify(
    {
      vendor: "Stripe",
      operation: "paymentIntents.confirm",
      status,
      body,
      headers: ServerHints.lookupFromRecord(headers),
      nowMillis: 0,
      requestId: "req_abc"
    },
    StripeError.refineError,
    [...ResponseClassifier.defaultDetailFields, ...StripeError.detailFields]
  )

const MESSAGE = "Your card ending in 4242 for jenny@example.com has insufficient funds."

describe("StripeError", () => {
  it("keeps a card error as InvalidRequest with its identifiers and without Stripe's message", () => {
    const error = classify(402, {
      error: {
        type: "card_error",
        code: "card_declined",
        decline_code: "insufficient_funds",
        param: "payment_method",
        message: MESSAGE,
        doc_url: "https://stripe.com/docs/error-codes/card-declined",
        charge: "ch_123"
      }
    })
    expect(error.reason).toBe("InvalidRequest")
    expect(error.retryable).toBe(false)
    expect(error.status).toBe(402)
    expect(error.requestId).toBe("req_abc")
    expect(error.details).toEqual({
      type: "card_error",
      code: "card_declined",
      decline_code: "insufficient_funds",
      param: "payment_method",
      doc_url: "https://stripe.com/docs/error-codes/card-declined"
    })
    expect(error.description).toContain("insufficient_funds")
    for (const text of [error.message, error.description, JSON.stringify(error.details)]) {
      expect(text).not.toContain("4242")
      expect(text).not.toContain("jenny@example.com")
    }
    expect(StripeError.isCardError(error)).toBe(true)
    expect(StripeError.hasCode("card_declined")(error)).toBe(true)
    expect(StripeError.details(error).decline_code).toBe("insufficient_funds")
  })

  it("maps idempotency_error to Idempotency, never retried", () => {
    const error = classify(400, { error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters" } })
    expect(error.reason).toBe("Idempotency")
    expect(error.retryable).toBe(false)
    expect(error.details?.type).toBe("idempotency_error")
  })

  it("reads lock_timeout and idempotency_key_in_use as RateLimited (retryable): nothing was processed", () => {
    for (const status of [409, 429]) {
      const error = classify(status, { error: { type: "invalid_request_error", code: "lock_timeout" } })
      expect([status, error.reason, error.retryable]).toEqual([status, "RateLimited", true])
    }
    const inUse = classify(409, { error: { type: "invalid_request_error", code: "idempotency_key_in_use" } })
    expect([inUse.reason, inUse.retryable]).toEqual(["RateLimited", true])
    // Any other conflict stays a conflict.
    expect(classify(409, { error: { type: "invalid_request_error", code: "resource_already_exists" } }).reason).toBe("Conflict")
  })

  it("lets Stripe-Should-Retry decide over the reason", () => {
    expect(classify(500, { error: { type: "api_error" } }, { "stripe-should-retry": "false" }).retryable).toBe(false)
    expect(classify(409, { error: { type: "invalid_request_error" } }, { "stripe-should-retry": "true" }).retryable).toBe(true)
    // Stripe's header wins over its own body: a lock timeout it says not to repeat is not repeated.
    const locked = { error: { type: "invalid_request_error", code: "lock_timeout" } }
    expect(classify(409, locked, { "Stripe-Should-Retry": " FALSE " }).retryable).toBe(false)
    expect(classify(409, locked, { "stripe-should-retry": "maybe" }).retryable).toBe(true)
  })

  it("reads Stripe-Should-Retry in its own refineError, not in the kernel", () => {
    const facts = (headers: Record<string, string>): ResponseClassifier.ResponseFacts => ({
      vendor: "Stripe",
      operation: "customers.create",
      status: 409,
      body: undefined,
      headers: ServerHints.lookupFromRecord(headers),
      nowMillis: 0
    })
    const verdict: ResponseClassifier.Verdict = { reason: "Conflict", description: "Stripe answered HTTP 409" }
    expect(StripeError.refineError(facts({ "stripe-should-retry": "true" }), verdict).retryable).toBe(true)
    expect(StripeError.refineError(facts({ "stripe-should-retry": "false" }), verdict).retryable).toBe(false)
    expect(StripeError.refineError(facts({}), verdict).retryable).toBeUndefined()
    // Without the dialect, the header means nothing: the kernel reads only the generic `x-should-retry`.
    const generic = ResponseClassifier.classify(facts({ "stripe-should-retry": "true" }))
    expect(generic.serverRetryHint).toBeUndefined()
    expect(generic.retryable).toBe(false)
  })

  it("keeps bracketed parameter names and drops a doc_url that is not Stripe's", () => {
    const error = classify(400, {
      error: {
        type: "invalid_request_error",
        code: "resource_missing",
        param: "items[0][price]",
        doc_url: "https://evil.example.com/?q=secret"
      }
    })
    expect(error.reason).toBe("InvalidRequest")
    expect(error.details).toEqual({ type: "invalid_request_error", code: "resource_missing", param: "items[0][price]" })
  })

  it("keeps the status verdict for bodies that are not Stripe errors", () => {
    expect(classify(404, { error: { type: "invalid_request_error", code: "resource_missing" } }).reason).toBe("NotFound")
    expect(classify(429, "Too many requests").reason).toBe("RateLimited")
    expect(classify(503, undefined).reason).toBe("Server")
  })

  it("answers guards only for Stripe errors", () => {
    const other = new IntegrationError({
      vendor: "Demo",
      operation: "x",
      reason: "InvalidRequest",
      description: "d",
      details: { type: "card_error", code: "card_declined" }
    })
    expect(StripeError.isCardError(other)).toBe(false)
    expect(StripeError.hasCode("card_declined")(other)).toBe(false)
    expect(StripeError.details(other)).toEqual({})
    expect(StripeError.isCardError("card_error")).toBe(false)
  })
})
