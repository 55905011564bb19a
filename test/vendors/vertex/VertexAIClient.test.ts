import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as GeminiClient from "../../../src/vendors/vertex/GeminiClient.js"
import * as VertexAIClient from "../../../src/vendors/vertex/VertexAIClient.js"
import * as StubHttp from "../../support/StubHttp.js"

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const PEM = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString()

const keyFilePath = Effect.acquireRelease(
  Effect.sync(() => {
    const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "vertex-"))
    const path = NodePath.join(dir, "key.json")
    NodeFs.writeFileSync(path, JSON.stringify({ type: "service_account", client_email: "a@acme-prod.iam.gserviceaccount.com", private_key: PEM }))
    return path
  }),
  (path) => Effect.sync(() => NodeFs.rmSync(NodePath.dirname(path), { recursive: true, force: true }))
)

const generated = { candidates: [{ content: { role: "model", parts: [{ text: "ok" }] }, finishReason: "STOP" }] }

describe("VertexAIClient", () => {
  it.effect("layerConfig reports every missing variable at once, by name only", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(IntegrationConfig.layer(VertexAIClient.fromEnv)).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici), withEnv([]))
      )
      expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
        ["GOOGLE_APPLICATION_CREDENTIALS", "Missing"],
        ["GOOGLE_CLOUD_PROJECT", "Missing"]
      ])
      const unreadable = yield* Effect.flip(
        Layer.build(IntegrationConfig.layer(VertexAIClient.fromEnv)).pipe(
          Effect.scoped,
          Effect.provide(NodeHttpClient.layerUndici),
          withEnv([["GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/key.json"], ["GOOGLE_CLOUD_PROJECT", "acme-prod"]])
        )
      )
      expect(IntegrationConfig.problems(unreadable).map((p) => [p.key, p.kind])).toEqual([["GOOGLE_APPLICATION_CREDENTIALS", "Invalid"]])
    }))

  it.scoped("from the environment: reads the key file, calls the location's regional endpoint with the project's model path", () =>
    Effect.gen(function*() {
      const path = yield* keyFilePath
      const stub = yield* StubHttp.make((_, request) =>
        request.url.endsWith("/token") ? StubHttp.json(200, { access_token: "ya29.env", expires_in: 3600 }) : StubHttp.json(200, generated)
      )
      yield* Effect.flatMap(VertexAIClient.VertexAIClient, (vertex) =>
        vertex.models.generateContent("gemini-2.5-flash", { contents: [{ role: "user", parts: [{ text: "hi" }] }] })).pipe(
          Effect.provide(VertexAIClient.layerConfig({ policy: { maxRetries: 0 } })),
          Effect.provide(stub.layer),
          withEnv([["GOOGLE_APPLICATION_CREDENTIALS", path], ["GOOGLE_CLOUD_PROJECT", "acme-prod"], ["GOOGLE_CLOUD_LOCATION", "europe-west4"]])
        )
      const [token, call] = yield* stub.requests
      expect(token!.url).toBe("https://oauth2.googleapis.com/token")
      expect(call!.url).toBe(
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent"
      )
      expect(call!.headers.authorization).toBe("Bearer ya29.env")
      expect(VertexAIClient.endpointFor("global")).toBe("https://aiplatform.googleapis.com/v1")
    }))

  it.scoped("a bad project or location is a ConfigError naming the setting", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
      const token = { get: Effect.succeed(Redacted.make("t")), refresh: () => Effect.succeed(Redacted.make("t")) }
      const error = yield* Effect.flip(
        VertexAIClient.make({ credentials: token, project: "Bad Project", location: "us central" }).pipe(Effect.provide(stub.layer))
      )
      expect(IntegrationConfig.problems(error).map((p) => p.key).sort()).toEqual(["VertexAI.location", "VertexAI.project"])
    }))

  it.effect("layerTest serves the given methods and dies naming any other", () =>
    Effect.gen(function*() {
      const vertex = yield* VertexAIClient.VertexAIClient
      expect((yield* vertex.models.countTokens("m", { contents: [{ parts: [{ text: "x" }] }] })).totalTokens).toBe(3)
      const exit = yield* Effect.exit(Effect.suspend(() => vertex.models.generateContent("m", { contents: [{ parts: [{ text: "x" }] }] })))
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("VertexAIClient.models.generateContent is not implemented")
    }).pipe(Effect.provide(VertexAIClient.layerTest({ models: { countTokens: () => Effect.succeed({ totalTokens: 3 }) } }))))
})

describe("GeminiClient", () => {
  it.scoped("sends the key as x-goog-api-key, never in the URL, to the v1beta model path", () =>
    Effect.gen(function*() {
      const key = "AIzaCanary_never_in_urls_0123456789"
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { embedding: { values: [1, 2] } }))
      const gemini = yield* GeminiClient.make({ apiKey: Redacted.make(key) }).pipe(Effect.provide(stub.layer))
      expect((yield* gemini.models.embed("gemini-embedding-001", { text: "hi", taskType: "CLUSTERING" })).values).toEqual([1, 2])
      const [request] = yield* stub.requests
      expect(request!.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent")
      expect(request!.headers["x-goog-api-key"]).toBe(key)
      expect(request!.url).not.toContain(key)
      expect(JSON.parse(request!.body!)).toEqual({ content: { parts: [{ text: "hi" }] }, taskType: "CLUSTERING" })
    }))

  it.effect("layerConfig requires GEMINI_API_KEY", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(IntegrationConfig.layer(GeminiClient.fromEnv)).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici), withEnv([]))
      )
      expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([["GEMINI_API_KEY", "Missing"]])
    }))
})

describe("telemetry", () => {
  const exporter = new InMemorySpanExporter()
  const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

  it.scoped("names spans <Vendor>.models.<operation> and records neither the prompt nor the key", () =>
    Effect.gen(function*() {
      const key = "AIzaCanary_span_0123456789abcdefghij"
      const stub = yield* StubHttp.make(() => StubHttp.json(200, generated))
      const gemini = yield* GeminiClient.make({ apiKey: Redacted.make(key) }).pipe(Effect.provide(stub.layer))
      yield* gemini.models.generateContent("gemini-2.5-flash", { contents: [{ role: "user", parts: [{ text: "secret plans of jane" }] }] })
      const span = exporter.getFinishedSpans().find((s) => s.name === "Gemini.models.generateContent")
      expect(span).toBeDefined()
      const attributes = JSON.stringify(span?.attributes)
      expect(attributes).toContain("generateContent")
      expect(attributes).not.toContain("secret plans")
      expect(attributes).not.toContain(key)
    }).pipe(Effect.provide(Tracing)))
})
