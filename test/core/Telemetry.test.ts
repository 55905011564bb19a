import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import * as Telemetry from "../../src/core/Telemetry.js"
import * as StubHttp from "../support/StubHttp.js"

describe("Telemetry", () => {
  it.effect("integration.failures is tagged with vendor and reason, not operation", () =>
    Effect.gen(function*() {
      const vendor = `FailuresTags${Math.random().toString(36).slice(2)}`
      const stub = yield* StubHttp.make(() => StubHttp.json(404, { error: { type: "not_found" } }))
      const http = yield* HttpIntegration.make({ vendor, baseUrl: "https://api.example.test" }).pipe(
        Effect.provide(stub.layer)
      )
      const get = http.operation({
        name: "things.get",
        method: "GET",
        input: Schema.String,
        output: Schema.Unknown,
        request: (id) => ({ path: `/things/${id}` })
      })
      const exit = yield* Effect.exit(get("t_1"))
      expect(exit._tag).toBe("Failure")
      const pairs = (yield* Metric.snapshot).filter((pair) =>
        pair.metricKey.name === "integration.failures" &&
        pair.metricKey.tags.some((tag) => tag.key === Telemetry.Tag.vendor && tag.value === vendor)
      )
      expect(pairs.map((pair) => pair.metricKey.tags.map((tag) => `${tag.key}=${tag.value}`).sort())).toEqual([
        [`${Telemetry.Tag.reason}=NotFound`, `${Telemetry.Tag.vendor}=${vendor}`]
      ])
    }).pipe(Effect.scoped))
})
