import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as GitHub from "../../src/webhooks/schemes/GitHub.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"

/** A recursive event schema: decoding a deeply nested value recurses once per level. */
interface Comment {
  readonly id: string
  readonly replies: ReadonlyArray<Comment>
}
const Comment: Schema.Schema<Comment> = Schema.Struct({
  id: Schema.String,
  replies: Schema.Array(Schema.suspend(() => Comment))
})

const secret = Redacted.make("s")
const signed = (body: string) =>
  Effect.map(GitHub.scheme.sign({ body, id: "d-1" }, secret), (result) => makeRequest({ body, headers: result.headers }))

const thread = (depth: number) => "{\"id\":\"c\",\"replies\":[".repeat(depth) + "]}".repeat(depth)

describe("Webhooks.verifyAndDecode on deeply nested bodies", () => {
  const decode = Webhooks.verifyAndDecode(GitHub.scheme, Comment)

  it.effect("fails with InvalidPayload, not a stack overflow, on a body nested 40,000 levels deep", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(decode(yield* signed(thread(20_000)), secret))
      expect(error.reason).toBe("InvalidPayload")
      expect(error.message).toContain("nests deeper than 512 levels")
    }))

  it.effect("decodes a recursive event within the limit", () =>
    Effect.gen(function*() {
      const { event } = yield* decode(yield* signed(thread(100)), secret)
      let depth = 0
      for (let current: Comment | undefined = event; current !== undefined; current = current.replies[0]) depth++
      expect(depth).toBe(100)
    }))
})
