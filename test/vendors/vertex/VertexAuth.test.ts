import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as NodeCrypto from "node:crypto"
import * as VertexAuth from "../../../src/vendors/vertex/VertexAuth.js"
import * as RecordingServer from "../../support/RecordingServer.js"

const { privateKey, publicKey } = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
const PEM = privateKey.export({ type: "pkcs8", format: "pem" }).toString()

const keyFile = (tokenUri: string) =>
  JSON.stringify({
    type: "service_account",
    project_id: "acme-prod",
    private_key_id: "kid-123",
    private_key: PEM,
    client_email: "caller@acme-prod.iam.gserviceaccount.com",
    client_id: "1234567890",
    token_uri: tokenUri
  })

const live = <A, E, R>(make: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Layer.build(NodeHttpClient.layerUndici), (context) => Effect.provide(make, context))

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>

describe("VertexAuth", () => {
  it.scoped("signs an RS256 assertion the account's public key verifies, exchanges it, and caches the token", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_700_000_000_000)
      const server = yield* RecordingServer.make(() => ({ body: { access_token: "ya29.first", expires_in: 3599, token_type: "Bearer" } }))
      const account = Either.getOrThrow(VertexAuth.parseServiceAccount(keyFile(`${server.url}/token`)))
      const provider = yield* live(VertexAuth.make({ vendor: "VertexAI", serviceAccount: account }))
      expect(Redacted.value(yield* provider.get)).toBe("ya29.first")
      expect(Redacted.value(yield* provider.get)).toBe("ya29.first")
      const requests = yield* server.requests
      expect(requests).toHaveLength(1)
      const [request] = requests
      expect([request!.method, request!.path]).toEqual(["POST", "/token"])
      expect(request!.headers["content-type"]).toContain("application/x-www-form-urlencoded")
      const form = new URLSearchParams(request!.body)
      expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer")
      const [head, claims, signature] = form.get("assertion")!.split(".")
      expect(decode(head!)).toEqual({ alg: "RS256", typ: "JWT", kid: "kid-123" })
      expect(decode(claims!)).toEqual({
        iss: "caller@acme-prod.iam.gserviceaccount.com",
        scope: VertexAuth.CLOUD_PLATFORM_SCOPE,
        aud: `${server.url}/token`,
        iat: 1_700_000_000,
        exp: 1_700_003_600
      })
      const verified = NodeCrypto.createVerify("RSA-SHA256").update(`${head}.${claims}`).verify(publicKey, Buffer.from(signature!, "base64url"))
      expect(verified).toBe(true)
      // Another key does not verify it: the check above can fail.
      const other = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey
      expect(NodeCrypto.createVerify("RSA-SHA256").update(`${head}.${claims}`).verify(other, Buffer.from(signature!, "base64url"))).toBe(false)
    }))

  it.scoped("renews five minutes before expiry, after a refused token, and once for concurrent callers", () =>
    Effect.gen(function*() {
      let n = 0
      const server = yield* RecordingServer.make(() => ({ body: { access_token: `ya29.t${++n}`, expires_in: 3600 } }))
      const account = Either.getOrThrow(VertexAuth.parseServiceAccount(keyFile(`${server.url}/token`)))
      const provider = yield* live(VertexAuth.make({ vendor: "VertexAI", serviceAccount: account }))
      const tokens = yield* Effect.all(Array.from({ length: 10 }, () => provider.get), { concurrency: "unbounded" })
      expect(new Set(tokens.map(Redacted.value))).toEqual(new Set(["ya29.t1"]))
      yield* TestClock.adjust("54 minutes")
      expect(Redacted.value(yield* provider.get)).toBe("ya29.t1")
      yield* TestClock.adjust("2 minutes")
      expect(Redacted.value(yield* provider.get)).toBe("ya29.t2")
      // A 401 with t2 renews; a stale refusal of t1 (already replaced) does not.
      expect(Redacted.value(yield* provider.refresh(Redacted.make("ya29.t2")))).toBe("ya29.t3")
      expect(Redacted.value(yield* provider.refresh(Redacted.make("ya29.t1")))).toBe("ya29.t3")
      expect(yield* server.requests).toHaveLength(3)
    }))

  it.scoped("a refused exchange is an IntegrationError that never quotes the key or the assertion", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make(() => ({ status: 400, body: { error: "invalid_grant", error_description: "Invalid JWT Signature." } }))
      const account = Either.getOrThrow(VertexAuth.parseServiceAccount(keyFile(`${server.url}/token`)))
      const provider = yield* live(VertexAuth.make({ vendor: "VertexAI", serviceAccount: account }))
      const exit = yield* Effect.exit(provider.get)
      expect(Exit.isFailure(exit)).toBe(true)
      const text = Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""
      expect(text).toContain("oauth.token")
      expect(text).not.toContain("PRIVATE KEY")
      expect(text).not.toContain(PEM.split("\n")[1]!)
      expect(text).not.toContain("assertion=")
    }))

  it("refuses key files that are not service-account keys, naming the problem and never a value", () => {
    expect(VertexAuth.parseServiceAccount("not json")).toEqual(Either.left("the key file is not JSON"))
    const user = VertexAuth.parseServiceAccount(JSON.stringify({ type: "authorized_user", client_id: "x", refresh_token: "secret-refresh" }))
    expect(Either.isLeft(user) && user.left).not.toContain("secret-refresh")
    const bad = VertexAuth.parseServiceAccount(
      JSON.stringify({ type: "service_account", client_email: "a@b.c", private_key: "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n" })
    )
    expect(bad).toEqual(Either.left("the key file's private_key is not a valid PEM private key"))
    const ok = Either.getOrThrow(VertexAuth.parseServiceAccount(keyFile("https://oauth2.googleapis.com/token")))
    expect(String(ok.privateKey)).not.toContain("PRIVATE KEY")
    expect(JSON.stringify(ok)).not.toContain("PRIVATE KEY")
    const missing = VertexAuth.readServiceAccount("/nonexistent/key.json", "GOOGLE_APPLICATION_CREDENTIALS")
    expect(Either.isLeft(missing) && String(missing.left)).toContain("GOOGLE_APPLICATION_CREDENTIALS")
  })
})
