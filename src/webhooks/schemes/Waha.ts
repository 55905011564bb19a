/**
 * WAHA's (WhatsApp HTTP API) webhook HMAC: `X-Webhook-Hmac: <hex>` = HMAC-SHA512 of the raw body, keyed by the
 * `hmac.key` set on the session's webhook, with `X-Webhook-Hmac-Algorithm: sha512` beside it. Sources: WAHA's OpenAPI
 * document (2024.9: `WebhookConfig.hmac` = `HmacConfiguration { key }`) and WAHA's events guide
 * (https://waha.devlike.pro/docs/how-to/events/, "Webhooks: HMAC authentication"), as integrations that verify WAHA
 * deliveries implement it; WAHA's open-source core (devlikeapro/waha, 2024-10) sends no HMAC itself (WAHA Plus does).
 * Only the body is signed: `X-Webhook-Request-Id` and `X-Webhook-Timestamp` are not, so the replay key is a digest of
 * the body and replays are refused while the guard remembers it (`replayProtection: "remembered"`).
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
export const headers = {
  signature: "X-Webhook-Hmac",
  algorithm: "X-Webhook-Hmac-Algorithm",
  requestId: "X-Webhook-Request-Id",
  timestamp: "X-Webhook-Timestamp"
} as const

const HEX_SHA512 = /^[0-9a-fA-F]{128}$/

const expectedSignature = (key: string, body: Uint8Array) => Common.hex(Common.hmac("sha512", key, body))

const verify: WebhookScheme["verify"] = (request, secrets) =>
  Effect.gen(function*() {
    const values = Common.secretValues("WAHA", secrets)
    const signature = yield* Common.requireHeader("waha", request, headers.signature)
    // WAHA names the algorithm; only sha512 is documented. A missing header is read as sha512, another value refused.
    const algorithm = Common.optionalHeader(request, headers.algorithm)?.trim().toLowerCase() ?? "sha512"
    if (algorithm !== "sha512") {
      return yield* Common.fail("waha", "MalformedHeader", `${headers.algorithm} must be sha512`, { header: headers.algorithm })
    }
    if (!HEX_SHA512.test(signature.trim())) {
      return yield* Common.fail("waha", "MalformedHeader", `${headers.signature} must be 128 hex characters`, {
        header: headers.signature
      })
    }
    const expected = values.map((key) => expectedSignature(key, request.rawBody))
    if (!Common.matchesAny([signature.trim().toLowerCase()], expected)) {
      return yield* Common.fail("waha", "InvalidSignature", `${headers.signature} did not match the configured HMAC key(s)`, {
        header: headers.signature
      })
    }
    return {
      scheme: "waha",
      id: Common.optionalHeader(request, headers.requestId),
      idSigned: false,
      replayProtection: "remembered",
      replayKey: Common.digestKey("waha", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const [key] = Common.secretValues("WAHA", secrets)
    const id = input.id ?? (yield* Common.randomUuid)
    const timestamp = String(yield* Common.signTime(input))
    const body = Common.bodyBytes(input.body)
    return {
      headers: {
        [headers.requestId]: id,
        [headers.timestamp]: timestamp,
        [headers.signature]: expectedSignature(key!, body),
        [headers.algorithm]: "sha512"
      },
      body
    }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "waha",
  label: "WAHA",
  signatureHeader: headers.signature,
  timestamped: false,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => (Redacted.value(secret).length === 0 ? "the WAHA webhook HMAC key is empty" : undefined)
}
