/**
 * Retry defaults that several vendors' official SDKs share because one generator (Stainless) writes them: OpenAI's,
 * Anthropic's and Groq's SDKs retry twice, from 0.5 s doubling to 8 s with up to 25 % jitter, honouring
 * `retry-after-ms` / `retry-after` (capped here at 60 s), with 60 s per attempt unless an operation needs longer. A
 * vendor whose SDK says so starts from this policy, so a change to those defaults is made once.
 */
import type * as HttpIntegration from "../../core/HttpIntegration.js"

export const stainless: HttpIntegration.PolicyInput = {
  maxRetries: 2,
  baseDelay: "500 millis",
  maxDelay: "8 seconds",
  factor: 2,
  jitter: 0.25,
  maxRetryAfter: "60 seconds",
  timeout: "60 seconds"
}
