/**
 * `effect-integrations webhook verify|sign`: check a captured delivery against its secret and say, in one JSON line,
 * whether it is valid and, if not, why and what to look at; or print the headers a vendor would send for a body.
 *
 * Exit codes: 0 valid, 1 invalid, 2 usage error. The handlers fail with `WebhookCliExit` carrying the code; the root CLI
 * turns a run into that number (and @effect/cli's own `ValidationError` into 2).
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Diagnose from "../../webhooks/internal/diagnose.js"
import * as Webhooks from "../../webhooks/Webhooks.js"
import type { SchemeName, WebhookScheme } from "../../webhooks/WebhookScheme.js"
import { makeRequest } from "../../webhooks/WebhookScheme.js"

/**
 * How a `webhook` subcommand ends when it does not succeed: 1 for an invalid delivery, 2 for a usage error.
 *
 * @since 0.1.0
 * @category Errors
 */
export class WebhookCliExit extends Data.TaggedError("WebhookCliExit")<{ readonly code: 1 | 2 }> {}

/**
 * @since 0.1.0
 * @category Guards
 */
export const isWebhookCliExit = (u: unknown): u is WebhookCliExit => Predicate.isTagged(u, "WebhookCliExit")

const usage = (message: string) => Effect.zipRight(Console.error(`error: ${message}`), Effect.fail(new WebhookCliExit({ code: 2 })))

const schemeOption = Options.choice("scheme", Webhooks.schemeNames as ReadonlyArray<SchemeName>).pipe(
  Options.withDescription("signature scheme: standard (v1 and v1a), stripe, github, slack, twilio, hubspot, shopify, calcom, retell, gohighlevel, llamacloud, firecrawl, waha")
)
const secretOption = Options.text("secret").pipe(
  Options.repeated,
  Options.withDescription("signing secret (repeat during a rotation); Standard Webhooks: whsec_..., or whsk_... to sign v1a")
)
const bodyFileOption = Options.file("body-file").pipe(
  Options.withDescription("file holding the exact raw body (Twilio and Slack: the form-encoded POST body)")
)
const urlOption = Options.text("url").pipe(
  Options.optional,
  Options.withDescription("full public URL the vendor called (required for twilio and hubspot)")
)
const methodOption = Options.text("method").pipe(Options.withDefault("POST"), Options.withDescription("HTTP method (hubspot)"))
const nowOption = Options.integer("now").pipe(
  Options.optional,
  Options.withDescription("verifier clock as Unix seconds (default: this machine's clock)")
)

/** Parses `Name: value` lines; repeated names are joined as HTTP does. */
const parseHeaders = (lines: ReadonlyArray<string>) => {
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(":")
    const name = colon === -1 ? "" : line.slice(0, colon).trim()
    if (name === "" || /\s/.test(name)) return undefined
    const value = line.slice(colon + 1).trim()
    const key = name.toLowerCase()
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`
  }
  return headers
}

const readBody = (path: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFile(path)).pipe(
    Effect.catchAll(() => usage(`cannot read --body-file ${path}`))
  )

const checkSecrets = (scheme: WebhookScheme, secrets: ReadonlyArray<string>) =>
  Effect.forEach(secrets, (secret, index) => {
    const problem = scheme.secretProblem(Redacted.make(secret))
    return problem === undefined ? Effect.void : usage(`secret #${index + 1} for --scheme ${scheme.name}: ${problem}`)
  }, { discard: true })

const fixedClock = (now: Option.Option<number>) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Option.match(now, {
    onNone: () => self,
    onSome: (seconds) => Effect.withClock(self, fixedAt(seconds * 1000))
  })

/** A clock stopped at `millis`, so `--now` pins every timestamp check. */
const fixedAt = (millis: number): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: () => millis,
  currentTimeMillis: Effect.succeed(millis),
  unsafeCurrentTimeNanos: () => BigInt(millis) * 1_000_000n,
  currentTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
  sleep: () => Effect.void
})

