/**
 * WAHA sessions: list, create, get, start, stop, log out, restart, the account a session is logged in as, and the QR
 * code to pair it (`GET /api/{session}/auth/qr?format=raw`). A session's `status` is its auth status: `SCAN_QR_CODE`
 * until paired, then `WORKING`. Start, stop, restart and logout set a state, so they are retried like reads; creating a
 * session is not (a second one may be refused or made).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import * as S from "../WahaSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Every session; `all: true` includes stopped ones. */
  readonly list: (options?: HttpIntegration.CallOptions & { readonly all?: boolean }) => Effect.Effect<ReadonlyArray<S.Session>, IntegrationError>
  readonly create: VendorClient.Method<S.CreateSessionParams, S.Session>
  readonly get: (session: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Session, IntegrationError>
  readonly start: (session: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Session, IntegrationError>
  readonly stop: (session: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Session, IntegrationError>
  readonly logout: (session: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Session, IntegrationError>
  readonly restart: (session: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Session, IntegrationError>
  /** The WhatsApp account the session is logged in as (null before pairing). */
  readonly me: (session: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Me | null, IntegrationError>
  /** The QR code's value to render while the session's status is `SCAN_QR_CODE`; a 422 (`isSessionNotReady`) otherwise. */
  readonly qr: (session: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.QrCode, IntegrationError>
}

/**
 * Declares the session operations on a WAHA pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const list = http.operation({
    name: "sessions.list",
    method: "GET",
    input: Schema.Struct({ all: Schema.optional(Schema.Boolean) }),
    output: Schema.Array(S.Session),
    request: ({ all }) => ({ path: "/api/sessions", query: { all } })
  })
  const create = http.operation({
    name: "sessions.create",
    method: "POST",
    input: S.CreateSessionParams,
    output: S.Session,
    request: (params) => ({ path: "/api/sessions", body: HttpIntegration.json(params) }),
    idempotent: false,
    idempotencyKey: false
  })
  const get = http.operation({
    name: "sessions.get",
    method: "GET",
    input: S.SessionName,
    output: S.Session,
    request: (session) => ({ path: VendorClient.path`/api/sessions/${session}` })
  })
  const action = (name: "start" | "stop" | "logout" | "restart") =>
    http.operation({
      name: `sessions.${name}`,
      method: "POST",
      input: S.SessionName,
      output: S.Session,
      request: (session) => ({ path: `${VendorClient.path`/api/sessions/${session}`}/${name}` }),
      // Each sets the session's state: repeating it leaves the same state.
      idempotent: true,
      idempotencyKey: false
    })
  const start = action("start")
  const stop = action("stop")
  const logout = action("logout")
  const restart = action("restart")
  const me = http.operation({
    name: "sessions.me",
    method: "GET",
    input: S.SessionName,
    output: Schema.NullOr(S.Me),
    request: (session) => ({ path: VendorClient.path`/api/sessions/${session}/me` })
  })
  const qr = http.operation({
    name: "sessions.qr",
    method: "GET",
    input: S.SessionName,
    output: S.QrCode,
    request: (session) => ({
      path: VendorClient.path`/api/${session}/auth/qr`,
      query: { format: "raw" },
      headers: { accept: "application/json" }
    })
  })
  return {
    list: (options) => Op.call(list, { all: options?.all }, options),
    create: (params, options) => Op.call(create, params, options),
    get: (session, options) => Op.call(get, session, options),
    start: (session, options) => Op.call(start, session, options),
    stop: (session, options) => Op.call(stop, session, options),
    logout: (session, options) => Op.call(logout, session, options),
    restart: (session, options) => Op.call(restart, session, options),
    me: (session, options) => Op.call(me, session, options),
    qr: (session, options) => Op.call(qr, session, options)
  }
}
