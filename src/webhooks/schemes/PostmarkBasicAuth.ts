/**
 * Postmark's webhook authentication: Postmark signs nothing; the webhook URL carries HTTP Basic credentials
 * (`https://user:password@hooks.example.com/postmark`) and Postmark sends them as `Authorization: Basic ...` (Postmark
 * webhooks overview, "Protecting your webhook", https://postmarkapp.com/developer/webhooks/webhooks-overview; its IP
 * ranges are listed there for an allowlist on top). Each configured secret is one `user:password` pair; several are
 * accepted at once, so credentials rotate by adding the new pair, updating the URL at Postmark, then removing the old.
 * Every pair is compared in constant time, whichever matches.
 *
 * What this proves and what it does not: the caller knew the credentials. Nothing covers the body or a time, so
 * there is **no replay protection possible from this scheme**: anyone who captured one delivery (and the credentials
 * in it) can send it again, or another body. `replayKey` is a digest of the body, which only lets the replay guard
 * drop byte-identical repeats while it remembers them (`replayProtection: "remembered"`); deduplicate on the event's
 * own identity (`PostmarkEvents.dedupKey`: record type with `MessageID`, the bounce `ID`...) and serve the endpoint over
 * HTTPS only. For the same reason this scheme is not in `Webhooks.schemes` (the signature schemes `detect` and the
 * `webhook` CLI try): pass it explicitly, `Webhooks.verify(PostmarkBasicAuth.scheme, request, secrets)`.
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
export const headers = { authorization: "Authorization" } as const

const PREFIX = /^basic\s+/i

/** The `user:password` a Basic header carries, or `undefined` when it is not one. */
const credentialsOf = (header: string): string | undefined => {
  if (!PREFIX.test(header)) return undefined
  const bytes = Common.decodeBase64(header.replace(PREFIX, "").trim())
  if (bytes === undefined) return undefined
  const text = Buffer.from(bytes).toString("utf8")
  return text.includes(":") ? text : undefined
}

const verify: WebhookScheme["verify"] = (request, secrets) =>
  Effect.gen(function*() {
    const values = Common.secretValues("Postmark", secrets)
    const header = yield* Common.requireHeader("postmark", request, headers.authorization)
    const presented = credentialsOf(header)
    if (presented === undefined) {
      return yield* Common.fail("postmark", "MalformedHeader", "Authorization is not HTTP Basic credentials", {
        header: headers.authorization
      })
    }
    // Every configured pair is compared (no early exit), each in constant time without revealing lengths.
    let matched = false
    for (const value of values) {
      if (Common.constantTimeEqual(presented, value)) matched = true
    }
    if (!matched) {
      return yield* Common.fail("postmark", "InvalidSignature", "the Basic credentials did not match the configured ones", {
        header: headers.authorization
      })
    }
    return {
      scheme: "postmark",
      idSigned: false,
      replayProtection: "remembered",
      replayKey: Common.digestKey("postmark", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.sync(() => {
    const [secret] = Common.secretValues("Postmark", secrets)
    return {
      headers: { [headers.authorization]: `Basic ${Buffer.from(secret!, "utf8").toString("base64")}` },
      body: Common.bodyBytes(input.body)
    }
  })

/**
 * Why a secret cannot be a Postmark webhook credential: it must be `user:password`, both parts non-empty, the user
 * without a colon (it goes into a URL).
 *
 * @since 0.1.0
 * @category Validation
 */
export const secretProblem = (secret: Redacted.Redacted<string>): string | undefined => {
  const value = Redacted.value(secret)
  const colon = value.indexOf(":")
  if (colon <= 0) return "a Postmark webhook credential is user:password, with a non-empty user"
  return colon === value.length - 1 ? "the Postmark webhook password is empty" : undefined
}

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "postmark",
  label: "Postmark",
  signatureHeader: headers.authorization,
  timestamped: false,
  signsUrl: false,
  verify,
  sign,
  secretProblem
}
