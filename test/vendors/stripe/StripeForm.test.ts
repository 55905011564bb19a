import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import Stripe from "stripe"
import * as StripeForm from "../../../src/vendors/stripe/StripeForm.js"
import * as OpenApi from "../../contract/support/OpenApi.js"
import * as TestServer from "../../support/TestServer.js"

/** Keys as Stripe names parameters: never numeric (a numeric key would read back as an array index). */
const key = FastCheck.stringMatching(/^[a-z][a-z0-9_]{0,7}$/).filter((k) => k !== "__proto__")

const scalar: FastCheck.Arbitrary<StripeForm.Value> = FastCheck.oneof(
  FastCheck.string({ unit: "binary", maxLength: 12 }),
  FastCheck.integer(),
  FastCheck.boolean(),
  FastCheck.constant(null),
  FastCheck.constant("")
)

const { value } = FastCheck.letrec<{ value: StripeForm.Value }>((tie) => ({
  value: FastCheck.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    FastCheck.array(tie("value"), { minLength: 1, maxLength: 3 }),
    FastCheck.dictionary(key, tie("value"), { minKeys: 1, maxKeys: 3 })
  )
}))

const params: FastCheck.Arbitrary<StripeForm.Params> = FastCheck.dictionary(key, value, { maxKeys: 5 })

/** What a form decoder reads back: every scalar a string, `null` an empty string. */
const expected = (input: StripeForm.Value): unknown => {
  if (input === null) return ""
  if (Array.isArray(input)) return input.map(expected)
  if (typeof input === "object" && !(input instanceof Date)) {
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, expected(v)]))
  }
  return String(input)
}

describe("StripeForm", () => {
  it("encodes nested hashes, indexed arrays, booleans, null, dates and leaves undefined out", () => {
    expect(
      StripeForm.encode({
        email: "jenny@example.com",
        metadata: { plan: "pro", remove_me: "" },
        items: [{ price: "price_1", quantity: 2 }, { price: "price_2" }],
        expand: ["customer", "latest_invoice"],
        confirm: true,
        off_session: false,
        description: null,
        trial_end: new Date(1_700_000_000_500),
        coupon: undefined,
        default_tax_rates: []
      })
    ).toEqual([
      ["email", "jenny@example.com"],
      ["metadata[plan]", "pro"],
      ["metadata[remove_me]", ""],
      ["items[0][price]", "price_1"],
      ["items[0][quantity]", "2"],
      ["items[1][price]", "price_2"],
      ["expand[0]", "customer"],
      ["expand[1]", "latest_invoice"],
      ["confirm", "true"],
      ["off_session", "false"],
      ["description", ""],
      ["trial_end", "1700000000"]
    ])
  })

  it("keeps array positions when an element is undefined", () => {
    expect(StripeForm.encode({ items: [undefined, { price: "p" }] })).toEqual([["items[1][price]", "p"]])
  })

  it("stringifies like stripe-node: brackets readable, reserved characters escaped", () => {
    expect(StripeForm.stringify({ metadata: { "note": "a b&c=d!'()*" }, expand: ["x"] })).toBe(
      "metadata[note]=a%20b%26c%3Dd%21%27%28%29%2A&expand[0]=x"
    )
  })

  it.prop("round-trips through Stripe's bracket decoding", [params], ([input]) => {
    const decoded = OpenApi.formToObject(StripeForm.stringify(input))
    expect(decoded).toEqual(expected(input))
  })

  it.prop("stringify is a faithful encoding of encode's pairs", [params], ([input]) => {
    expect([...new URLSearchParams(StripeForm.stringify(input))]).toEqual(StripeForm.encode(input).map(([k, v]) => [k, v]))
  })

  it.scoped("sends byte-for-byte the body stripe-node sends for the same parameters", () =>
    Effect.gen(function*() {
      const bodies: Array<string> = []
      const server = yield* TestServer.make((req, res) => {
        void TestServer.readBody(req).then((body) => {
          bodies.push(body)
          res.writeHead(200, { "content-type": "application/json" })
          res.end(JSON.stringify({ id: "cus_1", object: "customer" }))
        })
      })
      const stripe = new Stripe("sk_test_parity", {
        host: "127.0.0.1",
        port: server.port,
        protocol: "http",
        maxNetworkRetries: 0
      })
      // Sampled with a fixed seed: the same cases on every run, broad enough to cover every value kind.
      const samples = FastCheck.sample(params, { numRuns: 40, seed: 20230816 })
      for (const sample of samples) {
        yield* Effect.promise(() => stripe.customers.create(sample as Stripe.CustomerCreateParams))
        expect(bodies.at(-1)).toBe(StripeForm.stringify(sample))
      }
      expect(bodies).toHaveLength(samples.length)
    }))
})
