/** A small vendor declared through HttpIntegration, used by the kernel tests. */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Credentials from "../../src/core/Credentials.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"

export const Thing = Schema.Struct({ id: Schema.String, name: Schema.String, count: Schema.Number })

export const CANARY_SECRET = "sk_canary_7f3b9c1e5d"

export const make = (options: {
  readonly baseUrl?: string
  readonly policy?: HttpIntegration.PolicyInput
  readonly secret?: Credentials.Secret
} = {}) =>
  Effect.gen(function*() {
    const http = yield* HttpIntegration.make({
      vendor: "Demo",
      baseUrl: options.baseUrl ?? "https://api.demo.test",
      auth: HttpIntegration.bearer(options.secret ?? Credentials.fixed(Redacted.make(CANARY_SECRET))),
      dialect: { idempotencyHeader: "Idempotency-Key", requestIdHeaders: ["request-id"] },
      policy: { jitter: 0, ...options.policy }
    })
    return {
      getThing: http.operation({
        name: "things.get",
        method: "GET",
        input: Schema.Struct({ id: Schema.String, expand: Schema.optional(Schema.String) }),
        output: Thing,
        request: ({ expand, id }) => ({ path: `/things/${encodeURIComponent(id)}`, query: { expand } })
      }),
      createThing: http.operation({
        name: "things.create",
        method: "POST",
        input: Schema.Struct({ name: Schema.NonEmptyString, count: Schema.Int.pipe(Schema.nonNegative()) }),
        output: Thing,
        request: (body) => ({ path: "/things", body: { _tag: "Json", value: body } })
      }),
      searchThings: http.operation({
        name: "things.search",
        method: "POST",
        idempotencyKey: false,
        input: Schema.Struct({ query: Schema.String }),
        output: Schema.Struct({ results: Schema.Array(Thing) }),
        request: (body) => ({ path: "/things/search", body: { _tag: "Json", value: body } })
      })
    }
  })
