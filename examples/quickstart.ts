/**
 * Quick start: declare a vendor with HttpIntegration and call it. Run against the demo's local vendor with
 * `ACME_API_KEY=sk_test ACME_URL=http://127.0.0.1:PORT node dist/examples/quickstart.js`, or read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { Credentials, HttpIntegration, IntegrationError } from "effect-integrations"

const Order = Schema.Struct({ id: Schema.String, amount: Schema.Int })

const program = Effect.gen(function*() {
  const acme = yield* HttpIntegration.make({
    vendor: "Acme",
    baseUrl: yield* Config.string("ACME_URL").pipe(Config.withDefault("https://api.acme.example")),
    auth: HttpIntegration.bearer(yield* Credentials.config("ACME_API_KEY")),
    dialect: { idempotencyHeader: "Idempotency-Key" },
    policy: { timeout: "10 seconds", maxRetries: 2, deadline: "30 seconds" }
  })
  const createOrder = acme.operation({
    name: "orders.create",
    method: "POST",
    input: Schema.Struct({ amount: Schema.Int.pipe(Schema.positive()) }),
    output: Order,
    request: (body) => ({ path: "/v1/orders", body: { _tag: "Json", value: body } })
  })
  const order = yield* createOrder({ amount: 4200 }).pipe(
    // Callers branch on the reason, never on message strings.
    Effect.catchIf(IntegrationError.isReason("RateLimited"), (error) =>
      Effect.fail(new Error(`slow down for ${String(error.retryAfter)}`)))
  )
  yield* Effect.log(`created order ${order.id}`)
})

program.pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici), NodeRuntime.runMain)
