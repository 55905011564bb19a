/**
 * Operations whose answer is text (`responseBody: "text"`): the body reaches the output Schema as a string, on the
 * platform client and on the lean transport alike, and the size cap still bounds it.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import * as NodeTransport from "../../src/transport/NodeTransport.js"
import * as UndiciTransport from "../../src/transport/UndiciTransport.js"
import * as TestServer from "../support/TestServer.js"

const CSV = "email,result\nada@example.com,ok\nnot-an-address,invalid\n"

const Rows = Schema.transform(Schema.String, Schema.Array(Schema.Array(Schema.String)), {
  strict: true,
  decode: (text) => text.trim().split("\n").map((line) => line.split(",")),
  encode: (rows) => rows.map((row) => row.join(",")).join("\n")
})

const download = (body: string, options: { readonly maxResponseBytes?: number } = {}) =>
  Effect.gen(function*() {
    const server = yield* TestServer.make((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" })
      res.end(body)
    })
    const http = yield* Effect.orDie(HttpIntegration.make({
      vendor: "Reports",
      baseUrl: server.url,
      policy: { maxRetries: 0, ...options }
    }))
    const get = http.operation({
      name: "reports.download",
      method: "GET",
      input: Schema.Struct({}),
      output: Rows,
      responseBody: "text",
      request: () => ({ path: "/report.csv" })
    })
    return yield* get({})
  })

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["platform client", NodeHttpClient.layerUndici],
  ["lean transport", UndiciTransport.layer()],
  ["node:http transport", NodeTransport.layer()]
]

describe("HttpIntegration text answers", () => {
  for (const [name, transport] of transports) {
    it.scoped(`${name}: a CSV answer decodes through the output Schema as text`, () =>
      Effect.gen(function*() {
        expect(yield* download(CSV)).toEqual([["email", "result"], ["ada@example.com", "ok"], ["not-an-address", "invalid"]])
      }).pipe(Effect.provide(transport)))

    it.scoped(`${name}: a text answer over maxResponseBytes is ResponseTooLarge`, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(download(CSV.repeat(100), { maxResponseBytes: 256 }))
        expect(error.reason).toBe("ResponseTooLarge")
      }).pipe(Effect.provide(transport)))
  }

  it.scoped("a JSON operation still refuses the same body as not JSON", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        res.writeHead(200, { "content-type": "text/csv" })
        res.end(CSV)
      })
      const http = yield* Effect.orDie(HttpIntegration.make({ vendor: "Reports", baseUrl: server.url, policy: { maxRetries: 0 } }))
      const get = http.operation({
        name: "reports.json",
        method: "GET",
        input: Schema.Struct({}),
        output: Schema.Unknown,
        request: () => ({ path: "/report.csv" })
      })
      const error = yield* Effect.flip(get({}))
      expect(error.reason).toBe("ResponseDrift")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})
