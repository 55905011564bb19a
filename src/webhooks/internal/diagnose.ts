/**
 * Turns a rejection into a hint for the person debugging it: retries the verification with the usual accidents undone
 * (a newline added to the body, re-serialised JSON, a stripped `whsec_` prefix, an http/https mix-up, upper-cased hex)
 * and says which one makes the signature match. Hints name headers, sizes and URLs; never a secret or a signature.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Webhooks from "../Webhooks.js"
import type { WebhookError } from "../WebhookError.js"
import type { VerifyOptions, WebhookRequest, WebhookScheme } from "../WebhookScheme.js"

export interface Context {
  readonly scheme: WebhookScheme
  readonly request: WebhookRequest
  readonly secrets: ReadonlyArray<string>
  readonly options: VerifyOptions
  /** Names of the headers the request carried, for "headers present" hints. */
  readonly headerNames: ReadonlyArray<string>
}

/** Whether the signature matches for this variation (a timestamp complaint means it did). */
const matches = (scheme: WebhookScheme, request: WebhookRequest, secrets: ReadonlyArray<string>) =>
  Effect.map(
    Effect.either(
      scheme.verify(request, secrets.map((secret) => Redacted.make(secret)), { tolerance: Duration.infinity })
    ),
    (result) => result._tag === "Right"
  ).pipe(Effect.catchAllDefect(() => Effect.succeed(false)))

const decoder = new TextDecoder("utf-8", { fatal: true })
const encoder = new TextEncoder()

const bodyVariations = (body: Uint8Array): ReadonlyArray<{ readonly body: Uint8Array; readonly hint: string }> => {
  const out: Array<{ body: Uint8Array; hint: string }> = []
  let text: string
  try {
    text = decoder.decode(body)
  } catch {
    return out
  }
  const trimmed = text.replace(/\r?\n$/, "")
  if (trimmed !== text) {
    out.push({
      body: encoder.encode(trimmed),
      hint: "the signature matches the body WITHOUT its final newline: the body gained one (editors, echo and heredocs add it); use the exact bytes received"
    })
  }
  if (text.includes("\r\n")) {
    out.push({
      body: encoder.encode(text.replace(/\r\n/g, "\n")),
      hint: "the signature matches the body with LF line endings: something converted them to CRLF"
    })
  } else if (text.includes("\n")) {
    out.push({
      body: encoder.encode(text.replace(/\n/g, "\r\n")),
      hint: "the signature matches the body with CRLF line endings: something converted them to LF"
    })
  }
  try {
    const parsed: unknown = JSON.parse(text)
    for (const [candidate, shape] of [
      [JSON.stringify(parsed), "minified"],
      [JSON.stringify(parsed, null, 2), "pretty-printed (2 spaces)"],
      [JSON.stringify(parsed, null, 4), "pretty-printed (4 spaces)"]
    ] as const) {
      if (candidate !== text) {
        out.push({
          body: encoder.encode(candidate),
          hint: `the signature matches the ${shape} form of this JSON: the body was parsed and re-serialised before verifying (e.g. express.json() then JSON.stringify); verify the raw bytes received`
        })
      }
    }
  } catch {
    // Not JSON: no serialisation variants to try.
  }
  return out
}

const secretVariations = (scheme: WebhookScheme, secrets: ReadonlyArray<string>) => {
  const out: Array<{ secrets: ReadonlyArray<string>; hint: string }> = []
  if (secrets.some((secret) => secret !== secret.trim())) {
    out.push({
      secrets: secrets.map((secret) => secret.trim()),
      hint: "the signature matches once the secret is trimmed: it has leading or trailing whitespace (a newline from an env file?)"
    })
  }
  if (scheme.name === "stripe" && secrets.some((secret) => !secret.startsWith("whsec_"))) {
    out.push({
      secrets: secrets.map((secret) => (secret.startsWith("whsec_") ? secret : `whsec_${secret}`)),
      hint: "the signature matches with the whsec_ prefix kept: Stripe keys the HMAC with the whole secret string, prefix included"
    })
  }
  return out
}

