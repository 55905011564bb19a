import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import * as TestServer from "../support/TestServer.js"

/** Recursive schemas: decoding a deeply nested value recurses once per level. */
type Nested = string | ReadonlyArray<Nested>
const Nested: Schema.Schema<Nested> = Schema.Union(Schema.String, Schema.Array(Schema.suspend(() => Nested)))
interface Node {
  readonly a?: Node | undefined
}
const Node: Schema.Schema<Node> = Schema.Struct({ a: Schema.optional(Schema.suspend(() => Node)) })

const answering = <A>(body: string, output: Schema.Schema<A>) =>
  Effect.gen(function*() {
    const server = yield* TestServer.make((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      res.end(body)
    })
    const http = yield* Effect.orDie(HttpIntegration.make({ vendor: "Deep", baseUrl: server.url, policy: { maxRetries: 0 } }))
    const get = http.operation({ name: "get", method: "GET", input: Schema.Struct({}), output, request: () => ({ path: "/" }) })
    return yield* get({})
  })

const arrays = (depth: number, leaf = "") => "[".repeat(depth) + leaf + "]".repeat(depth)
const objects = (depth: number) => "{\"a\":".repeat(depth) + "{}" + "}".repeat(depth)

describe("HttpIntegration JSON depth", () => {
  it.scoped("answers ResponseDrift, not a stack overflow, for arrays nested 100,000 levels deep", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(answering(arrays(100_000), Nested))
      expect(error.reason).toBe("ResponseDrift")
      expect(error.description).toBe("response JSON nests deeper than 512 levels")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("answers ResponseDrift, not a stack overflow, for objects nested 100,000 levels deep", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(answering(objects(100_000), Node))
      expect(error.reason).toBe("ResponseDrift")
      expect(error.description).toBe("response JSON nests deeper than 512 levels")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("still decodes a value nested as deep as the limit", () =>
    Effect.gen(function*() {
      let value: Nested = "leaf"
      for (let level = 0; level < 512; level++) value = [value]
      expect(yield* answering(arrays(512, "\"leaf\""), Nested)).toEqual(value)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})
