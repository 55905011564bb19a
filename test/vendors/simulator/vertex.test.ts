import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as NodeCrypto from "node:crypto"
import * as OAuth2 from "../../../src/core/OAuth2.js"
import * as GeminiClient from "../../../src/vendors/vertex/GeminiClient.js"
import * as VertexAIClient from "../../../src/vendors/vertex/VertexAIClient.js"
import type * as VertexAuth from "../../../src/vendors/vertex/VertexAuth.js"
import * as VertexSchemas from "../../../src/vendors/vertex/VertexSchemas.js"
import * as Http from "../../testing/support/Http.js"
import * as Spec from "../../testing/support/SpecSlices.js"
import * as Sim from "./support.js"

const { privateKey } = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
const PEM = privateKey.export({ type: "pkcs8", format: "pem" }).toString()
const GEMINI_KEY = "AIzaSimulated_0123456789abcdefghijklm"
const TOKEN_ROUTE = "POST /token"
const VERTEX_ROUTE = "POST /v1/projects/{project}/locations/{location}/publishers/google/models/{model}"
const GEMINI_ROUTE = "POST /v1beta/models/{model}"

const account = (sim: Sim.Simulator): VertexAuth.ServiceAccount => ({
  clientEmail: "vertex-caller@acme-prod.iam.gserviceaccount.com",
  privateKey: Redacted.make(PEM),
  privateKeyId: "0123456789abcdef",
  tokenUri: `${sim.baseUrl("vertex")}/token`,
  projectId: "acme-prod"
})

const vertex = (sim: Sim.Simulator, options: Partial<VertexAIClient.Options> = {}) =>
  Sim.client(
    VertexAIClient.make({
      credentials: account(sim),
      project: "acme-prod",
      location: "europe-west4",
      baseUrl: `${sim.baseUrl("vertex")}/v1`,
      policy: Sim.policy,
      // The token exchange's own 15 s timeout would be a sleep `Sim.drive` moves the clock to while the token is asked
      // for on a slow machine.
      tokenPolicy: Sim.policy,
      ...options
    })
  )

const gemini = (sim: Sim.Simulator, apiKey = GEMINI_KEY) =>
  Sim.client(GeminiClient.make({ apiKey: Redacted.make(apiKey), baseUrl: `${sim.baseUrl("vertex")}/v1beta`, policy: Sim.policy }))

const ask = (text: string): VertexSchemas.GenerateContentRequest => ({ contents: [{ role: "user", parts: [{ text }] }] })