const urlVariations = (url: string): ReadonlyArray<{ readonly url: string; readonly hint: string }> => {
  const out: Array<{ url: string; hint: string }> = []
  const swapped = url.startsWith("https://")
    ? `http://${url.slice(8)}`
    : url.startsWith("http://")
    ? `https://${url.slice(7)}`
    : undefined
  if (swapped !== undefined) {
    out.push({
      url: swapped,
      hint: `the signature matches for ${swapped}: the URL's scheme differs from the one the vendor called (TLS ended at a proxy?); pass the public URL`
    })
  }
  const query = url.indexOf("?")
  const path = query === -1 ? url : url.slice(0, query)
  const rest = query === -1 ? "" : url.slice(query)
  const slashed = path.endsWith("/") ? path.slice(0, -1) + rest : `${path}/${rest}`
  out.push({
    url: slashed,
    hint: `the signature matches for ${slashed}: the trailing slash differs from the URL configured at the vendor`
  })
  if (query !== -1) {
    out.push({
      url: path,
      hint: "the signature matches without the query string: the vendor called the URL without it"
    })
  }
  return out
}

const lowerCaseHeader = (request: WebhookRequest, header: string): WebhookRequest | undefined => {
  const value = request.headers(header)
  if (value === undefined || value === value.toLowerCase() || !/[A-F]/.test(value)) return undefined
  return { ...request, headers: (name) => (name.toLowerCase() === header.toLowerCase() ? value.toLowerCase() : request.headers(name)) }
}

const secretAdvice = (scheme: WebhookScheme, secrets: ReadonlyArray<string>): string => {
  switch (scheme.name) {
    case "standard":
      return "Check that the secret is this endpoint's whsec_ signing secret (each endpoint has its own)."
    case "stripe":
      return secrets.every((secret) => secret.startsWith("whsec_"))
        ? "Check the secret is this endpoint's (test and live differ; `stripe listen` prints its own whsec_)."
        : "Stripe signing secrets start with whsec_ (Dashboard → Webhooks → your endpoint → Signing secret)."
    case "github":
      return "Check the secret equals the one in the repository's Settings → Webhooks."
    case "slack":
      return "Use the app's Signing Secret (Basic Information), not the deprecated verification token."
    case "twilio":
      return "Twilio signs with the account's primary Auth Token and the exact URL it called, including the query string."
    case "hubspot":
      return "HubSpot signs with the app's client secret, the method and the exact URL it called."
    case "shopify":
      return "Shopify signs with the app's client secret (API secret key), not the access token."
    case "calcom":
      return "Check the secret equals the one set on the Cal.com webhook."
    case "retell":
      return "Retell signs with an API key that has the webhook badge; check it is that key."
    case "postmark":
      return "Postmark sends the user:password written in the webhook URL; check the pair matches it."
    case "hmac-sha256":
      return "The provider signs the raw body with its webhook secret: check the secret and that the body was not re-serialised."
    case "gohighlevel":
      return "GoHighLevel signs with its private key: verify with its published public key (GoHighLevelWebhook.publicKey), or the new one after a rotation."
    case "llamacloud":
      return "LlamaCloud signs with the webhook_signing_secret of the job's or project's webhook configuration."
    case "firecrawl":
      return "Firecrawl signs with the account's webhook secret (Settings → Advanced), not the API key."
    case "waha":
      return "WAHA signs with the hmac.key set on the session's webhook (config.webhooks[].hmac.key), not the API key."
  }
}

const findFirst = <A>(
  candidates: ReadonlyArray<A>,
  test: (candidate: A) => Effect.Effect<boolean>
): Effect.Effect<A | undefined> =>
  Effect.reduce(candidates, undefined as A | undefined, (found, candidate) =>
    found !== undefined ? Effect.succeed(found) : Effect.map(test(candidate), (ok) => (ok ? candidate : undefined)))

