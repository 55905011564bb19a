import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Prism from "./support/Prism.js"

describe("Prism (contract support)", () => {
  it.live("serves a vendor spec on 127.0.0.1 and rejects a request that breaks it", () =>
    Effect.gen(function*() {
      const prism = yield* Prism.start("resend/resend.json")
      const send = (body: unknown) =>
        Effect.promise(() =>
          fetch(`${prism.url}/emails`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: "Bearer re_test" },
            body: JSON.stringify(body)
          }).then(async (response) => ({ status: response.status, body: await response.text() }))
        )
      const ok = yield* send({ from: "a@example.com", to: "b@example.com", subject: "hi", html: "<p>x</p>" })
      expect(ok.status).toBe(200)
      expect(JSON.parse(ok.body)).toHaveProperty("id")
      const bad = yield* send({ to: "b@example.com" })
      expect(bad.status).toBe(422)
    }).pipe(Effect.scoped), 120_000)
})
