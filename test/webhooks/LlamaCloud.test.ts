import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as LlamaCloud from "../../src/webhooks/schemes/LlamaCloud.js"
import type { WebhookError } from "../../src/webhooks/WebhookError.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"

// The payload of LlamaCloud's webhooks page (developers.llamaindex.ai/python/cloud/general/webhooks, "Webhook
// Payload"); the signature was computed with Python's hmac/hashlib (HMAC-SHA256 of the raw body, hex), an
// implementation independent of ours.
const body =
  "{\"event_id\":\"149744dd-9002-4411-a6c7-9635da372caa\",\"event_type\":\"parse.success\",\"timestamp\":1753985275.1154444,\"data\":{\"id\":\"a9a57884-921e-4ec2-b555-f4e5a97ec02a\",\"job_id\":\"a9a57884-921e-4ec2-b555-f4e5a97ec02a\"}}"
const secret = "whsec_llama_test_secret"
const signature = "sha256=ca74855c842215c0b66cd0dbe9b62b7eb6d86bc3be574d161385d3f68ad6a6ce"

const verify = (headers: Record<string, string>, secrets: ReadonlyArray<string>, raw: string = body) =>
  Webhooks.verify(LlamaCloud.scheme, makeRequest({ body: raw, headers }), secrets.map((s) => Redacted.make(s)))

const reasonOf = <A>(effect: Effect.Effect<A, WebhookError>) => Effect.map(Effect.flip(effect), (error) => error.reason)

describe("LlamaCloud webhook scheme", () => {
  it.effect("accepts LC-Signature: sha256=<hex HMAC-SHA256 of the raw body>, with any of several secrets", () =>
    Effect.gen(function*() {
      const verified = yield* verify({ "LC-Signature": signature }, ["whsec_old", secret])
      expect(verified.scheme).toBe("llamacloud")
      expect(verified.replayKey).toMatch(/^llamacloud:sha256:[0-9a-f]{64}$/)
      // Upper-case hex is the same digest.
      yield* verify({ "lc-signature": `sha256=${signature.slice(7).toUpperCase()}` }, [secret])
    }))

  it.effect("rejects a wrong secret, a changed body, a missing header and a malformed value", () =>
    Effect.gen(function*() {
      expect(yield* reasonOf(verify({ "LC-Signature": signature }, ["whsec_other"]))).toBe("InvalidSignature")
      expect(yield* reasonOf(verify({ "LC-Signature": signature }, [secret], body.replace("success", "error")))).toBe(
        "InvalidSignature"
      )
      expect(yield* reasonOf(verify({}, [secret]))).toBe("MissingHeader")
      expect(yield* reasonOf(verify({ "LC-Signature": signature.slice(7) }, [secret]))).toBe("MalformedHeader")
    }))

  it.effect("signs as it verifies: sign produces the documented header value", () =>
    Effect.gen(function*() {
      const signed = yield* LlamaCloud.scheme.sign({ body }, Redacted.make(secret))
      expect(signed.headers["LC-Signature"]).toBe(signature)
    }))
})