describe("VertexAIClient against the simulator", () => {
  it.scoped("generates, streams, counts tokens and embeds with one service-account token", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* vertex(sim)
      const answer = yield* client.models.generateContent("gemini-2.5-flash", ask("Hello there"))
      expect(VertexSchemas.textOf(answer)).toBe("gemini-2.5-flash says: Hello there")
      const events = Chunk.toReadonlyArray(yield* Stream.runCollect(client.models.streamGenerateContent("gemini-2.5-flash", ask("Stream it"))))
      expect(events.length).toBe(3)
      expect(events.map(VertexSchemas.textOf).join("")).toBe("gemini-2.5-flash says: Stream it")
      expect(events.at(-1)?.candidates?.[0]?.finishReason).toBe("STOP")
      expect((yield* client.models.countTokens("gemini-2.5-flash", ask("count me please"))).totalTokens).toBe(4)
      const embedding = yield* client.models.embed("text-embedding-005", { text: "vector", taskType: "RETRIEVAL_DOCUMENT", outputDimensionality: 4 })
      expect(embedding.values).toHaveLength(4)
      expect(embedding.tokenCount).toBe(2)
      yield* client.healthCheck
      expect(yield* Sim.requests(sim, "vertex", TOKEN_ROUTE)).toBe(1)
      expect(yield* Sim.requests(sim, "vertex", VERTEX_ROUTE)).toBe(5)
    }))

  it.scoped("fetches one token for many concurrent calls, renews it before expiry, and shares it through the TokenStore", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      // Two clients stand for two processes: what they share is the store, whose lock (Redis's in production) keeps
      // them from renewing at once.
      const memory = yield* OAuth2.makeMemoryStore
      const shared = yield* Effect.makeSemaphore(1)
      const store: OAuth2.TokenStore = { ...memory, withLock: (_key, effect) => shared.withPermits(1)(effect) }
      const first = yield* vertex(sim).pipe(Effect.provideService(OAuth2.TokenStoreTag, store))
      const second = yield* vertex(sim).pipe(Effect.provideService(OAuth2.TokenStoreTag, store))
      yield* Effect.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? first : second).models.countTokens("gemini-2.5-flash", ask(`call ${i}`))),
        { concurrency: "unbounded" }
      )
      expect(yield* Sim.requests(sim, "vertex", TOKEN_ROUTE)).toBe(1)
      // The token lives an hour; at 56 minutes it is within the 5-minute renewal window.
      yield* TestClock.adjust("56 minutes")
      yield* second.models.countTokens("gemini-2.5-flash", ask("later"))
      yield* first.models.countTokens("gemini-2.5-flash", ask("later too"))
      expect(yield* Sim.requests(sim, "vertex", TOKEN_ROUTE)).toBe(2)
    }))

  it.scoped("renews the token once after a 401 UNAUTHENTICATED and retries the call", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator([{ kind: "status", vendor: "vertex", route: VERTEX_ROUTE, status: 401, times: 1 }])
      const client = yield* vertex(sim)
      const answer = yield* Sim.drive(client.models.generateContent("gemini-2.5-flash", ask("after a 401")))
      expect(VertexSchemas.textOf(answer)).toContain("after a 401")
      expect(yield* Sim.requests(sim, "vertex", TOKEN_ROUTE)).toBe(2)
      expect(yield* Sim.requests(sim, "vertex", VERTEX_ROUTE)).toBe(2)
    }))

  describe("faults", () => {
    it.scoped("retries 429 RESOURCE_EXHAUSTED and 503 UNAVAILABLE, and a token endpoint outage", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "vertex", route: TOKEN_ROUTE, status: 503, times: 1 },
          { kind: "status", vendor: "vertex", route: VERTEX_ROUTE, status: 429, times: 1 },
          { kind: "status", vendor: "vertex", route: VERTEX_ROUTE, status: 503, times: 1 }
        ])
        const client = yield* vertex(sim)
        const answer = yield* Sim.drive(client.models.generateContent("gemini-2.5-flash", ask("busy")))
        expect(VertexSchemas.textOf(answer)).toContain("busy")
        expect(yield* Sim.requests(sim, "vertex", VERTEX_ROUTE)).toBe(3)
        expect(yield* Sim.requests(sim, "vertex", TOKEN_ROUTE)).toBe(2)
      }))

    it.scoped("maps INVALID_ARGUMENT to InvalidRequest without retrying; bad input never leaves the process", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "vertex", route: VERTEX_ROUTE, status: 400, times: 1 }])
        const client = yield* vertex(sim)
        const error = yield* Sim.failure(client.models.countTokens("gemini-2.5-flash", ask("x")))
        Sim.expectError(error, { reason: "InvalidRequest", status: 400 })
        expect(error.details).toEqual({ status: "INVALID_ARGUMENT" })
        Sim.expectError(yield* Sim.failure(client.models.generateContent("../admin", ask("x"))), { reason: "InvalidRequest" })
        Sim.expectError(yield* Sim.failure(client.models.generateContent("gemini-2.5-flash", { contents: [] })), { reason: "InvalidRequest" })
        expect(yield* Sim.requests(sim, "vertex", VERTEX_ROUTE)).toBe(1)
      }))

    it.scoped("fails a stream cut before its finishReason with Transport, after the events that arrived", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "truncate", vendor: "vertex", route: VERTEX_ROUTE, fraction: 0.5 }])
        const client = yield* vertex(sim)
        const received: Array<VertexSchemas.GenerateContentResponse> = []
        const error = yield* Sim.failure(
          Stream.runForEach(client.models.streamGenerateContent("gemini-2.5-flash", ask("a long answer please")), (event) =>
            Effect.sync(() => received.push(event)))
        )
        Sim.expectError(error, { reason: "Transport" })
        expect(error.description).toContain("ended before its final event")
        expect(received.length).toBeGreaterThan(0)
        expect(received.some((event) => event.candidates?.[0]?.finishReason !== undefined)).toBe(false)
      }))

    it.scoped("fails a stream that stalls between events with a typed idle timeout", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "latency", vendor: "vertex", route: VERTEX_ROUTE, ms: 600_000, during: "response" }])
        const client = yield* vertex(sim, { streamIdleTimeout: "30 seconds" })
        const received: Array<VertexSchemas.GenerateContentResponse> = []
        // The token request (another route) is not stalled; the stream is.
        const fiber = yield* Effect.fork(
          Sim.failure(Stream.runForEach(client.models.streamGenerateContent("gemini-2.5-flash", ask("slow")), (event) =>
            Effect.sync(() => received.push(event))))
        )
        yield* Sim.until("the first events arrived", Effect.sync(() => received.length > 0))
        const error = yield* Sim.drive(Fiber.join(fiber), "1 minute")
        Sim.expectError(error, { reason: "Timeout" })
        expect(received.some((event) => event.candidates?.[0]?.finishReason !== undefined)).toBe(false)
      }))
  })
})

