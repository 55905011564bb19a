import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as OpenAIError from "../../../src/vendors/openai/OpenAIError.js"

const classify = (status: number, body: unknown, vendor = "OpenAI") =>
  ResponseClassifier.classify(
    { vendor, operation: "chat.completions.create", status, headers: () => undefined, body, nowMillis: 0 },
    OpenAIError.refineError
  )

describe("OpenAIError", () => {
  it("classifies OpenAI's documented error answers", () => {
    expect(classify(401, { error: { type: "invalid_request_error", code: "invalid_api_key", param: null, message: "m" } }).reason)
      .toBe("Unauthorized")
    expect(classify(403, { error: { type: "invalid_request_error", code: "unsupported_country_region_territory" } }).reason)
      .toBe("Forbidden")
    expect(classify(429, { error: { type: "requests", code: "rate_limit_exceeded" } }).reason).toBe("RateLimited")
    expect(classify(429, { error: { type: "insufficient_quota", code: "insufficient_quota" } }).reason).toBe("Forbidden")
    expect(classify(500, { error: { type: "server_error", code: null } }).reason).toBe("Server")
    expect(classify(503, { error: { type: "server_error", message: "The engine is currently overloaded" } }).reason)
      .toBe("Overloaded")
    expect(classify(503, "<html>Slow Down</html>").reason).toBe("Overloaded")
  })

  it("keeps parameter paths but drops anything that is not an identifier", () => {
    const error = classify(400, {
      error: { type: "invalid_request_error", code: "bad value: sk-live-123 is wrong", param: "tools[0].function.name" }
    })
    expect(error.details).toEqual({ type: "invalid_request_error", param: "tools[0].function.name" })
  })

  it.prop(
    "details never carry the message and only hold identifier-like values",
    [FastCheck.string(), FastCheck.string(), FastCheck.string(), FastCheck.string({ minLength: 1 })],
    ([type, code, param, message]) => {
      const details = OpenAIError.errorDetails({ type, code, param, message: `${message}-message-canary` }) ?? {}
      for (const value of Object.values(details)) {
        expect(value).toMatch(/^[A-Za-z0-9_.:[\]-]{1,120}$/)
        expect(value).not.toContain("-message-canary")
      }
    }
  )

  it("maps errors reported inside a stream by code and type", () => {
    expect(OpenAIError.streamError("OpenAI", "responses.stream", { code: "rate_limit_exceeded" }).reason).toBe("RateLimited")
    expect(OpenAIError.streamError("OpenAI", "responses.stream", { code: "server_error" }).reason).toBe("Server")
    expect(OpenAIError.streamError("OpenAI", "responses.stream", { code: "vector_store_timeout" }).reason).toBe("Timeout")
    expect(OpenAIError.streamError("OpenAI", "responses.stream", { code: "invalid_prompt" }).reason).toBe("InvalidRequest")
    expect(OpenAIError.streamError("OpenAI", "responses.stream", { code: "insufficient_quota" }).retryable).toBe(false)
    const overloaded = OpenAIError.streamError("Groq", "chat.completions.stream", { type: "overloaded_error" })
    expect([overloaded.reason, overloaded.vendor, overloaded.retryable]).toEqual(["Overloaded", "Groq", true])
  })
})
