/**
 * Stripe contract: for every operation the client implements, the request it actually sends (captured at a local
 * server) is checked against Stripe's OpenAPI spec (API version 2023-08-16) and against what stripe-node sends for the
 * same parameters, and the spec's sampled response (plus any examples) decodes with our Schemas.
 */
import { describe, expect, it } from "@effect/vitest"
import { Ajv } from "ajv"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import Stripe from "stripe"
import type { IntegrationError } from "../../src/core/IntegrationError.js"
import * as ResponseClassifier from "../../src/core/ResponseClassifier.js"
import * as StripeClient from "../../src/vendors/stripe/StripeClient.js"
import * as StripeError from "../../src/vendors/stripe/StripeError.js"
import * as S from "../../src/vendors/stripe/StripeSchemas.js"
import * as StripeServer from "../vendors/stripe/support/StripeServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"

const spec = OpenApi.load("stripe/spec3.yaml")
const FORM = "application/x-www-form-urlencoded"

type Node = Record<string, unknown>
const isNode = (u: unknown): u is Node => typeof u === "object" && u !== null && !Array.isArray(u)

const resolve = (schema: unknown): Node => {
  let current = schema
  for (let i = 0; i < 20 && isNode(current) && typeof current.$ref === "string"; i++) {
    current = current.$ref.slice(2).split("/").reduce<unknown>((node, key) => (isNode(node) ? node[key] : undefined), spec.document)
  }
  return isNode(current) ? current : {}
}

/** Form values are all strings on the wire; read them back with the types the spec declares, as Stripe does. */
const coerce = (schema: unknown, value: unknown): unknown => {
  const s = resolve(schema)
  const alternatives = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined
  if (alternatives !== undefined) {
    if (typeof value === "string") {
      for (const alternative of alternatives) {
        const converted = coerce(alternative, value)
        if (converted !== value) return converted
      }
      return value
    }
    const match = alternatives.map(resolve).find((alt) =>
      Array.isArray(value) ? alt.type === "array" : alt.type === "object" || alt.properties !== undefined
    )
    return match === undefined ? value : coerce(match, value)
  }
  switch (s.type) {
    case "integer":
    case "number":
      return typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value
    case "array":
      return Array.isArray(value) ? value.map((item) => coerce(s.items, item)) : value
    default: {
      if (!isNode(value)) return value
      const properties = isNode(s.properties) ? s.properties : {}
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, coerce(properties[key] ?? s.additionalProperties, item)])
      )
    }
  }
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })

const parameters = (method: string, template: string): ReadonlyArray<Node> => {
  const item = resolve((spec.document.paths as Node)[template])
  const operation = resolve(item[method.toLowerCase()])
  return (Array.isArray(operation.parameters) ? operation.parameters : []).map(resolve)
}

/** Checks a query string against the operation's declared query parameters. */
const validateQuery = (method: string, template: string, query: URLSearchParams): ReadonlyArray<string> => {
  const declared = new Map(parameters(method, template).filter((p) => p.in === "query").map((p) => [String(p.name), p]))
  const problems: Array<string> = []
  for (const [name, value] of Object.entries(OpenApi.formToObject(query.toString()))) {
    const parameter = declared.get(name)
    if (parameter === undefined) {
      problems.push(`${name} is not a query parameter of ${method} ${template}`)
      continue
    }
    const validate = ajv.compile(parameter.schema as object)
    if (validate(coerce(parameter.schema, value)) !== true) problems.push(`${name}: ${ajv.errorsText(validate.errors)}`)
  }
  return problems
}

