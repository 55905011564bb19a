/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1, keyed by the auth token, over the full URL followed by every POST
 * parameter as `name` + `value`, sorted by name. JSON bodies are signed through a `bodySHA256` query parameter
 * instead. Twilio may or may not include the default port, so both forms of the URL are tried.
 *
 * Nothing signed says when a request was made, and `I-Twilio-Idempotency-Token` is unsigned (reported as `id` for
 * logs only): the replay key is a digest of the signed string, built from the URL without its default port and the
 * sorted parameters, so re-ordering or re-escaping the form, or adding the port, gives the same key. Replays are
 * refused only while the guard remembers it (`replayProtection: "remembered"`, 24 hours by default).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Common from "../internal/common.js"
import type { SignedWebhook, SignInput, VerifiedWebhook, WebhookScheme } from "../WebhookScheme.js"

/**
 * @since 0.1.0
 * @category Models
 */
export const headers = { signature: "X-Twilio-Signature", idempotencyToken: "I-Twilio-Idempotency-Token" } as const

/**
 * The string Twilio signs: the URL, then each parameter name and value, names sorted by code unit, repeated values
 * sorted and de-duplicated (as twilio-node does).
 *
 * @since 0.1.0
 * @category Signing
 */
export const signedContent = (url: string, params: Iterable<readonly [string, string]>): string => {
  const grouped = new Map<string, Set<string>>()
  for (const [key, value] of params) {
    const values = grouped.get(key) ?? new Set<string>()
    values.add(value)
    grouped.set(key, values)
  }
  let data = url
  for (const key of [...grouped.keys()].sort()) {
    for (const value of [...grouped.get(key)!].sort()) data += key + value
  }
  return data
}

/**
 * The signature Twilio sends for `url` and form `params`.
 *
 * @since 0.1.0
 * @category Signing
 */
export const signature = (
  authToken: Redacted.Redacted<string>,
  url: string,
  params: Iterable<readonly [string, string]>
): string => Common.base64(Common.hmac("sha1", Redacted.value(authToken), Common.utf8(signedContent(url, params))))

const defaultPorts: Record<string, string> = { "https:": "443", "http:": "80" }

/**
 * The URL as given plus its twin with the default port added or removed, keeping the path's exact characters. The
 * first variant without the default port is the canonical one.
 */
const urlVariants = (url: string): { readonly variants: ReadonlyArray<string>; readonly canonical: string } => {
  const match = /^([a-z][a-z0-9+.-]*:)\/\/([^/?#]*)(.*)$/i.exec(url)
  if (match === null) return { variants: [url], canonical: url }
  const [, protocol, authority, rest] = match as unknown as [string, string, string, string]
  const port = defaultPorts[protocol.toLowerCase()]
  if (port === undefined) return { variants: [url], canonical: url }
  const hostEnd = authority.lastIndexOf("]") + 1
  const colon = authority.indexOf(":", hostEnd)
  if (colon === -1) return { variants: [url, `${protocol}//${authority}:${port}${rest}`], canonical: url }
  if (authority.slice(colon + 1) !== port) return { variants: [url], canonical: url }
  const withoutPort = `${protocol}//${authority.slice(0, colon)}${rest}`
  return { variants: [url, withoutPort], canonical: withoutPort }
}

const bodyHashParam = (url: string): string | undefined => {
  const query = url.indexOf("?")
  if (query === -1) return undefined
  return new URLSearchParams(url.slice(query + 1).split("#")[0]).get("bodySHA256") ?? undefined
}

const formParams = (body: Uint8Array): ReadonlyArray<readonly [string, string]> =>
  [...new URLSearchParams(Buffer.from(body).toString("utf8")).entries()]

const verify: WebhookScheme["verify"] = (request, secrets) =>
  Effect.gen(function*() {
    const values = Common.secretValues("Twilio", secrets)
    const url = Common.requireUrl("Twilio", request.url)
    const provided = yield* Common.requireHeader("twilio", request, headers.signature)
    const bodyHash = bodyHashParam(url)
    // A JSON body is covered by the URL's bodySHA256 parameter; a form body's parameters are signed directly.
    const params = bodyHash === undefined ? formParams(request.rawBody) : []
    const { canonical, variants } = urlVariants(url)
    const expected = variants.flatMap((candidate) =>
      values.map((token) => Common.base64(Common.hmac("sha1", token, Common.utf8(signedContent(candidate, params)))))
    )
    if (!Common.matchesAny([provided], expected)) {
      return yield* Common.fail(
        "twilio",
        "InvalidSignature",
        `${headers.signature} did not match the configured auth token(s) for this URL and body`,
        { header: headers.signature }
      )
    }
    if (bodyHash !== undefined && !Common.constantTimeEqual(bodyHash, Common.sha256Hex(request.rawBody))) {
      return yield* Common.fail("twilio", "InvalidSignature", "the body does not match the URL's bodySHA256 parameter", {
        header: headers.signature
      })
    }
    return {
      scheme: "twilio",
      id: Common.optionalHeader(request, headers.idempotencyToken),
      idSigned: false,
      replayProtection: "remembered",
      // What was signed, not the bytes received: the form's order and escapes and the port are not signed. A JSON
      // body is bound by the URL's bodySHA256, checked above.
      replayKey: Common.digestKey("twilio", signedContent(canonical, params))
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.sync(() => {
    const [token] = Common.secretValues("Twilio", secrets)
    const url = Common.requireUrl("Twilio", input.url)
    const body = Common.bodyBytes(input.body)
    const params = bodyHashParam(url) === undefined ? formParams(body) : []
    const result: Record<string, string> = { [headers.signature]: signature(Redacted.make(token!), url, params) }
    if (input.id !== undefined) result[headers.idempotencyToken] = input.id
    return { headers: result, body }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "twilio",
  label: "Twilio",
  signatureHeader: headers.signature,
  timestamped: false,
  signsUrl: true,
  verify,
  sign,
  secretProblem: (secret) => {
    const value = Redacted.value(secret)
    if (value.length === 0) return "the Twilio auth token is empty"
    if (/^(AC|SK)[0-9a-f]{32}$/i.test(value)) {
      return "that is an Account or API key SID; Twilio signs with the account's Auth Token"
    }
    return undefined
  }
}