const verify = Command.make(
  "verify",
  {
    scheme: schemeOption,
    secrets: secretOption,
    publicKeys: Options.text("public-key").pipe(
      Options.repeated,
      Options.withDescription("Standard Webhooks v1a: the sender's whpk_ ed25519 public key (repeatable)")
    ),
    url: urlOption,
    method: methodOption,
    headers: Options.text("header").pipe(Options.repeated, Options.withDescription("a received header, 'Name: value' (repeatable)")),
    bodyFile: bodyFileOption,
    now: nowOption,
    tolerance: Options.integer("tolerance").pipe(
      Options.optional,
      Options.withDescription("allowed clock difference in seconds, either direction (default 300)")
    )
  },
  (args) =>
    Effect.gen(function*() {
      const scheme = yield* Webhooks.byName(args.scheme).pipe(Effect.catchAll((error) => usage(error.description)))
      const secrets = [...args.secrets, ...args.publicKeys]
      if (secrets.length === 0) return yield* usage("give at least one --secret (or --public-key for Standard Webhooks v1a)")
      if (args.publicKeys.length > 0 && scheme.name !== "standard") {
        return yield* usage("--public-key is only for --scheme standard (v1a ed25519 signatures)")
      }
      if (args.publicKeys.some((key) => !key.startsWith("whpk_"))) return yield* usage("--public-key must start with whpk_")
      yield* checkSecrets(scheme, secrets)
      if (scheme.signsUrl && Option.isNone(args.url)) {
        return yield* usage(`--scheme ${scheme.name} signs the request URL: pass --url with the exact public URL the vendor called`)
      }
      if (Option.isSome(args.tolerance) && args.tolerance.value < 0) return yield* usage("--tolerance must be 0 or more seconds")
      const headers = parseHeaders(args.headers)
      if (headers === undefined) return yield* usage("--header must look like 'Name: value'")
      const body = yield* readBody(args.bodyFile)
      const request = makeRequest({ body, headers, url: Option.getOrUndefined(args.url), method: args.method.toUpperCase() })
      const options = {
        tolerance: Duration.seconds(Option.getOrElse(args.tolerance, () => 300)),
        // The CLI reads a file someone chose: no reason to refuse a large capture.
        maxBodyBytes: Number.MAX_SAFE_INTEGER
      }
      const result = yield* Effect.either(
        Webhooks.verify(scheme, request, secrets.map((secret) => Redacted.make(secret)), options)
      ).pipe(fixedClock(args.now))
      if (result._tag === "Right") {
        const verified = result.right
        yield* Console.log(JSON.stringify({
          valid: true,
          scheme: scheme.name,
          ...(verified.id === undefined ? {} : { id: verified.id }),
          ...(verified.timestamp === undefined ? {} : { timestamp: DateTime.formatIso(verified.timestamp) })
        }))
        return
      }
      const error = result.left
      const hint = yield* Diagnose.hint(error, {
        scheme,
        request,
        secrets,
        options,
        headerNames: Object.keys(headers)
      }).pipe(fixedClock(args.now))
      yield* Console.log(JSON.stringify({
        valid: false,
        scheme: scheme.name,
        reason: error.reason,
        description: error.description,
        hint
      }))
      return yield* Effect.fail(new WebhookCliExit({ code: 1 }))
    })
).pipe(Command.withDescription("Verify a captured webhook delivery; prints one JSON line, exits 0 valid, 1 invalid, 2 usage"))

const sign = Command.make(
  "sign",
  {
    scheme: schemeOption,
    secrets: secretOption,
    bodyFile: bodyFileOption,
    id: Options.text("id").pipe(Options.optional, Options.withDescription("delivery id to sign (default: generated)")),
    url: urlOption,
    method: methodOption,
    now: nowOption
  },
  (args) =>
    Effect.gen(function*() {
      const scheme = yield* Webhooks.byName(args.scheme).pipe(Effect.catchAll((error) => usage(error.description)))
      if (args.secrets.length === 0) return yield* usage("give at least one --secret")
      yield* checkSecrets(scheme, args.secrets)
      if (scheme.name === "standard" && args.secrets.some((secret) => secret.startsWith("whpk_"))) {
        return yield* usage("a whpk_ public key cannot sign: pass the whsk_ secret key")
      }
      if (scheme.signsUrl && Option.isNone(args.url)) {
        return yield* usage(`--scheme ${scheme.name} signs the request URL: pass --url with the public URL to sign for`)
      }
      const body = yield* readBody(args.bodyFile)
      const signed = yield* scheme.sign(
        {
          body,
          id: Option.getOrUndefined(args.id),
          url: Option.getOrUndefined(args.url),
          method: args.method.toUpperCase()
        },
        args.secrets.map((secret) => Redacted.make(secret))
      ).pipe(fixedClock(args.now))
      for (const [name, value] of Object.entries(signed.headers)) yield* Console.log(`${name}: ${value}`)
    })
).pipe(Command.withDescription("Print the headers a vendor would send with the body, one 'Name: value' per line"))

/**
 * `webhook` with its `verify` and `sign` subcommands, for the root CLI's `withSubcommands`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("webhook").pipe(
  Command.withDescription("Debug webhook signatures: verify a captured delivery, or sign a body"),
  Command.withSubcommands([verify, sign])
)