const pathPattern = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`)

const sortedPairs = (text: string) =>
  [...new URLSearchParams(text)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

interface Case {
  readonly operation: string
  readonly method: "GET" | "POST" | "DELETE"
  readonly template: string
  readonly ours: (stripe: StripeClient.Service) => Effect.Effect<unknown, IntegrationError>
  readonly theirs: (stripe: Stripe) => Promise<unknown>
  readonly output: Schema.Schema<unknown, unknown>
}

const typed = <A, I>(schema: Schema.Schema<A, I>) => schema as unknown as Schema.Schema<unknown, unknown>

// Every field each operation models, so a misspelt or mistyped parameter fails the spec's `additionalProperties: false`.
const customerCreate = {
  address: { city: "Paris", country: "FR", line1: "1 rue de Rivoli", line2: "2e", postal_code: "75001", state: "IDF" },
  balance: -500,
  coupon: "SUMMER",
  description: "VIP & friends",
  email: "jenny@example.com",
  expand: ["test_clock"],
  invoice_prefix: "JENNY01",
  invoice_settings: { default_payment_method: "pm_1", footer: "Thanks!" },
  metadata: { plan: "pro", removed: "" },
  name: "Jenny Rosen",
  next_invoice_sequence: 7,
  phone: "+33123456789",
  preferred_locales: ["fr", "en"],
  promotion_code: "promo_1",
  shipping: { address: { line1: "1 rue de Rivoli", city: "Paris" }, name: "Jenny", phone: "+331" },
  source: "tok_visa",
  tax_exempt: "none" as const,
  payment_method: "pm_card_visa",
  test_clock: "clock_1"
}
const customerUpdate = {
  address: "" as const,
  shipping: "" as const,
  metadata: "" as const,
  default_source: "card_1",
  description: "",
  tax_exempt: "" as const,
  email: "new@example.com"
}
const customerList = {
  created: { gte: 1_600_000_000, lt: 1_700_000_000 },
  email: "jenny@example.com",
  limit: 3,
  starting_after: "cus_0",
  expand: ["data.test_clock"],
  test_clock: "clock_1"
}
const paymentIntentCreate = {
  amount: 2000,
  currency: "usd",
  application_fee_amount: 10,
  automatic_payment_methods: { enabled: true, allow_redirects: "never" as const },
  capture_method: "manual" as const,
  confirm: true,
  confirmation_method: "automatic" as const,
  customer: "cus_1",
  description: "Order #42",
  error_on_requires_action: true,
  expand: ["customer"],
  mandate: "mandate_1",
  metadata: { order: "42" },
  off_session: "recurring" as const,
  on_behalf_of: "acct_1",
  payment_method: "pm_1",
  payment_method_types: ["card"],
  receipt_email: "jenny@example.com",
  return_url: "https://example.com/return",
  setup_future_usage: "off_session" as const,
  statement_descriptor: "EXAMPLE",
  statement_descriptor_suffix: "ORDER 42",
  transfer_data: { destination: "acct_1", amount: 100 },
  transfer_group: "group_42"
}
const paymentIntentConfirm = {
  capture_method: "automatic" as const,
  error_on_requires_action: false,
  expand: ["latest_charge"],
  mandate: "mandate_1",
  off_session: true,
  payment_method: "pm_1",
  payment_method_types: ["card"],
  receipt_email: "",
  return_url: "https://example.com/return",
  setup_future_usage: "" as const
}
const checkoutCreate = {
  success_url: "https://example.com/success?session={CHECKOUT_SESSION_ID}",
  cancel_url: "https://example.com/cancel",
  mode: "payment" as const,
  line_items: [
    { price: "price_1", quantity: 2, adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 }, tax_rates: ["txr_1"] },
    {
      price_data: {
        currency: "eur",
        product_data: { name: "T-shirt", description: "Blue", images: ["https://example.com/t.png"], metadata: { sku: "t1" } },
        unit_amount: 1500,
        tax_behavior: "exclusive" as const,
        recurring: { interval: "month" as const, interval_count: 1 }
      },
      quantity: 1
    }
  ],
  allow_promotion_codes: true,
  automatic_tax: { enabled: true },
  billing_address_collection: "required" as const,
  client_reference_id: "order_42",
  currency: "eur",
  customer_creation: "always" as const,
  customer_email: "jenny@example.com",
  discounts: [{ coupon: "SUMMER" }],
  expand: ["line_items"],
  expires_at: 1_700_000_000,
  locale: "fr",
  metadata: { order: "42" },
  payment_intent_data: {
    capture_method: "manual" as const,
    description: "Order 42",
    metadata: { order: "42" },
    receipt_email: "jenny@example.com",
    setup_future_usage: "on_session" as const,
    statement_descriptor: "EXAMPLE",
    statement_descriptor_suffix: "O42",
    transfer_group: "g42"
  },
  payment_method_types: ["card"],
  phone_number_collection: { enabled: true },
  submit_type: "pay" as const,
  subscription_data: { description: "Monthly", metadata: { plan: "pro" }, trial_end: 1_700_000_000, trial_period_days: 7 }
}
const subscriptionCreate = {
  customer: "cus_1",
  items: [{ price: "price_1", quantity: 2, metadata: { seat: "a" }, tax_rates: ["txr_1"] }, { price: "price_2", tax_rates: "" as const }],
  application_fee_percent: 12.5,
  automatic_tax: { enabled: true },
  backdate_start_date: 1_600_000_000,
  billing_cycle_anchor: 1_700_000_000,
  cancel_at: 1_800_000_000,
  cancel_at_period_end: false,
  collection_method: "send_invoice" as const,
  coupon: "SUMMER",
  currency: "eur",
  days_until_due: 30,
  default_payment_method: "pm_1",
  default_source: "card_1",
  default_tax_rates: ["txr_1"],
  description: "Pro plan",
  expand: ["latest_invoice"],
  metadata: { plan: "pro" },
  off_session: true,
  payment_behavior: "default_incomplete" as const,
  payment_settings: { payment_method_types: ["card"], save_default_payment_method: "on_subscription" as const },
  promotion_code: "promo_1",
  proration_behavior: "none" as const,
  trial_end: "now" as const,
  trial_from_plan: false,
  trial_period_days: 14
}
const subscriptionUpdate = {
  items: [
    { id: "si_1", quantity: 3 },
    { id: "si_2", deleted: true, clear_usage: true },
    { price: "price_3", metadata: "" as const }
  ],
  billing_cycle_anchor: "now" as const,
  cancel_at: "" as const,
  cancellation_details: { comment: "moving on", feedback: "unused" as const },
  default_source: "" as const,
  default_tax_rates: "" as const,
  description: "" as const,
  metadata: "" as const,
  pause_collection: { behavior: "void" as const, resumes_at: 1_800_000_000 },
  proration_behavior: "create_prorations" as const,
  proration_date: 1_700_000_000,
  trial_end: 1_750_000_000
}
const subscriptionCancel = {
  cancellation_details: { comment: "", feedback: "other" as const },
  expand: ["latest_invoice"],
  invoice_now: true,
  prorate: true
}
const subscriptionList = {
  collection_method: "charge_automatically" as const,
  created: 1_700_000_000,
  current_period_end: { gt: 1 },
  current_period_start: { lte: 2 },
  customer: "cus_1",
  expand: ["data.customer"],
  limit: 10,
  price: "price_1",
  starting_after: "sub_0",
  status: "all" as const,
  test_clock: "clock_1"
}
const refundCreate = {
  payment_intent: "pi_1",
  amount: 500,
  currency: "usd",
  expand: ["charge"],
  instructions_email: "jenny@example.com",
  metadata: { reason: "late" },
  reason: "requested_by_customer" as const,
  refund_application_fee: true,
  reverse_transfer: false
}

// stripe-node's parameter types follow its newest API version; the same values are sent through it untyped.
const loose = <A>(value: A) => value as never

const cases: ReadonlyArray<Case> = [
  {
    operation: "customers.create",
    method: "POST",
    template: "/v1/customers",
    ours: (s) => s.customers.create(customerCreate),
    theirs: (s) => s.customers.create(loose(customerCreate)),
    output: typed(S.Customer)
  },
  {
    operation: "customers.retrieve",
    method: "GET",
    template: "/v1/customers/{customer}",
    ours: (s) => s.customers.retrieve("cus_1", { expand: ["test_clock"] }),
    theirs: (s) => s.customers.retrieve("cus_1", { expand: ["test_clock"] }),
    output: typed(Schema.Union(S.DeletedCustomer, S.Customer))
  },
  {
    operation: "customers.update",
    method: "POST",
    template: "/v1/customers/{customer}",
    ours: (s) => s.customers.update("cus_1", customerUpdate),
    theirs: (s) => s.customers.update("cus_1", loose(customerUpdate)),
    output: typed(S.Customer)
  },
  {
    operation: "customers.list",
    method: "GET",
    template: "/v1/customers",
    ours: (s) => s.customers.list(customerList),
    theirs: (s) => s.customers.list(loose(customerList)),
    output: typed(S.List(S.Customer))
  },
  {
    operation: "paymentIntents.create",
    method: "POST",
    template: "/v1/payment_intents",
    ours: (s) => s.paymentIntents.create(paymentIntentCreate),
    theirs: (s) => s.paymentIntents.create(loose(paymentIntentCreate)),
    output: typed(S.PaymentIntent)
  },
  {
    operation: "paymentIntents.retrieve",
    method: "GET",
    template: "/v1/payment_intents/{intent}",
    ours: (s) => s.paymentIntents.retrieve("pi_1", { client_secret: "pi_1_secret_x", expand: ["latest_charge"] }),
    theirs: (s) => s.paymentIntents.retrieve("pi_1", { client_secret: "pi_1_secret_x", expand: ["latest_charge"] }),
    output: typed(S.PaymentIntent)
  },
  {
    operation: "paymentIntents.confirm",
    method: "POST",
    template: "/v1/payment_intents/{intent}/confirm",
    ours: (s) => s.paymentIntents.confirm("pi_1", paymentIntentConfirm),
    theirs: (s) => s.paymentIntents.confirm("pi_1", loose(paymentIntentConfirm)),
    output: typed(S.PaymentIntent)
  },
  {
    operation: "paymentIntents.cancel",
    method: "POST",
    template: "/v1/payment_intents/{intent}/cancel",
    ours: (s) => s.paymentIntents.cancel("pi_1", { cancellation_reason: "requested_by_customer", expand: ["customer"] }),
    theirs: (s) => s.paymentIntents.cancel("pi_1", { cancellation_reason: "requested_by_customer", expand: ["customer"] }),
    output: typed(S.PaymentIntent)
  },
  {
    operation: "checkout.sessions.create",
    method: "POST",
    template: "/v1/checkout/sessions",
    ours: (s) => s.checkout.sessions.create(checkoutCreate),
    theirs: (s) => s.checkout.sessions.create(loose(checkoutCreate)),
    output: typed(S.CheckoutSession)
  },
  {
    operation: "checkout.sessions.retrieve",
    method: "GET",
    template: "/v1/checkout/sessions/{session}",
    ours: (s) => s.checkout.sessions.retrieve("cs_1", { expand: ["line_items"] }),
    theirs: (s) => s.checkout.sessions.retrieve("cs_1", { expand: ["line_items"] }),
    output: typed(S.CheckoutSession)
  },
  {
    operation: "subscriptions.create",
    method: "POST",
    template: "/v1/subscriptions",
    ours: (s) => s.subscriptions.create(subscriptionCreate),
    theirs: (s) => s.subscriptions.create(loose(subscriptionCreate)),
    output: typed(S.Subscription)
  },
  {
    operation: "subscriptions.retrieve",
    method: "GET",
    template: "/v1/subscriptions/{subscription_exposed_id}",
    ours: (s) => s.subscriptions.retrieve("sub_1", { expand: ["customer"] }),
    theirs: (s) => s.subscriptions.retrieve("sub_1", { expand: ["customer"] }),
    output: typed(S.Subscription)
  },
  {
    operation: "subscriptions.update",
    method: "POST",
    template: "/v1/subscriptions/{subscription_exposed_id}",
    ours: (s) => s.subscriptions.update("sub_1", subscriptionUpdate),
    theirs: (s) => s.subscriptions.update("sub_1", loose(subscriptionUpdate)),
    output: typed(S.Subscription)
  },
  {
    operation: "subscriptions.cancel",
    method: "DELETE",
    template: "/v1/subscriptions/{subscription_exposed_id}",
    ours: (s) => s.subscriptions.cancel("sub_1", subscriptionCancel),
    theirs: (s) => s.subscriptions.cancel("sub_1", loose(subscriptionCancel)),
    output: typed(S.Subscription)
  },
  {
    operation: "subscriptions.list",
    method: "GET",
    template: "/v1/subscriptions",
    ours: (s) => s.subscriptions.list(subscriptionList),
    theirs: (s) => s.subscriptions.list(loose(subscriptionList)),
    output: typed(S.List(S.Subscription))
  },
  {
    operation: "refunds.create",
    method: "POST",
    template: "/v1/refunds",
    ours: (s) => s.refunds.create(refundCreate),
    theirs: (s) => s.refunds.create(loose(refundCreate)),
    output: typed(S.Refund)
  },
  {
    operation: "balance.retrieve",
    method: "GET",
    template: "/v1/balance",
    ours: (s) => s.balance.retrieve(),
    theirs: (s) => s.balance.retrieve(),
    output: typed(S.Balance)
  }
]

/** The spec's sample response; a list's `url` must match the spec's pattern (`^/v1/customers`), which sampling ignores. */
const sampled = (c: Case): unknown => {
  const sample = OpenApi.sample(spec, c.method, c.template)
  return isNode(sample) && sample.object === "list" ? { ...sample, url: c.template } : sample
}

describe("Stripe contract (spec3.yaml, API version 2023-08-16)", () => {
  for (const c of cases) {
    describe(c.operation, () => {
      it.scoped("sends a request the spec accepts, the same one stripe-node sends, and decodes the spec's response", () =>
        Effect.gen(function*() {
          const sample = sampled(c)
          // stripe-node parses some response fields itself (decimals); it gets an empty object, only its request matters.
          const server = yield* StripeServer.make((request) =>
            ({ body: String(request.headers["user-agent"]).startsWith("Stripe/") ? {} : sample })
          )
          const stripe = yield* Coverage.tracking(StripeClient.make)({ apiKey: Redacted.make("sk_test_contract"), baseUrl: server.url })
          yield* c.ours(stripe)
          const node = new Stripe("sk_test_contract", {
            host: "127.0.0.1",
            port: server.port,
            protocol: "http",
            maxNetworkRetries: 0
          })
          yield* Effect.promise(() => c.theirs(node))
          const [ours, theirs] = yield* server.requests

          expect(ours?.method).toBe(c.method)
          expect(ours?.path).toMatch(pathPattern(c.template))
          expect(ours?.headers["stripe-version"]).toBe("2023-08-16")
          expect(ours?.headers["idempotency-key"] !== undefined).toBe(c.method === "POST")
          if (c.method === "POST") {
            expect(ours?.query.toString()).toBe("")
            const body = coerce(OpenApi.requestSchema(spec, c.method, c.template, FORM), OpenApi.formToObject(ours!.body))
            expect(OpenApi.requestValidator(spec, c.method, c.template, FORM)(body)).toEqual({ valid: true, errors: "" })
          } else if (c.method === "DELETE") {
            // Stripe documents DELETE options as a form body; stripe-node (and this client) send them as the query.
            expect(ours?.body).toBe("")
            const options = coerce(OpenApi.requestSchema(spec, c.method, c.template, FORM), OpenApi.formToObject(ours!.query.toString()))
            expect(OpenApi.requestValidator(spec, c.method, c.template, FORM)(options)).toEqual({ valid: true, errors: "" })
          } else {
            expect(ours?.body).toBe("")
            expect(validateQuery(c.method, c.template, ours!.query)).toEqual([])
          }

          expect([theirs?.method, theirs?.path]).toEqual([ours?.method, ours?.path])
          expect(sortedPairs(ours!.body)).toEqual(sortedPairs(theirs!.body))
          expect(sortedPairs(ours!.query.toString())).toEqual(sortedPairs(theirs!.query.toString()))
        }).pipe(Effect.provide(Coverage.layer)))

      it.effect("decodes the spec's examples and a sampled response with our Schema", () =>
        Effect.gen(function*() {
          const decode = Schema.decodeUnknown(c.output, { errors: "all", onExcessProperty: "ignore" })
          const sample = sampled(c)
          expect(OpenApi.responseValidator(spec, c.method, c.template)(sample)).toEqual({ valid: true, errors: "" })
          yield* decode(sample)
          for (const example of OpenApi.examples(spec, c.method, c.template)) yield* decode(example)
        }))
    })
  }

  it("reads the spec's error response into Stripe error details", () => {
    const sample = OpenApi.sample(spec, "POST", "/v1/customers", "default") as { readonly error: Node }
    const body = { error: { ...sample.error, code: "email_invalid", message: "Free text about jenny@example.com" } }
    expect(OpenApi.responseValidator(spec, "POST", "/v1/customers", "default")(body).valid).toBe(true)
    expect(Schema.decodeUnknownEither(S.ErrorResponse)(body)._tag).toBe("Right")
    const error = ResponseClassifier.classify(
      {
        vendor: "Stripe",
        operation: "customers.create",
        status: 400,
        body,
        headers: () => undefined,
        nowMillis: 0
      },
      StripeError.refineError
    )
    expect(error.details).toMatchObject({ type: sample.error.type, code: "email_invalid" })
    expect(error.message).not.toContain("jenny@example.com")
    expect(JSON.stringify(error.details)).not.toContain("Free text")
  })

  it.scoped("the pagination helpers and the health check send the documented list and balance requests", () =>
    Effect.gen(function*() {
      const pages: Record<string, string> = { "/v1/customers": "/v1/customers", "/v1/subscriptions": "/v1/subscriptions" }
      const server = yield* StripeServer.make((request) => {
        const template = pages[request.path] ?? "/v1/balance"
        const sample = OpenApi.sample(spec, "GET", template)
        return { body: isNode(sample) && sample.object === "list" ? { ...sample, url: template, has_more: false } : sample }
      })
      const stripe = yield* Coverage.tracking(StripeClient.make)({ apiKey: Redacted.make("sk_test_contract"), baseUrl: server.url })
      expect((yield* Stream.runCollect(stripe.customers.listAll({ email: "jane@example.com" }))).length).toBe(1)
      expect((yield* stripe.customers.listUpTo(5)).items.length).toBe(1)
      expect((yield* Stream.runCollect(stripe.subscriptions.listAll({ status: "active" }))).length).toBe(1)
      expect((yield* stripe.subscriptions.listUpTo(5)).items.length).toBe(1)
      yield* stripe.healthCheck
      const requests = yield* server.requests
      expect(requests.map((r) => r.path)).toEqual([
        "/v1/customers",
        "/v1/customers",
        "/v1/subscriptions",
        "/v1/subscriptions",
        "/v1/balance"
      ])
      for (const request of requests) {
        expect([request.method, request.body]).toEqual(["GET", ""])
        expect(validateQuery("GET", request.path, request.query), request.query.toString()).toEqual([])
      }
    }).pipe(Effect.provide(Coverage.layer)))

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Stripe",
    specs: [spec],
    prism: false,
    client: StripeClient.make({ apiKey: Redacted.make("sk_test_contract"), baseUrl: "http://127.0.0.1:9" })
  })
})