const invalidSignature = (ctx: Context) =>
  Effect.gen(function*() {
    const { request, scheme, secrets } = ctx
    const signature = request.headers(scheme.signatureHeader) ?? ""
    if (scheme.name === "standard") {
      const hasV1a = /(^|\s)v1a,/.test(signature)
      const hasV1 = /(^|\s)v1,/.test(signature)
      const hasPublic = secrets.some((secret) => secret.startsWith("whpk_") || secret.startsWith("whsk_"))
      const hasHmac = secrets.some((secret) => !secret.startsWith("whpk_") && !secret.startsWith("whsk_"))
      if (hasV1a && !hasV1 && !hasPublic) {
        return "the signature is v1a (ed25519): pass the sender's whpk_ public key with --public-key"
      }
      if (hasV1 && !hasV1a && !hasHmac) {
        return "the signature is v1 (HMAC): it needs the whsec_ secret, a whpk_ public key only checks v1a"
      }
      if (!hasV1 && !hasV1a) {
        const versions = [
          ...new Set(signature.split(/\s+/).flatMap((entry) => (entry.includes(",") ? [entry.split(",")[0]!] : [])))
        ]
        return `${scheme.signatureHeader} carries no v1 or v1a entry (versions found: ${
          versions.length === 0 ? "none" : versions.join(", ")
        }); Standard Webhooks signatures look like v1,<base64> separated by spaces`
      }
    }
    const body = yield* findFirst(bodyVariations(request.rawBody), (v) =>
      matches(scheme, { ...request, rawBody: v.body }, secrets))
    if (body !== undefined) return body.hint
    const secret = yield* findFirst(secretVariations(scheme, secrets), (v) => matches(scheme, request, v.secrets))
    if (secret !== undefined) return secret.hint
    const lowered = lowerCaseHeader(request, scheme.signatureHeader)
    if (lowered !== undefined && (yield* matches(scheme, lowered, secrets))) {
      return `${scheme.signatureHeader} has upper-case hex but the vendor sends lower-case: something rewrote the header`
    }
    if (scheme.signsUrl && request.url !== undefined) {
      const url = yield* findFirst(urlVariations(request.url), (v) => matches(scheme, { ...request, url: v.url }, secrets))
      if (url !== undefined) return url.hint
    }
    const contentAdvice = scheme.signsUrl
      ? "Also check the URL is exactly the public one the vendor called, query string included."
      : "Also check the body is byte-for-byte what was sent (not re-serialised JSON, no added newline)."
    return `no signature matched. ${secretAdvice(scheme, secrets)} ${contentAdvice}`
  })

const hoursOff = (seconds: number) => {
  const hours = Math.round(Math.abs(seconds) / 3600)
  return hours >= 1 && Math.abs(Math.abs(seconds) - hours * 3600) <= 120 ? hours : undefined
}

export const hint = (error: WebhookError, ctx: Context): Effect.Effect<string> => {
  const { scheme } = ctx
  switch (error.reason) {
    case "MissingHeader": {
      const others = Webhooks.detect(ctx.request.headers).filter((other) => other.name !== scheme.name)
      const present = ctx.headerNames.length === 0 ? "none" : ctx.headerNames.join(", ")
      if (error.header !== undefined && ctx.request.headers(error.header) !== undefined) {
        return Effect.succeed(
          `${error.header} is present but empty: the vendor sent no signature (is a secret configured for this endpoint?) or something blanked the header on the way`
        )
      }
      const guess = others.length === 0
        ? ""
        : ` It carries ${others[0]!.signatureHeader}: is this a ${others[0]!.label} webhook (--scheme ${others[0]!.name})?`
      return Effect.succeed(
        `${error.header ?? "a required header"} is missing (headers given: ${present}).${guess} Vendors only sign when a secret is configured for the endpoint, and some proxies drop unknown headers.`
      )
    }
    case "MalformedHeader":
      return Effect.succeed(`${error.description}. Pass the header exactly as received.`)
    case "TimestampTooOld": {
      const age = error.skewSeconds ?? 0
      const hours = hoursOff(age)
      return Effect.succeed(
        `the signature matches, but the timestamp is ${age} s old (tolerance ${error.toleranceSeconds} s): is this machine's clock right, or is this a replay of an old delivery?` +
          (hours === undefined ? "" : ` It is ${hours} h off: a time-zone bug somewhere?`)
      )
    }
    case "TimestampInFuture": {
      const ahead = -(error.skewSeconds ?? 0)
      const hours = hoursOff(ahead)
      const millis = ahead > 1e9
      return Effect.succeed(
        `the signature matches, but the timestamp is ${ahead} s in the future (tolerance ${error.toleranceSeconds} s): the sender's clock or this machine's is off.` +
          (millis ? " It looks like milliseconds where seconds are expected." : "") +
          (hours === undefined || millis ? "" : ` It is ${hours} h off: a time-zone bug somewhere?`)
      )
    }
    case "InvalidSignature":
      return ctx.request.headers(scheme.signatureHeader) === "no-secret-provided" && scheme.name === "calcom"
        ? Effect.succeed("Cal.com sent no signature because the webhook has no secret: set one in Cal.com's webhook settings")
        : invalidSignature(ctx)
    case "PayloadTooLarge":
      return Effect.succeed(`${error.description}: raise the limit if the vendor really sends bodies this big`)
    case "Replayed":
      return Effect.succeed("this delivery was already accepted: vendors retry until they get a 2xx")
    case "UnknownScheme":
      return Effect.succeed(`known schemes: ${Webhooks.schemeNames.join(", ")}`)
    case "InvalidPayload":
      return Effect.succeed(`${error.description}: the signature is fine, the event does not match the expected schema`)
  }
}
