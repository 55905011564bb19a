/**
 * Google service-account auth for Vertex AI: the OAuth 2.0 JWT-bearer flow Google documents for server-to-server
 * calls (developers.google.com/identity/protocols/oauth2/service-account, "Preparing to make an authorized API
 * call"). An RS256-signed assertion (`iss` the account's `client_email`, `scope`, `aud` the key file's `token_uri`,
 * `iat`, `exp` at most one hour later, `kid` the `private_key_id`) is exchanged at `token_uri` with
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` for an access token (`access_token`, `expires_in`).
 * Tokens are cached in the `OAuth2.TokenStore` in context (memory by default; Redis with `effect-integrations/state`,
 * shared by every process), renewed `refreshSkew` before they expire, one renewal at a time per process (a semaphore)
 * and across processes (the store's lock). The private key stays `Redacted`; it is read only to sign.
 *
 * @since 0.2.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as NodeCrypto from "node:crypto"
import * as NodeFs from "node:fs"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import { IntegrationError } from "../../core/IntegrationError.js"
import * as OAuth2 from "../../core/OAuth2.js"

/**
 * The scope Vertex AI calls need (the Discovery document's `auth.oauth2.scopes`).
 *
 * @since 0.2.0
 * @category Constants
 */
export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"

/**
 * Google's token endpoint, the `token_uri` of every key file it issues.
 *
 * @since 0.2.0
 * @category Constants
 */
export const DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token"

/**
 * A service account's key, as read from its JSON key file.
 *
 * @since 0.2.0
 * @category Models
 */
export interface ServiceAccount {
  readonly clientEmail: string
  readonly privateKey: Redacted.Redacted<string>
  readonly privateKeyId: string | undefined
  readonly tokenUri: string
  readonly projectId: string | undefined
}

const KeyFile = Schema.Struct({
  type: Schema.Literal("service_account"),
  client_email: Schema.String.pipe(Schema.pattern(/^[^@\s]+@[^@\s]+$/)),
  private_key: Schema.String.pipe(Schema.includes("PRIVATE KEY")),
  private_key_id: Schema.optional(Schema.String),
  token_uri: Schema.optional(Schema.String.pipe(Schema.pattern(/^https?:\/\/\S+$/))),
  project_id: Schema.optional(Schema.String)
})

/**
 * Reads a key file's JSON text. The problem, if any, names the field, never a value.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const parseServiceAccount = (json: string): Either.Either<ServiceAccount, string> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return Either.left("the key file is not JSON")
  }
  const decoded = Schema.decodeUnknownEither(KeyFile)(parsed)
  if (Either.isLeft(decoded)) {
    return Either.left("the key file is not a service-account key (type, client_email and private_key are required)")
  }
  const file = decoded.right
  try {
    NodeCrypto.createPrivateKey(file.private_key)
  } catch {
    return Either.left("the key file's private_key is not a valid PEM private key")
  }
  return Either.right({
    clientEmail: file.client_email,
    privateKey: Redacted.make(file.private_key),
    privateKeyId: file.private_key_id,
    tokenUri: file.token_uri ?? DEFAULT_TOKEN_URI,
    projectId: file.project_id
  })
}

/**
 * Reads the key file at `path` (`GOOGLE_APPLICATION_CREDENTIALS`); a missing or malformed file is a `ConfigError`
 * at `variable`, naming the problem, never the key.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const readServiceAccount = (path: string, variable?: string): Either.Either<ServiceAccount, ConfigError.ConfigError> => {
  // Inside a `Config` (`variable` left out) the config's own name prefixes the error's path.
  const at = variable === undefined ? [] : [variable]
  let text: string
  try {
    text = NodeFs.readFileSync(path, "utf8")
  } catch (cause) {
    return Either.left(
      ConfigError.InvalidData(at, `the key file could not be read (${(cause as NodeJS.ErrnoException).code ?? "error"})`)
    )
  }
  return Either.mapLeft(parseServiceAccount(text), (problem) => ConfigError.InvalidData(at, problem))
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url")

/**
 * The signed JWT assertion for `scope`, issued at `nowSeconds` and valid for an hour (Google's maximum).
 *
 * @since 0.2.0
 * @category Auth
 */
export const signAssertion = (account: ServiceAccount, scope: string, nowSeconds: number): string => {
  const header = { alg: "RS256", typ: "JWT", ...(account.privateKeyId !== undefined ? { kid: account.privateKeyId } : {}) }
  const claims = { iss: account.clientEmail, scope, aud: account.tokenUri, iat: nowSeconds, exp: nowSeconds + 3600 }
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  const signature = NodeCrypto.createSign("RSA-SHA256").update(unsigned).sign(Redacted.value(account.privateKey))
  return `${unsigned}.${base64url(signature)}`
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Options {
  /** Display name for spans and errors. */
  readonly vendor: string
  readonly serviceAccount: ServiceAccount
  /** Default `cloud-platform`. */
  readonly scopes?: ReadonlyArray<string> | undefined
  /** Renew this long before the token expires. Default 5 minutes. */
  readonly refreshSkew?: Duration.DurationInput | undefined
  /** The token exchange's policy, on top of the default: 2 retries, 15 s per attempt. */
  readonly policy?: HttpIntegration.PolicyInput | undefined
}

const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  expires_in: Schema.Number.pipe(Schema.positive()),
  token_type: Schema.optional(Schema.String)
})

/**
 * A token provider for the account, over the `TokenStore` in context (or a memory one).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<HttpIntegration.TokenProvider, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    const store = yield* OAuth2.storeOrMemory
    const account = options.serviceAccount
    const scope = (options.scopes ?? [CLOUD_PLATFORM_SCOPE]).join(" ")
    const storeKey = `google-service-account:${account.clientEmail}:${scope}`
    const tokenUrl = new URL(account.tokenUri)
    const http = yield* HttpIntegration.make({
      vendor: options.vendor,
      baseUrl: tokenUrl.origin,
      // Exchanging an assertion has no side effect: a lost answer is safely asked again.
      policy: { maxRetries: 2, timeout: "15 seconds", ...options.policy }
    })
    const exchange = http.operation({
      name: "oauth.token",
      method: "POST",
      idempotent: true,
      input: Schema.Struct({ assertion: Schema.String }),
      output: TokenResponse,
      request: ({ assertion }) => ({
        path: tokenUrl.pathname,
        body: { _tag: "Form", entries: [["grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"], ["assertion", assertion]] }
      })
    })

    const signed = (nowSeconds: number) =>
      Effect.try({
        try: () => signAssertion(account, scope, nowSeconds),
        catch: () =>
          new IntegrationError({
            vendor: options.vendor,
            operation: "oauth.token",
            reason: "Unauthorized",
            description: "the service account's private key could not sign the assertion"
          })
      })

    // An assertion is signed afresh for every grant; nothing single-use is spent, but the store's lock still lets
    // processes sharing the store ask once between them.
    const issue = () =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const response = yield* exchange({ assertion: yield* signed(Math.floor(now / 1000)) })
        const tokens: OAuth2.Tokens = {
          accessToken: Redacted.make(response.access_token),
          refreshToken: undefined,
          expiresAt: now + response.expires_in * 1000
        }
        return tokens
      })
    return yield* OAuth2.makeTokenProvider({
      key: storeKey,
      issue,
      refreshSkew: options.refreshSkew ?? Duration.minutes(5)
    }).pipe(Effect.provideService(OAuth2.TokenStoreTag, store))
  })
