import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Health from "../../../src/core/Health.js"
import type { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as StripeClient from "../../../src/vendors/stripe/StripeClient.js"
import * as StripeSchemas from "../../../src/vendors/stripe/StripeSchemas.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as Sim from "../simulator/support.js"
import * as StripeServer from "./support/StripeServer.js"

const API_KEY = "sk_test_canary_51HxYz9Q2pLmN0"
const customer = StripeServer.fixture("customer")
const paymentIntent = StripeServer.fixture("payment_intent")
const subscription = StripeServer.fixture("subscription")

const client = (options: Partial<StripeClient.Options> = {}) =>
  StripeClient.make({ apiKey: Redacted.make(API_KEY), ...options })

const failure = <A>(exit: Exit.Exit<A, IntegrationError>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

/** Form pairs in a stable order: Stripe reads them by name, and the encoder follows the Schema's field order. */
const pairs = (body: string | URLSearchParams | undefined) =>
  [...(typeof body === "object" ? body : new URLSearchParams(body ?? ""))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

const queryOf = (request: HttpClientRequest.HttpClientRequest) => new URLSearchParams(request.urlParams.map(([k, v]): [string, string] => [k, v]))

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

describe("StripeClient", () => {
  describe("requests on the wire", () => {
    it.scoped("sends customers.create as a form POST with bearer auth, the pinned version and an idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* StripeServer.make(() => ({ body: customer }))
        const stripe = yield* client({ baseUrl: server.url })
        const created = yield* stripe.customers.create({
          email: "jenny@example.com",
          metadata: { plan: "pro" },
          preferred_locales: ["en", "fr"],
          address: { city: "Paris", line1: "1 rue de Rivoli" },
          tax_exempt: "none",
          expand: ["test_clock"]
        })
        expect(created.id).toBe(customer.id)
        const [request] = yield* server.requests
        expect(request?.method).toBe("POST")
        expect(request?.path).toBe("/v1/customers")
        expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
        expect(request?.headers["stripe-version"]).toBe("2023-08-16")
        expect(request?.headers["content-type"]).toContain("application/x-www-form-urlencoded")
        expect(request?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/)
        expect(request?.headers["stripe-account"]).toBeUndefined()
        expect(pairs(request?.body)).toEqual([
          ["address[city]", "Paris"],
          ["address[line1]", "1 rue de Rivoli"],
          ["email", "jenny@example.com"],
          ["expand[0]", "test_clock"],
          ["metadata[plan]", "pro"],
          ["preferred_locales[0]", "en"],
          ["preferred_locales[1]", "fr"],
          ["tax_exempt", "none"]
        ])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("sends a retrieve as GET with indexed expand parameters, a percent-encoded id and no idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* StripeServer.make((request) =>
          request.path.endsWith("gone") ? { body: StripeServer.fixture("deleted_customer") } : { body: customer }
        )
        const stripe = yield* client({ baseUrl: server.url })
        const found = yield* stripe.customers.retrieve("cus_a/b?c", { expand: ["default_source", "test_clock"] })
        expect(StripeSchemas.isDeletedCustomer(found)).toBe(false)
        const deleted = yield* stripe.customers.retrieve("cus_gone")
        expect(StripeSchemas.isDeletedCustomer(deleted)).toBe(true)
        const [first] = yield* server.requests
        expect(first?.method).toBe("GET")
        expect(first?.path).toBe("/v1/customers/cus_a%2Fb%3Fc")
        expect([...first!.query]).toEqual([["expand[0]", "default_source"], ["expand[1]", "test_clock"]])
        expect(first?.headers["idempotency-key"]).toBeUndefined()
        expect(first?.body).toBe("")
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("cancels a subscription with DELETE and its options in the query string, as stripe-node does", () =>
      Effect.gen(function*() {
        const server = yield* StripeServer.make(() => ({ body: { ...subscription, status: "canceled" } }))
        const stripe = yield* client({ baseUrl: server.url })
        const canceled = yield* stripe.subscriptions.cancel("sub_1", {
          invoice_now: true,
          prorate: false,
          cancellation_details: { feedback: "too_expensive", comment: "" }
        })
        expect(canceled.status).toBe("canceled")
        const [request] = yield* server.requests
        expect(request?.method).toBe("DELETE")
        expect(request?.path).toBe("/v1/subscriptions/sub_1")
        expect(pairs(request?.query)).toEqual([
          ["cancellation_details[comment]", ""],
          ["cancellation_details[feedback]", "too_expensive"],
          ["invoice_now", "true"],
          ["prorate", "false"]
        ])
        expect(request?.body).toBe("")
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("acts on a connected account per client or per call, and overrides the API version per call", () =>
      Effect.gen(function*() {
        const server = yield* StripeServer.make(() => ({ body: paymentIntent }))
        const stripe = yield* client({ baseUrl: server.url, stripeAccount: "acct_client", apiVersion: "2024-06-20" })
        yield* stripe.paymentIntents.retrieve("pi_1")
        yield* stripe.paymentIntents.retrieve("pi_1", {}, { stripeAccount: "acct_call", apiVersion: "2025-03-31.basil" })
        const [first, second] = yield* server.requests
        expect([first?.headers["stripe-account"], first?.headers["stripe-version"]]).toEqual(["acct_client", "2024-06-20"])
        expect([second?.headers["stripe-account"], second?.headers["stripe-version"]]).toEqual([
          "acct_call",
          "2025-03-31.basil"
        ])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  })

  describe("validation before any I/O", () => {
    it.scoped("rejects bad parameters and call options with InvalidRequest and sends nothing", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, paymentIntent))
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        const attempts: ReadonlyArray<Effect.Effect<unknown, IntegrationError>> = [
          stripe.paymentIntents.create({ amount: -5, currency: "usd" }),
          stripe.paymentIntents.create({ amount: 100, currency: "dollars" }),
          stripe.refunds.create({ amount: 100 }),
          stripe.checkout.sessions.create({
            success_url: "https://example.com/ok",
            line_items: [{ price: "price_1", price_data: { currency: "usd", product: "prod_1", unit_amount: 100 } }]
          }),
          stripe.customers.retrieve(""),
          stripe.customers.list({ limit: 500 }),
          stripe.customers.update("cus_1", { metadata: { ["k".repeat(41)]: "v" } }),
          stripe.customers.create({}, { idempotencyKey: "k".repeat(256) }),
          stripe.customers.create({}, { stripeAccount: "acct_1\r\nx-injected: 1" }),
          stripe.customers.listUpTo(-1)
        ]
        for (const [index, attempt] of attempts.entries()) {
          const error = failure(yield* Effect.exit(attempt))
          expect([index, error.reason]).toEqual([index, "InvalidRequest"])
          expect(error.vendor).toBe("Stripe")
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("refuses a malformed API version and account id at construction, in one ConfigError naming both", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, customer))
        const error = yield* Effect.flip(client({ apiVersion: "latest", stripeAccount: "acct 1" }).pipe(Effect.provide(stub.layer)))
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["Stripe.apiVersion", "Invalid"],
          ["Stripe.stripeAccount", "Invalid"]
        ])
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("refuses an id that is a relative path segment: it would address another resource", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, customer))
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        const attempts: ReadonlyArray<Effect.Effect<unknown, IntegrationError>> = [
          stripe.customers.retrieve(".."),
          stripe.customers.update(".", {}),
          stripe.paymentIntents.confirm(".."),
          stripe.subscriptions.cancel("..")
        ]
        for (const [index, attempt] of attempts.entries()) {
          expect([index, failure(yield* Effect.exit(attempt)).reason]).toEqual([index, "InvalidRequest"])
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("applies client policy overrides on top of Stripe's defaults", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(503, { error: { type: "api_error" } }))
        const stripe = yield* client({ policy: { maxRetries: 0, timeout: undefined } }).pipe(Effect.provide(stub.layer))
        const error = failure(yield* Effect.exit(stripe.customers.list()))
        expect(error.reason).toBe("Server")
        expect(yield* stub.requests).toHaveLength(1)
      }))

    it.scoped("honours a caller-provided idempotency key", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, StripeServer.fixture("refund")))
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        yield* stripe.refunds.create({ payment_intent: "pi_1", amount: 500 }, { idempotencyKey: "order-42-refund" })
        const [request] = yield* stub.requests
        expect(request?.headers["idempotency-key"]).toBe("order-42-refund")
        expect(pairs(request?.body)).toEqual([["amount", "500"], ["payment_intent", "pi_1"]])
      }))
  })

  describe("failures and retries", () => {
    it.scoped("a POST that timed out while Stripe kept working fails as a Timeout that may still succeed, not as the retry's 409", () =>
      Effect.gen(function*() {
        // Stripe takes 3 s over the first request; every attempt gives up after 300 ms.
        const sim = yield* Sim.simulator([{ kind: "latency", vendor: "stripe", route: "POST /v1/customers", ms: 3000, times: 1 }])
        const stripe = yield* Sim.client(client({ baseUrl: sim.baseUrl("stripe"), policy: { timeout: "300 millis" } }))
        const create = stripe.customers.create({ email: "slow@example.com" }, { idempotencyKey: "order-42" })
        const error = yield* Sim.failure(Sim.drive(create))
        // The retries reached Stripe while the first request was still running, and were told so (409).
        expect(yield* Sim.requests(sim, "stripe", "POST /v1/customers")).toBe(3)
        expect(error.cause).toMatchObject({ reason: "RateLimited", status: 409, details: { code: "idempotency_key_in_use" } })
        // What the caller learns: the attempt timed out, and Stripe may still complete it.
        expect(error.reason).toBe("Timeout")
        expect(error.status).toBeUndefined()
        expect(error.mayHaveSucceeded).toBe(true)
        expect(error.description).toContain("no response within 300ms")
        expect(error.description).toContain("an idempotency key was sent")
        expect(error.message).not.toContain(API_KEY)
        // And Stripe does: once its work is done, the same key returns the customer it created, created once.
        yield* TestClock.adjust("3 seconds")
        const replayed = yield* Sim.drive(create)
        expect(replayed.email).toBe("slow@example.com")
        expect((yield* sim.stats).sideEffects).toHaveLength(1)
      }))

    it.scoped("maps a 402 card error with its identifiers and request id, and does not retry it", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(402, {
            error: {
              type: "card_error",
              code: "card_declined",
              decline_code: "insufficient_funds",
              param: "payment_method",
              message: "Your card has insufficient funds.",
              payment_intent: paymentIntent
            }
          }, { "request-id": "req_card" })
        )
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        const error = failure(yield* Effect.exit(stripe.paymentIntents.confirm("pi_1", { payment_method: "pm_card_visa" })))
        expect(error.reason).toBe("InvalidRequest")
        expect(error.status).toBe(402)
        expect(error.requestId).toBe("req_card")
        expect(error.details).toMatchObject({ type: "card_error", code: "card_declined", decline_code: "insufficient_funds" })
        expect(error.message).not.toContain("insufficient funds.")
        expect(yield* stub.requests).toHaveLength(1)
      }))

    it.scoped("retries a 500 and a dropped connection with the same idempotency key, then succeeds", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(500, { error: { type: "api_error" } }) : n === 2 ? { transportError: true } : StubHttp.json(200, customer)
        )
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(stripe.customers.create({ email: "a@b.c" }))
        yield* TestClock.adjust(Duration.seconds(10))
        expect((yield* Fiber.join(fiber)).id).toBe(customer.id)
        const requests = yield* stub.requests
        expect(requests).toHaveLength(3)
        const keys = new Set(requests.map((r) => r.headers["idempotency-key"]))
        expect(keys.size).toBe(1)
        expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/)
        // Backoff between attempts (500 ms, half jitter), as Stripe asks: never an immediate retry.
        expect(requests[1]!.atMillis - requests[0]!.atMillis).toBeGreaterThanOrEqual(250)
      }))

    it.scoped("gives up after two retries (three attempts) on a persistent 503", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(503, { error: { type: "api_error" } }))
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(Effect.exit(stripe.subscriptions.retrieve("sub_1")))
        yield* TestClock.adjust(Duration.seconds(30))
        const error = failure(yield* Fiber.join(fiber))
        expect([error.reason, error.status]).toEqual(["Server", 503])
        expect(yield* stub.requests).toHaveLength(3)
      }))

    it.scoped("stops at once when Stripe-Should-Retry is false", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(500, { error: { type: "api_error" } }, { "stripe-should-retry": "false" }))
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        const error = failure(yield* Effect.exit(stripe.customers.create({})))
        expect(error.retryable).toBe(false)
        expect(yield* stub.requests).toHaveLength(1)
      }))

    it.scoped("retries a 409 lock_timeout, and reports a persistent 429 as RateLimited with Retry-After", () =>
      Effect.gen(function*() {
        const locked = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(409, { error: { type: "invalid_request_error", code: "lock_timeout" } }) : StubHttp.json(200, subscription)
        )
        const stripe = yield* client().pipe(Effect.provide(locked.layer))
        const fiber = yield* Effect.fork(stripe.subscriptions.update("sub_1", { cancel_at_period_end: true }))
        yield* TestClock.adjust(Duration.seconds(10))
        expect((yield* Fiber.join(fiber)).id).toBe(subscription.id)
        expect(yield* locked.requests).toHaveLength(2)

        const limited = yield* StubHttp.make(() =>
          StubHttp.json(429, { error: { type: "invalid_request_error", code: "rate_limit" } }, { "retry-after": "2" })
        )
        const throttled = yield* client().pipe(Effect.provide(limited.layer))
        const slow = yield* Effect.fork(Effect.exit(throttled.customers.list()))
        yield* TestClock.adjust(Duration.seconds(30))
        const error = failure(yield* Fiber.join(slow))
        expect(error.reason).toBe("RateLimited")
        expect(error.retryAfter && Duration.toMillis(error.retryAfter)).toBe(2000)
        const requests = yield* limited.requests
        expect(requests).toHaveLength(3)
        expect(requests[1]!.atMillis - requests[0]!.atMillis).toBe(2000)
      }))

    it.scoped("maps idempotency_error to Idempotency and a 404 to NotFound with Stripe's code", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(400, { error: { type: "idempotency_error", message: "Keys for idempotent requests..." } })
            : StubHttp.json(404, { error: { type: "invalid_request_error", code: "resource_missing", param: "id" } })
        )
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        const reused = failure(yield* Effect.exit(stripe.refunds.create({ charge: "ch_1" }, { idempotencyKey: "k1" })))
        expect(reused.reason).toBe("Idempotency")
        const missing = failure(yield* Effect.exit(stripe.checkout.sessions.retrieve("cs_missing")))
        expect(missing.reason).toBe("NotFound")
        expect(missing.details).toMatchObject({ code: "resource_missing", param: "id" })
        expect(yield* stub.requests).toHaveLength(2)
      }))
  })

  describe("pagination", () => {
    const page = (ids: ReadonlyArray<string>, hasMore: boolean) => ({
      object: "list",
      url: "/v1/customers",
      has_more: hasMore,
      data: ids.map((id) => ({ ...customer, id }))
    })

    it.scoped("walks every customer across pages with starting_after, lazily, until has_more is false", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((_n, request) => {
          const after = queryOf(request).get("starting_after")
          return after === null
            ? StubHttp.json(200, page(["cus_1", "cus_2"], true))
            : after === "cus_2"
            ? StubHttp.json(200, page(["cus_3"], true))
            : StubHttp.json(200, page(["cus_4"], false))
        })
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        const ids = yield* stripe.customers.listAll({ email: "a@b.c" }).pipe(
          Stream.map((c) => c.id),
          Stream.runCollect
        )
        expect([...ids]).toEqual(["cus_1", "cus_2", "cus_3", "cus_4"])
        const queries = (yield* stub.requests).map((r) => Object.fromEntries(new URL(r.url).searchParams))
        expect(queries).toEqual([
          { limit: "100", email: "a@b.c" },
          { limit: "100", email: "a@b.c", starting_after: "cus_2" },
          { limit: "100", email: "a@b.c", starting_after: "cus_3" }
        ])
        // Taking two items fetches one page only.
        const before = (yield* stub.requests).length
        yield* stripe.customers.listAll().pipe(Stream.take(2), Stream.runDrain)
        expect((yield* stub.requests).length - before).toBe(1)
      }))

    it.scoped("collects up to a bound from one page sized to know whether more exist", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((_n, request) => {
          const limit = Number(queryOf(request).get("limit"))
          return StubHttp.json(200, {
            object: "list",
            url: "/v1/subscriptions",
            has_more: true,
            data: Array.from({ length: limit }, (_, i) => ({ ...subscription, id: `sub_${i}` }))
          })
        })
        const stripe = yield* client().pipe(Effect.provide(stub.layer))
        const collected = yield* stripe.subscriptions.listUpTo(3, { status: "active" })
        expect(collected.items.map((s) => s.id)).toEqual(["sub_0", "sub_1", "sub_2"])
        expect(collected.truncated).toBe(true)
        const requests = yield* stub.requests
        expect(requests).toHaveLength(1)
        expect(Object.fromEntries(new URL(requests[0]!.url).searchParams)).toEqual({ limit: "4", status: "active" })
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const live = IntegrationConfig.layer(StripeClient.fromEnv)
        const error = yield* Effect.flip(
          Layer.build(live).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["STRIPE_API_VERSION", "latest"], ["STRIPE_BASE_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["STRIPE_API_KEY", "Missing"],
          ["STRIPE_API_VERSION", "Invalid"],
          ["STRIPE_BASE_URL", "Invalid"]
        ])
        const withKey = yield* Effect.flip(
          Layer.build(StripeClient.layerConfig()).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["STRIPE_API_KEY", API_KEY], ["STRIPE_API_VERSION", "v2"]])
          )
        )
        const text = IntegrationConfig.format(withKey)
        expect(text).toContain("STRIPE_API_VERSION")
        expect(text).not.toContain(API_KEY)
      }))

    it.scoped("layerConfig sends the key from the environment and never prints it in errors", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(401, { error: { type: "invalid_request_error", message: `Invalid API Key provided: ${API_KEY}` } })
        )
        const exit = yield* Effect.exit(
          Effect.flatMap(StripeClient.StripeClient, (stripe) => stripe.customers.create({ email: "a@b.c" })).pipe(
            Effect.provide(StripeClient.layerConfig({ policy: { maxRetries: 0 } }).pipe(Layer.orDie)),
            Effect.provide(stub.layer),
            withEnv([["STRIPE_API_KEY", API_KEY]])
          )
        )
        const error = failure(exit)
        expect(error.reason).toBe("Unauthorized")
        const [request] = yield* stub.requests
        expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
        for (const text of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(text).not.toContain(API_KEY)
        }
      }))

    it.effect("layerTest fails a missing method inside its Effect, naming it, and has a health check", () =>
      Effect.gen(function*() {
        const fake = yield* StripeClient.StripeClient
        // No `Effect.suspend`: the call itself returns an Effect, whose exit is a defect naming the method.
        const exit = yield* Effect.exit(fake.customers.retrieve("cus_1"))
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("StripeClient.customers.retrieve is not implemented")
        yield* fake.healthCheck
      }).pipe(Effect.provide(StripeClient.layerTest({}))))

    it.scoped("passes the kernel's settings through: circuitBreaker false, a bulkhead, and the caller's response hook", () =>
      Effect.gen(function*() {
        const failing = () => StubHttp.json(503, { error: { type: "api_error" } })
        // The default breaker opens after five failures in a row: the sixth call never reaches Stripe.
        const guarded = yield* StubHttp.make(failing)
        const withBreaker = yield* client({ policy: { maxRetries: 0 } }).pipe(Effect.provide(guarded.layer))
        const reasons = []
        for (let i = 0; i < 6; i++) reasons.push(failure(yield* Effect.exit(withBreaker.customers.list())).reason)
        expect(reasons.at(-1)).toBe("CircuitOpen")
        expect(yield* guarded.requests).toHaveLength(5)
        // Without one, every call does.
        const open = yield* StubHttp.make(failing)
        const noBreaker = yield* client({ policy: { maxRetries: 0 }, circuitBreaker: false }).pipe(Effect.provide(open.layer))
        for (let i = 0; i < 6; i++) expect(failure(yield* Effect.exit(noBreaker.customers.list())).reason).toBe("Server")
        expect(yield* open.requests).toHaveLength(6)

        // One call in flight at a time, none queued: a second concurrent call is refused before it is sent.
        const slow = yield* StubHttp.make(() => ({ status: 200, body: customer, delay: "1 second" }))
        const seen: Array<number> = []
        const narrow = yield* client({
          bulkhead: { maxConcurrent: 1 },
          observeResponse: ({ status }) => Effect.sync(() => void seen.push(status))
        }).pipe(Effect.provide(slow.layer))
        const first = yield* Effect.fork(narrow.customers.retrieve("cus_1"))
        while ((yield* slow.requests).length === 0) yield* Effect.yieldNow()
        expect(failure(yield* Effect.exit(narrow.customers.retrieve("cus_2"))).reason).toBe("BulkheadRejected")
        yield* TestClock.adjust("1 second")
        expect((yield* Fiber.join(first)).id).toBe(customer.id)
        expect(yield* slow.requests).toHaveLength(1)
        expect(seen).toEqual([200])
      }))

    it.effect("layerTest serves the given methods and dies naming any other", () =>
      Effect.gen(function*() {
        const stripe = yield* StripeClient.StripeClient
        const created = yield* stripe.customers.create({ email: "a@b.c" })
        expect(created.id).toBe("cus_fake")
        const exit = yield* Effect.exit(Effect.suspend(() => stripe.paymentIntents.create({ amount: 100, currency: "usd" })))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain(
          "StripeClient.paymentIntents.create is not implemented"
        )
      }).pipe(
        Effect.provide(
          StripeClient.layerTest({
            customers: {
              create: () => Effect.succeed({ id: "cus_fake", object: "customer" as const, created: 0, livemode: false })
            }
          })
        )
      ))

    it.scoped("registers a stripe health check that reads the balance once, without retries", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(200, StripeServer.fixture("balance")) : StubHttp.json(503, { error: { type: "api_error" } })
        )
        const report = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            StripeClient.layer({ apiKey: Redacted.make(API_KEY) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer))
          )
        )
        expect(report[0].checks).toMatchObject([{ name: "stripe", status: "up", critical: true }])
        expect(report[1].status).toBe("down")
        expect(report[1].checks[0]?.error).toContain("Server")
        const requests = yield* stub.requests
        expect(requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([["GET", "/v1/balance"], ["GET", "/v1/balance"]])
      }))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names the span Stripe.<resource>.<operation> and flags an idempotent replay", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(200, customer, { "idempotent-replayed": "true", "request-id": "req_r" }))
        // A response hook of the caller's runs too, beside Stripe's own, which it does not replace.
        const replays: Array<string | undefined> = []
        const stripe = yield* client({ observeResponse: ({ headers }) => Effect.sync(() => void replays.push(headers("idempotent-replayed"))) })
          .pipe(Effect.provide(stub.layer))
        yield* stripe.customers.create({ email: "jenny@example.com" })
        expect(replays).toEqual(["true"])
        const [span] = exporter.getFinishedSpans()
        expect(span?.name).toBe("Stripe.customers.create")
        expect(span?.attributes).toMatchObject({
          "integration.stripe.idempotent_replayed": true,
          "integration.request_id": "req_r",
          "integration.idempotency_key.present": true
        })
        expect(JSON.stringify(span?.attributes)).not.toContain("jenny@example.com")
      }).pipe(Effect.provide(Tracing)))
  })
})
