/** One create operation on a made-up vendor, declared with the settings a test varies (dialect, policy, breaker). */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"

export const createOrder = (settings: Omit<HttpIntegration.Definition, "vendor" | "baseUrl"> = {}) =>
  Effect.map(
    HttpIntegration.make({ vendor: "Acme", baseUrl: "https://api.acme.example", ...settings }),
    (http) =>
      http.operation({
        name: "orders.create",
        method: "POST",
        input: Schema.Struct({ sku: Schema.String }),
        output: Schema.Struct({ id: Schema.String }),
        request: (params) => ({ path: "/orders", body: HttpIntegration.json(params) })
      })
  )
