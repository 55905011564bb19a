/**
 * Google's generative AI: Vertex AI (`/v1/projects/{project}/locations/{location}/publishers/google/models/{model}`
 * with `:generateContent`, `:streamGenerateContent?alt=sse`, `:countTokens`, `:predict`), the Gemini API
 * (`/v1beta/models/{model}` with `:generateContent`, `:streamGenerateContent`, `:countTokens`, `:embedContent`), and
 * Google's OAuth token endpoint (`POST /token`, the JWT-bearer grant of a service account). A model path segment
 * carries its action after a colon (`gemini-2.5-flash:generateContent`), so one route per backend serves them all.
 *
 * Vertex calls need a bearer token this endpoint issued (one hour; `ya29.` prefix) and not yet expired; the token
 * endpoint checks the assertion's form (RS256 header, `iss`, `scope`, `aud`, `iat`/`exp` at most an hour apart) but not
 * its signature, which the client's own tests verify. Gemini API calls need `x-goog-api-key` with an `AIza` key.
 * Errors are `{ error: { code, message, status } }`. Replies are deterministic and quote the prompt.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse, SseEvent } from "./http.js"
import { bearer, header, isRecord, json, jsonBody, rejected, sse } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const STATUS: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED"
}

const failure = (code: number, message: string, status = STATUS[code] ?? "UNKNOWN"): SimResponse =>
  json(code, { error: { code, message, status } })

const invalid = (message: string): SimResponse => rejected(400, { error: { code: 400, message, status: "INVALID_ARGUMENT" } })

const decodePart = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"))
  } catch {
    return undefined
  }
}

const promptOf = (body: Record<string, unknown>): string | undefined => {
  if (!Array.isArray(body.contents) || body.contents.length === 0) return undefined
  const texts: Array<string> = []
  for (const content of body.contents) {
    if (!isRecord(content) || !Array.isArray(content.parts) || content.parts.length === 0) return undefined
    for (const part of content.parts) if (isRecord(part) && typeof part.text === "string") texts.push(part.text)
  }
  return texts.join(" ")
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4))

const embedding = (text: string, dimensions: number) =>
  Array.from({ length: dimensions }, (_, i) => Number(Math.sin(text.length * (i + 1)).toFixed(6)))

/** @internal */
export const make = (shared: Shared): VendorModule<"vertex"> => {
  const issued = new Map<string, number>()

  const token = (request: SimRequest): SimResponse => {
    const form = new URLSearchParams(new TextDecoder().decode(request.body))
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      return rejected(400, { error: "unsupported_grant_type", error_description: "Invalid grant_type." })
    }
    const parts = (form.get("assertion") ?? "").split(".")
    const head = decodePart(parts[0] ?? "")
    const claims = decodePart(parts[1] ?? "")
    const nowSeconds = Math.floor(request.now / 1000)
    if (
      parts.length !== 3 || !isRecord(head) || head.alg !== "RS256" || !isRecord(claims) || typeof claims.iss !== "string" ||
      typeof claims.scope !== "string" || typeof claims.aud !== "string" || !claims.aud.endsWith("/token") ||
      typeof claims.iat !== "number" || typeof claims.exp !== "number" || claims.exp - claims.iat > 3600 ||
      claims.exp <= nowSeconds || claims.iat > nowSeconds + 300 || (parts[2] ?? "").length < 16
    ) {
      return rejected(400, { error: "invalid_grant", error_description: "Invalid JWT Signature." })
    }
    const accessToken = `ya29.${shared.id("", 40)}`
    issued.set(accessToken, request.now + 3_600_000)
    shared.commit(request, "oauth.token.issued", accessToken.slice(0, 12))
    return json(200, { access_token: accessToken, expires_in: 3599, token_type: "Bearer" })
  }

  const model = (request: SimRequest): { readonly id: string; readonly action: string } | undefined => {
    const [id, action] = (request.params.model ?? "").split(":")
    return id === undefined || id === "" || action === undefined ? undefined : { id, action }
  }

  const answer = (id: string, prompt: string) => `${id} says: ${prompt.slice(0, 60)}`

  const generate = (id: string, prompt: string, nth: string) => ({
    candidates: [{
      index: 0,
      content: { role: "model", parts: [{ text: answer(id, prompt) }] },
      finishReason: "STOP",
      avgLogprobs: -0.12
    }],
    usageMetadata: {
      promptTokenCount: tokens(prompt),
      candidatesTokenCount: tokens(answer(id, prompt)),
      totalTokenCount: tokens(prompt) + tokens(answer(id, prompt))
    },
    modelVersion: `${id}-001`,
    responseId: nth
  })

  const stream = (id: string, prompt: string, nth: string): SimResponse => {
    const text = answer(id, prompt)
    const third = Math.ceil(text.length / 3)
    const chunks = [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)]
    const events: Array<SseEvent> = chunks.map((chunk, i) => ({
      _tag: "Json",
      data: {
        candidates: [{
          index: 0,
          content: { role: "model", parts: [{ text: chunk }] },
          ...(i === chunks.length - 1 ? { finishReason: "STOP" } : {})
        }],
        ...(i === chunks.length - 1
          ? { usageMetadata: { promptTokenCount: tokens(prompt), candidatesTokenCount: tokens(text), totalTokenCount: tokens(prompt) + tokens(text) } }
          : {}),
        modelVersion: `${id}-001`,
        responseId: nth
      }
    }))
    return sse(events)
  }

  const serve = (backend: "vertex" | "gemini") => (request: SimRequest): SimResponse => {
    const target = model(request)
    if (target === undefined) return failure(404, "Requested entity was not found.")
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid("Invalid JSON payload received.")
    const body = parsed.value
    const nth = shared.id("", 22)
    switch (target.action) {
      case "generateContent":
      case "streamGenerateContent": {
        const prompt = promptOf(body)
        if (prompt === undefined) return invalid("contents is not specified or a content has no parts")
        if (target.action === "generateContent") return json(200, generate(target.id, prompt, nth))
        if (request.query.get("alt") !== "sse") return invalid("this simulator streams server-sent events only: add alt=sse")
        return stream(target.id, prompt, nth)
      }
      case "countTokens": {
        const prompt = promptOf(body)
        if (prompt === undefined) return invalid("contents is not specified or a content has no parts")
        return json(200, { totalTokens: tokens(prompt), totalBillableCharacters: prompt.replace(/\s/g, "").length })
      }
      case "predict": {
        if (backend !== "vertex") break
        const instances = body.instances
        if (!Array.isArray(instances) || instances.length === 0 || instances.length > 250) return invalid("instances must hold 1 to 250 texts")
        const parameters = isRecord(body.parameters) ? body.parameters : {}
        const dimensions = typeof parameters.outputDimensionality === "number" ? parameters.outputDimensionality : 8
        const predictions = []
        for (const instance of instances) {
          if (!isRecord(instance) || typeof instance.content !== "string") return invalid("each instance needs content")
          predictions.push({
            embeddings: { values: embedding(instance.content, dimensions), statistics: { token_count: tokens(instance.content), truncated: false } }
          })
        }
        return json(200, { predictions, deployedModelId: "", model: "", modelVersionId: "" })
      }
      case "embedContent": {
        if (backend !== "gemini") break
        const text = isRecord(body.content) ? promptOf({ contents: [body.content] }) : undefined
        if (text === undefined) return invalid("content is not specified")
        const dimensions = typeof body.outputDimensionality === "number" ? body.outputDimensionality : 8
        return json(200, { embedding: { values: embedding(text, dimensions) } })
      }
    }
    return failure(404, `Method not found: ${target.action}`)
  }

  return {
    vendor: "vertex",
    handlers: {
      "POST /token": (request) => Effect.sync(() => token(request)),
      "POST /v1/projects/{project}/locations/{location}/publishers/google/models/{model}": (request) => Effect.sync(() => serve("vertex")(request)),
      "POST /v1beta/models/{model}": (request) => Effect.sync(() => serve("gemini")(request))
    },
    authenticate: (request) => {
      if (request.path.endsWith("/token")) return undefined
      if (request.path.startsWith("/v1beta/")) {
        const key = header(request, "x-goog-api-key")
        if (key === undefined) return failure(403, "Method doesn't allow unregistered callers. Please use API Key or other form of API consumer identity to call this API.")
        const accepted = shared.keys("vertex")
        const ok = accepted === undefined ? key.startsWith("AIza") : accepted.includes(key)
        return ok ? undefined : json(400, {
          error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }] }
        })
      }
      const access = bearer(request)
      const expires = access === undefined ? undefined : issued.get(access)
      return expires !== undefined && expires > request.now
        ? undefined
        : failure(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
    },
    error: (_request, status, message) => failure(status, message ?? (status >= 500 ? "The service is currently unavailable." : "Request failed.")),
    notFound: () => failure(404, "Requested entity was not found."),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    // Quotas are per project and model, reported only by 429 RESOURCE_EXHAUSTED: no rate-limit headers.
    rateLimit: { limit: 600, windowMs: 60_000, headers: () => ({}) },
    reset: () => issued.clear()
  }
}
