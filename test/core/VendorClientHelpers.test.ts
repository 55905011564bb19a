import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Fiber from "effect/Fiber"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import { isIntegrationError } from "../../src/core/IntegrationError.js"
import * as VendorClient from "../../src/core/VendorClient.js"
import { createOrder } from "../support/AcmeOrders.js"
import * as StubHttp from "../support/StubHttp.js"

const OrderId = VendorClient.PathSegment(8, "an order id, not a dot segment")

/** Why `PathSegment` refused an input, as a decoder reports it (the message of the failing check). */
const refusal = (schema: Schema.Schema<string>, input: string): string | undefined =>
  Either.match(Schema.decodeUnknownEither(schema)(input), {
    onLeft: (error) => ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => issue.message).join("; "),
    onRight: () => undefined
  })

/** Two operations declared with the kit's helpers: an id Schema for the path, a JSON body for the create. */
const orders = Effect.gen(function*() {
  const http = yield* HttpIntegration.make({
    vendor: "Acme",
    baseUrl: "https://api.acme.example",
    policy: { maxRetries: 0 }
  })
  const Order = Schema.Struct({ id: Schema.String })
  return {
    get: http.operation({
      name: "orders.get",
      method: "GET",
      input: OrderId,
      output: Order,
      request: (id) => ({ path: VendorClient.path`/orders/${id}` })
    }),
    create: http.operation({
      name: "orders.create",
      method: "POST",
      input: Schema.Struct({ sku: Schema.String, note: Schema.optional(Schema.String) }),
      output: Order,
      request: (params) => ({ path: "/orders", body: HttpIntegration.json(params) })
    })
  }
})

describe("VendorClient helpers", () => {
  describe("failures", () => {
    it("makes each reason's error under the vendor's name, with the operation and description given", () => {
      const { drift, invalid, notFound } = VendorClient.failures("Acme")
      const made = [
        invalid("orders.create", "at most 100 lines"),
        drift("orders.list", "2 results for 3 inputs"),
        notFound("orders.match", "no order matches")
      ]
      expect(made.every(isIntegrationError)).toBe(true)
      expect(made.map((error) => [error.vendor, error.operation, error.reason, error.description])).toEqual([
        ["Acme", "orders.create", "InvalidRequest", "at most 100 lines"],
        ["Acme", "orders.list", "ResponseDrift", "2 results for 3 inputs"],
        ["Acme", "orders.match", "NotFound", "no order matches"]
      ])
      // None of them is worth a retry: the same input meets the same answer.
      expect(made.map((error) => error.retryable)).toEqual([false, false, false])
      expect(VendorClient.failures("Acme Maps").invalid("x", "y").vendor).toBe("Acme Maps")
    })
  })

  describe("PathSegment", () => {
    it("refuses dot segments with the message given, and a default one when none is", () => {
      for (const dots of [".", ".."]) {
        expect(refusal(OrderId, dots)).toBe("an order id, not a dot segment")
        expect(refusal(VendorClient.PathSegment(8), dots)).toBe("a path segment, not a dot segment")
      }
      expect(refusal(OrderId, "...")).toBeUndefined()
      expect(refusal(OrderId, ".a")).toBeUndefined()
    })

    it.prop(
      "accepts exactly the trimmed, non-empty strings up to the bound that are not . or ..",
      [FastCheck.oneof(FastCheck.string({ maxLength: 10 }), FastCheck.constantFrom(".", "..", " a", "a ", "\t"))],
      ([input]) => {
        const expected = input.length > 0 && input.length <= 8 && input.trim() === input && input !== "." &&
          input !== ".."
        expect(Schema.is(OrderId)(input)).toBe(expected)
      }
    )

    it.scoped("an operation refuses a dot segment before any request, and sends any other id as one segment", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "o_1" }))
        const acme = yield* Effect.provide(orders, stub.layer)
        const refused = yield* Effect.flip(acme.get(".."))
        expect([refused.reason, refused.operation]).toEqual(["InvalidRequest", "orders.get"])
        expect(yield* stub.requests).toHaveLength(0)
        yield* acme.get("a/b")
        const [request] = yield* stub.requests
        expect(new URL(request!.url).pathname).toBe("/orders/a%2Fb")
      }))
  })

  describe("callUnkeyed", () => {
    /** A create on a vendor without idempotency keys: one second per attempt, one retry for what is safe to retry. */
    const unkeyed = createOrder({ circuitBreaker: false, policy: { maxRetries: 1, timeout: "1 second" } })

    // The guarantee is the kernel's (a vendor without an idempotency header never sends or honours a key), so it holds
    // for a direct call as for `callUnkeyed`: both are checked.
    it.scoped("a forced key neither reaches the wire nor makes a failed create retried, direct or unkeyed", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(503, {}))
        const create = yield* Effect.provide(unkeyed, stub.layer)
        const forced = { idempotencyKey: "forced" }
        const failures = [
          yield* Effect.flip(create({ sku: "s_1" }, forced)),
          yield* Effect.flip(VendorClient.callUnkeyed(create, { sku: "s_1" }, forced))
        ]
        expect(failures.map((failure) => failure.reason)).toEqual(["Server", "Server"])
        const requests = yield* stub.requests
        expect(requests).toHaveLength(2)
        for (const request of requests) expect(Object.values(request.headers)).not.toContain("forced")
      }))

    it.scoped("keeps the caller's policy, headers and attempt stages", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => ({ status: 200, body: { id: "o_1" }, delay: "2 seconds" }))
        const create = yield* Effect.provide(unkeyed, stub.layer)
        // Without the `timeout` stage the 2-second answer is awaited; with the vendor's stages it would time out.
        const fiber = yield* Effect.fork(
          VendorClient.callUnkeyed(create, { sku: "s_1" }, { attemptStages: [], headers: { "x-trace": "t_1" } })
        )
        yield* TestClock.adjust("2 seconds")
        expect(yield* Fiber.join(fiber)).toEqual({ id: "o_1" })
        const timed = yield* Effect.fork(Effect.flip(VendorClient.callUnkeyed(create, { sku: "s_1" }, {
          policy: { timeout: "500 millis", maxRetries: 0 }
        })))
        yield* TestClock.adjust("1 second")
        expect((yield* Fiber.join(timed)).reason).toBe("Timeout")
        const [first] = yield* stub.requests
        expect(first!.headers["x-trace"]).toBe("t_1")
      }))
  })

  describe("HttpIntegration.json", () => {
    it("is the Json body of the value", () => {
      const value = { sku: "s_1" }
      expect(HttpIntegration.json(value)).toEqual({ _tag: "Json", value })
    })

    it.scoped("sends the encoded input as JSON with its content type", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "o_1" }))
        const acme = yield* Effect.provide(orders, stub.layer)
        yield* acme.create({ sku: "s_1", note: "é \"quoted\"" })
        const [request] = yield* stub.requests
        expect(request!.method).toBe("POST")
        expect(request!.headers["content-type"]).toBe("application/json")
        expect(JSON.parse(request!.body ?? "")).toEqual({ sku: "s_1", note: "é \"quoted\"" })
      }))
  })
})
