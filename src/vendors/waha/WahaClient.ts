/**
 * The WAHA (WhatsApp HTTP API, self-hosted) client as an Effect service: sessions (list, create, get, start, stop,
 * logout, restart, me, QR), sending (text, image, file, voice, seen, typing) and chats and messages as `Stream`s.
 * Every call validates its parameters before any I/O and fails with `IntegrationError`. WAHA takes no idempotency
 * key: a send is never repeated once it may have reached WAHA (`WahaError.isAmbiguousSend`).
 *
 * Facts from WAHA's OpenAPI document (2024.9, `X-Api-Key` security scheme) and docs (https://waha.devlike.pro/docs/).
 * WAHA runs on your own host, so there is no public base URL: `WAHA_BASE_URL` is required.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { WahaClient, WahaError } from "effect-integrations/waha"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const reply = (chatId: string, text: string) =>
 *   Effect.gen(function*() {
 *     const waha = yield* WahaClient.WahaClient
 *     return yield* waha.messages.sendText({ session: "default", chatId, text })
 *   }).pipe(Effect.catchIf(WahaError.isAmbiguousSend, () => Effect.logWarning("check the chat before sending again")))
 *
 * // WAHA_BASE_URL and WAHA_API_KEY from the environment.
 * const Live = WahaClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const sent = reply("14155550123@c.us", "Thanks, we got it").pipe(Effect.provide(Live))
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
import * as Messages from "./resources/Messages.js"
import * as Sessions from "./resources/Sessions.js"
import * as WahaError from "./WahaError.js"

/**
 * WAHA's own default when it runs locally (`docker run -p 3000:3000 devlikeapro/waha`); the environment must name the
 * real one (`WAHA_BASE_URL`).
 *
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "http://localhost:3000"

/**
 * WAHA's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 60 s | WAHA drives a WhatsApp client: a send waits for it, and media is downloaded first |
 * | retries | 2, 1 s doubling to 10 s, 50 % jitter | a restarting session or container answers 5xx for a few seconds |
 * | retried | reads, listings, session start/stop/restart/logout, seen, typing | they read or set a state |
 * | retried only on 429 | `messages.sendText`, `sendImage`, `sendFile`, `sendVoice`, `sessions.create` | **WAHA has no idempotency key**: a repeat could send the message twice |
 * | not retried | 400, 401 (wrong `X-Api-Key`), 404, 422 (session not ready) | a repeat cannot succeed |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = { ...VendorClient.defaultPolicy, timeout: "60 seconds" }

/**
 * Per-call options: a `policy` override and extra `headers`. There is no `idempotencyKey`: WAHA takes none.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * The kernel's settings and WAHA's. WAHA sends no rate-limit headers; WhatsApp itself bans accounts that send too
 * fast, so give `rateLimit` to pace sends.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** Where your WAHA runs (`https://waha.internal:3000`): required, WAHA has no public host. */
  readonly baseUrl: string
  /** The key WAHA was started with (`WAHA_API_KEY` on the server), sent as `X-Api-Key`. */
  readonly apiKey: VendorClient.SecretInput
}

/**
 * Its health check: a cheap authenticated read (`GET /api/sessions`, no retries) for readiness checks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly sessions: Sessions.Api
  readonly messages: Messages.Api
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class WahaClient extends Context.Tag("effect-integrations/WahaClient")<WahaClient, Service>() {}

/**
 * WAHA as a vendor definition: `X-Api-Key`, no idempotency header, WAHA's error reading.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const Waha = VendorClient.define(WahaClient, {
  vendor: "WAHA",
  baseUrl: { default: DEFAULT_BASE_URL, env: "WAHA_BASE_URL" },
  // WAHA_BASE_URL is read here too, so that its absence is reported (the kit alone would fall back to the default).
  config: Config.zipWith(
    Config.all({ apiKey: Credentials.config("WAHA_API_KEY") }),
    Config.string("WAHA_BASE_URL").pipe(
      Config.validate({ message: "WAHA_BASE_URL must name your WAHA server", validation: (url) => url.trim() !== "" })
    ),
    (own) => own
  ) as Config.Config<{ readonly apiKey: VendorClient.SecretInput }>,
  policy: defaultPolicy,
  definition: (options: Options) => ({
    auth: HttpIntegration.header("X-Api-Key", VendorClient.secret(options.apiKey)),
    dialect: { refineError: WahaError.refineError }
  }),
  operations: (http) => {
    const sessions = http.operation({
      name: "health.sessions",
      method: "GET",
      input: Schema.Void,
      output: Schema.Array(Schema.Unknown),
      request: () => ({ path: "/api/sessions" })
    })
    const healthCheck = Effect.asVoid(sessions(undefined, VendorClient.probe))
    return { sessions: Sessions.make(http), messages: Messages.make(http), healthCheck }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context. A bad setting is a `ConfigError` naming it
 *   (`WAHA.baseUrl`).
 * - `layer`: The client as a layer; registers a `waha` health check when a `Health` registry is provided.
 * - `config`: The options from the environment: `WAHA_BASE_URL` (required) and `WAHA_API_KEY` (required, kept
 *   `Redacted`). Every missing or malformed variable is reported in one `ConfigError`, by name only.
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(WahaClient.fromEnv, ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Waha
