import { describe, expect, it } from "@effect/vitest"
import * as OpenApi from "./support/OpenApi.js"

describe("OpenApi (contract support)", () => {
  it("validates against an OAS 3.1 spec and rejects a body missing a required field", () => {
    const spec = OpenApi.load("openai/openapi.json")
    expect(spec.version).toBe("3.1")
    const validate = OpenApi.requestValidator(spec, "POST", "/embeddings")
    expect(validate({ model: "text-embedding-3-small", input: "hello" }).valid).toBe(true)
    const missing = validate({ input: "hello" })
    expect(missing.valid).toBe(false)
    expect(missing.errors).toContain("model")
  })

  it("samples a response that validates against its own schema", () => {
    const spec = OpenApi.load("openai/openapi.json")
    const response = OpenApi.sample(spec, "GET", "/models")
    expect(OpenApi.responseValidator(spec, "GET", "/models")(response)).toEqual({ valid: true, errors: "" })
  })

  it("reads Stripe's YAML spec, validates a sampled customer and decodes bracket forms", () => {
    const spec = OpenApi.load("stripe/spec3.yaml")
    expect(spec.version).toBe("3.0")
    const customer = OpenApi.sample(spec, "GET", "/v1/customers/{customer}")
    expect(OpenApi.responseValidator(spec, "GET", "/v1/customers/{customer}")(customer).valid).toBe(true)
    expect(OpenApi.formToObject("email=a%40b.c&metadata[plan]=pro&items[0][price]=p_1&items[1][price]=p_2&expand[]=x")).toEqual({
      email: "a@b.c",
      metadata: { plan: "pro" },
      items: [{ price: "p_1" }, { price: "p_2" }],
      expand: ["x"]
    })
    const form = OpenApi.requestValidator(spec, "POST", "/v1/customers", "application/x-www-form-urlencoded")
    expect(form(OpenApi.formToObject("email=a%40b.c&metadata[plan]=pro")).valid).toBe(true)
  })

  it("names the file when an operation does not exist", () => {
    const spec = OpenApi.load("openai/openapi.json")
    expect(() => OpenApi.responseSchema(spec, "GET", "/nope")).toThrow(/openapi\.json: no operation GET \/nope/)
  })
})