describe("GeminiClient against the simulator", () => {
  it.scoped("generates, streams, counts tokens and embeds with an x-goog-api-key", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* gemini(sim)
      expect(VertexSchemas.textOf(yield* client.models.generateContent("gemini-2.5-flash", ask("Hi")))).toBe("gemini-2.5-flash says: Hi")
      const events = Chunk.toReadonlyArray(yield* Stream.runCollect(client.models.streamGenerateContent("gemini-2.5-flash", ask("Go"))))
      expect(events.map(VertexSchemas.textOf).join("")).toBe("gemini-2.5-flash says: Go")
      expect((yield* client.models.countTokens("gemini-2.5-flash", ask("four"))).totalTokens).toBe(1)
      expect((yield* client.models.embed("gemini-embedding-001", { text: "vector", outputDimensionality: 3 })).values).toHaveLength(3)
      yield* client.healthCheck
      expect(yield* Sim.requests(sim, "vertex", GEMINI_ROUTE)).toBe(5)
    }))

  it.scoped("a wrong key is Unauthorized (API_KEY_INVALID), not retried; a 503 is retried", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator([{ kind: "status", vendor: "vertex", route: GEMINI_ROUTE, status: 503, times: 1 }])
      const client = yield* gemini(sim)
      yield* Sim.drive(client.models.countTokens("gemini-2.5-flash", ask("retry me")))
      const wrong = yield* gemini(sim, "nope-not-a-key")
      const error = yield* Sim.failure(wrong.models.countTokens("gemini-2.5-flash", ask("x")))
      Sim.expectError(error, { reason: "Unauthorized", status: 400 }, "nope-not-a-key")
      expect(error.details).toEqual({ status: "INVALID_ARGUMENT", reason: "API_KEY_INVALID" })
      expect(yield* Sim.requests(sim, "vertex", GEMINI_ROUTE)).toBe(3)
    }))
})

describe("Vertex AI simulator module", () => {
  const valid = (result: Spec.Result) => expect(result.errors).toBe("")
  const MODELS = "/v1/projects/{projectsId}/locations/{locationsId}/publishers/{publishersId}/models/{modelsId}"

  it.scoped("answers as the converted Discovery document describes; refuses tokens it did not issue", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const base = sim.baseUrl("vertex")
      const client = yield* vertex(sim)
      yield* client.models.countTokens("gemini-2.5-flash", ask("issue a token first"))
      const model = `${base}/v1/projects/acme-prod/locations/us-central1/publishers/google/models`
      const stranger = yield* Http.send(`${model}/gemini-2.5-flash:countTokens`, { headers: { authorization: "Bearer ya29.forged" }, json: ask("x") })
      expect([stranger.status, (stranger.json as { error: { status: string } }).error.status]).toEqual([401, "UNAUTHENTICATED"])
      const unsigned = yield* Http.send(`${base}/token`, { form: { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion: "a.b.c" } })
      expect([unsigned.status, (unsigned.json as { error: string }).error]).toEqual([400, "invalid_grant"])
      // Answers against the slice, through a gemini client (same handlers, API key auth).
      const key = { "x-goog-api-key": GEMINI_KEY }
      const generated = yield* Http.send(`${base}/v1beta/models/gemini-2.5-flash:generateContent`, { headers: key, json: ask("hi") })
      valid(Spec.response("vertex-ai", "POST", `${MODELS}:generateContent`, 200, generated.json))
      const counted = yield* Http.send(`${base}/v1beta/models/gemini-2.5-flash:countTokens`, { headers: key, json: ask("hi") })
      valid(Spec.response("vertex-ai", "POST", `${MODELS}:countTokens`, 200, counted.json))
      const streamed = yield* Http.send(`${base}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, { headers: key, json: ask("hi") })
      const events = Http.events(streamed.text)
      expect(events.length).toBe(3)
      for (const event of events) valid(Spec.schema("vertex-ai", "GoogleCloudAiplatformV1GenerateContentResponse", JSON.parse(event.data)))
    }))
})
