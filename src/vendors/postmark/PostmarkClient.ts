/**
 * The Postmark client as an Effect service: send (one, a batch, from a template, a batch from templates), templates
 * (list, create, get, update, delete, validate), message streams, and bounces (every bounce as a `Stream`, get,
 * activate). Each call validates its input before any I/O, authenticates with the server token in
 * `X-Postmark-Server-Token`, and fails with `IntegrationError`, read from Postmark's `{ ErrorCode, Message }` body.
 *
 * Facts from Postmark's API reference (https://postmarkapp.com/developer/api/overview, `.../email-api`): base URL
 * `https://api.postmarkapp.com`; 401 for a bad token, 422 with an `ErrorCode` for a bad request, 429 when rate
 * limited, 500/503 for Postmark's own trouble; no idempotency key; batches of up to 500 messages answered with one
 * outcome per message.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { PostmarkClient } from "effect-integrations/postmark"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const welcome = Effect.gen(function*() {
 *   const postmark = yield* PostmarkClient.PostmarkClient
 *   return yield* postmark.email.send({
 *     From: "Acme <hello@acme.dev>",
 *     To: "jane@example.com",
 *     Subject: "Welcome",
 *     TextBody: "Hi Jane",
 *     MessageStream: "outbound"
 *   })
 * })
 *
 * // POSTMARK_SERVER_TOKEN from the environment.
 * const Live = PostmarkClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const sent = welcome.pipe(Effect.provide(Live))
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as PostmarkError from "./PostmarkError.js"
import * as PostmarkSchemas from "./PostmarkSchemas.js"
import * as Bounces from "./resources/Bounces.js"
import * as Email from "./resources/Email.js"
import * as MessageStreams from "./resources/MessageStreams.js"
import * as Templates from "./resources/Templates.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.postmarkapp.com"

/**
 * The header that carries the server token.
 *
 * @since 0.1.0
 * @category Constants
 */
export const TOKEN_HEADER = "X-Postmark-Server-Token"

/**
 * Postmark's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | a send is accepted in well under a second; a 500-message batch of up to 50 MB takes longer |
 * | retries | 2 (3 attempts) | rides out a 429 or a 503 without holding a request path for long |
 * | backoff | 1 s doubling, capped at 10 s, jittered | Postmark documents no rate-limit headers: a 429 is waited out by backoff unless it says `Retry-After` |
 * | retried | reads, PUT/DELETE/PATCH, template validation: network errors, timeouts, 429, 5xx. Sends: only 429 and connections refused before sending | Postmark takes no idempotency key, so a send that may have gone out is never repeated (`mayHaveSucceeded` on the error) |
 * | not retried | 401 (`ErrorCode` 10), 404, 413, 422 (every `ErrorCode`: invalid request, inactive recipient, sender signature...) | a repeat cannot succeed |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = VendorClient.defaultPolicy

/**
 * Per-call options: a `policy` override, extra `headers`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * The kernel's settings (`VendorClient.VendorOptions`) and Postmark's server token. Postmark documents no rate-limit
 * headers; give `rateLimit` to pace callers, and every 429's `Retry-After`, when sent, pauses them all.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** A Postmark server API token (the server's API Tokens tab), or `POSTMARK_API_TEST` to validate without sending. */
  readonly serverToken: VendorClient.SecretInput
}

/**
 * Its health check: a cheap authenticated read (`GET /server`, no retries, 5 s) for readiness checks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly email: Email.Api
  readonly templates: Templates.Api
  readonly messageStreams: MessageStreams.Api
  readonly bounces: Bounces.Api
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class PostmarkClient extends Context.Tag("effect-integrations/PostmarkClient")<PostmarkClient, Service>() {}

/**
 * Postmark as a vendor definition: the server token header, Postmark's `ErrorCode` reading.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const Postmark = VendorClient.define(PostmarkClient, {
  vendor: "Postmark",
  baseUrl: { default: DEFAULT_BASE_URL, env: "POSTMARK_BASE_URL" },
  // The name Postmark's own libraries and docs use for the server token.
  config: Config.all({ serverToken: Credentials.config("POSTMARK_SERVER_TOKEN") }),
  policy: defaultPolicy,
  definition: (options: Options) => ({
    auth: HttpIntegration.header(TOKEN_HEADER, VendorClient.secret(options.serverToken)),
    headers: { accept: "application/json" },
    dialect: { requestIdHeaders: ["x-request-id"], refineError: PostmarkError.refineError }
  }),
  operations: (http) => {
    const server = http.operation({
      name: "server.get",
      method: "GET",
      input: Schema.Void,
      output: PostmarkSchemas.Server,
      request: () => ({ path: "/server" })
    })
    return {
      email: Email.make(http),
      templates: Templates.make(http),
      messageStreams: MessageStreams.make(http),
      bounces: Bounces.make(http),
      healthCheck: Effect.asVoid(server(undefined, VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context: one pipeline for every Postmark call.
 * - `layer`: The client as a layer; registers a `postmark` health check when a `Health` registry is provided.
 * - `config`: The options from the environment: `POSTMARK_SERVER_TOKEN` (required, kept `Redacted`),
 *   `POSTMARK_BASE_URL` (default `https://api.postmarkapp.com`). Every missing or malformed variable is reported in one
 *   `ConfigError`, by name only.
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(PostmarkClient.fromEnv, ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PostmarkClient } from "effect-integrations/postmark"
 *
 * const TestPostmark = PostmarkClient.layerTest({
 *   email: { send: () => Effect.succeed({ MessageID: "b7bc2f4a", To: "jane@example.com", SubmittedAt: undefined }) }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Postmark
