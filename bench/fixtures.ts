/**
 * The bodies every benchmark variant receives or sends, so that each figure compares the same work: a Stripe customer
 * (Stripe's documented example shape), an OpenAI chat completion, and a 2 KiB webhook payload.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category Fixtures
 */
export const customerId = "cus_NffrFeUfNV2Hib"

/**
 * A customer as `GET /v1/customers/{id}` (and `POST /v1/customers`) returns it at API version 2023-08-16.
 *
 * @since 0.1.0
 * @category Fixtures
 */
export const customer = {
  id: customerId,
  object: "customer",
  address: null,
  balance: 0,
  created: 1680893993,
  currency: null,
  default_source: null,
  delinquent: false,
  description: null,
  discount: null,
  email: "jennyrosen@example.com",
  invoice_prefix: "0759376C",
  invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
  livemode: false,
  metadata: {},
  name: "Jenny Rosen",
  next_invoice_sequence: 1,
  phone: null,
  preferred_locales: [],
  shipping: null,
  tax_exempt: "none",
  test_clock: null
} as const

/**
 * The parameters every Stripe `customers.create` variant sends (as a form body, with an idempotency key of its own).
 *
 * @since 0.1.0
 * @category Fixtures
 */
export const customerCreate = { email: "jennyrosen@example.com", name: "Jenny Rosen" } as const

/**
 * The request every OpenAI variant sends.
 *
 * @since 0.1.0
 * @category Fixtures
 */
export const chatRequest = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are a terse assistant." },
    { role: "user", content: "Say hello." }
  ]
} as const

/**
 * What `POST /v1/chat/completions` answers.
 *
 * @since 0.1.0
 * @category Fixtures
 */
export const chatCompletion = {
  id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
  object: "chat.completion",
  created: 1741569952,
  model: "gpt-4o-mini-2024-07-18",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "Hello! How can I assist you today?", refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: "stop"
    }
  ],
  usage: {
    prompt_tokens: 19,
    completion_tokens: 10,
    total_tokens: 29,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0
    }
  },
  service_tier: "default",
  system_fingerprint: "fp_06737a9306"
} as const

/**
 * @since 0.1.0
 * @category Fixtures
 */
export const apiKey = "sk_test_bench_0000000000000000"

/**
 * A JSON event of exactly `bytes` bytes (UTF-8), shaped like a Stripe event so both schemes see a realistic body.
 *
 * @since 0.1.0
 * @category Fixtures
 */
export const webhookPayload = (bytes: number): string => {
  const head = {
    id: "evt_1NG8Du2eZvKYlo2CUI79vXWy",
    object: "event",
    api_version: "2023-08-16",
    created: 1686089970,
    type: "customer.updated",
    data: { object: customer }
  }
  const base = JSON.stringify({ ...head, padding: "" })
  const missing = bytes - base.length
  if (missing < 0) throw new Error(`webhookPayload: ${bytes} bytes is too small for the event`)
  return JSON.stringify({ ...head, padding: "x".repeat(missing) })
}
