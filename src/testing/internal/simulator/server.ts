/**
 * The simulator's HTTP server: an `@effect/platform` router on a Node server bound to 127.0.0.1, every vendor's routes
 * mounted under `/<vendor>` (and at the root where no other vendor serves the same path), and the pipeline each
 * request goes through: outage → rate limit → injected failure → auth → idempotency → latency → the vendor →
 * after-the-fact faults → written (or the connection reset), stalling halfway when the plan says so.
 *
 * @internal
 */
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberSet from "effect/FiberSet"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import * as Faults from "../../Faults.js"
import type * as VendorSimulator from "../../VendorSimulator.js"
import * as Anthropic from "./anthropic.js"
import * as Apollo from "./apollo.js"
import * as Calcom from "./calcom.js"
import type { AfterFault } from "./faults.js"
import { driftResponse, FaultEngine, malform } from "./faults.js"
import * as Googlemaps from "./googlemaps.js"
import * as Firecrawl from "./firecrawl.js"
import type { SimRequest, SimResponse, SseEvent } from "./http.js"
import { hash32, header, withHeaders } from "./http.js"
import * as Clay from "./clay.js"
import * as GoHighLevel from "./gohighlevel.js"
import * as Hubspot from "./hubspot.js"
import * as Mapbox from "./mapbox.js"
import * as Explorium from "./explorium.js"
import * as Lemlist from "./lemlist.js"
import * as MillionVerifier from "./millionverifier.js"
import * as Openai from "./openai.js"
import * as Phantombuster from "./phantombuster.js"
import * as Postmark from "./postmark.js"
import * as Resend from "./resend.js"
import * as Llamaparse from "./llamaparse.js"
import * as Vertex from "./vertex.js"
import * as Retell from "./retell.js"
import type { RouteId, Vendor } from "./routes.js"
import { catalogue, vendors } from "./routes.js"
import type { Handler, Shared, VendorModule } from "./state.js"
import { IdempotencyStore, Ledger, makeIds } from "./state.js"
import * as Stripe from "./stripe.js"
import * as Tavily from "./tavily.js"
import * as Twilio from "./twilio.js"
import * as Waha from "./waha.js"

type Outcome =
  | { readonly _tag: "Reset" }
  | {
    readonly _tag: "Respond"
    readonly response: SimResponse
    readonly headers: Readonly<Record<string, string>>
    readonly after?: AfterFault | undefined
    /** A pause halfway through the body (latency `during: "response"`). */
    readonly stallMs?: number | undefined
  }

const reset: Outcome = { _tag: "Reset" }

const respond = (
  response: SimResponse,
  headers: Readonly<Record<string, string>> = {},
  after?: AfterFault,
  stallMs?: number
): Outcome => ({
  _tag: "Respond",
  response,
  headers,
  after,
  stallMs
})

/** `Retry-After` as delta-seconds or as an HTTP date, from the simulator's clock. */
const retryAfter = (now: number, seconds: number | undefined, format: "seconds" | "http-date" | undefined) =>
  seconds === undefined
    ? {}
    : { "retry-after": format === "http-date" ? new Date(now + seconds * 1000).toUTCString() : String(seconds) }

const sseText = (event: SseEvent): string => {
  const data = event._tag === "Json" ? JSON.stringify(event.data) : event.data
  return `${event.event === undefined ? "" : `event: ${event.event}\n`}data: ${data}\n\n`
}

const encoder = new TextEncoder()

/** The first chunks, then a pause on the simulator's clock, then the rest: a vendor that stops sending mid-answer. */
const stalled = (first: ReadonlyArray<string>, rest: ReadonlyArray<string>, ms: number): Stream.Stream<Uint8Array> =>
  Stream.concatAll(Chunk.make(
    Stream.fromIterable(first.map((c) => encoder.encode(c))),
    Stream.execute(Effect.sleep(Duration.millis(ms))),
    Stream.fromIterable(rest.map((c) => encoder.encode(c)))
  ))

type Modules = { readonly [V in Vendor]: VendorModule<V> }

/** @internal */
export const make = (
  options: VendorSimulator.Options
): Effect.Effect<VendorSimulator.VendorSimulator.Service, ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const host = options.host ?? "127.0.0.1"
    const seed = String(options.seed ?? options.faults?.seed ?? 0)
    const ledger = new Ledger()
    const idempotency = new IdempotencyStore()
    const commits = new WeakMap<SimRequest, number>()
    const shared: Shared = {
      id: makeIds(seed),
      commit: (request, kind, objectId) => {
        const nth = (commits.get(request) ?? 0) + 1
        commits.set(request, nth)
        ledger.commit(
          {
            vendor: request.vendor,
            route: request.route,
            kind,
            objectId,
            idempotencyKey: header(request, "idempotency-key") ?? header(request, "x-idempotency-key"),
            at: request.now
          },
          `${request.method} ${request.path} ${hash32(new TextDecoder().decode(request.body))} #${nth}`
        )
      },
      keys: (vendor) => options.keys?.[vendor],
      hubspot: {
        clientId: options.hubspot?.clientId,
        clientSecret: options.hubspot?.clientSecret,
        accessTokenTtlSeconds: options.hubspot?.accessTokenTtlSeconds ?? 1800
      }
    }
    const modules: Modules = {
      stripe: Stripe.make(shared),
      openai: Openai.make(shared),
      anthropic: Anthropic.make(shared),
      resend: Resend.make(shared),
      twilio: Twilio.make(shared),
      hubspot: Hubspot.make(shared),
      calcom: Calcom.make(shared),
      tavily: Tavily.make(shared),
      postmark: Postmark.make(shared),
      apollo: Apollo.make(shared),
      phantombuster: Phantombuster.make(shared),
      gohighlevel: GoHighLevel.make(shared),
      clay: Clay.make(shared),
      llamaparse: Llamaparse.make(shared),
      vertex: Vertex.make(shared),
      googlemaps: Googlemaps.make(shared),
      mapbox: Mapbox.make(shared),
      firecrawl: Firecrawl.make(shared),
      lemlist: Lemlist.make(shared),
      explorium: Explorium.make(shared),
      millionverifier: MillionVerifier.make(shared),
      retell: Retell.make(shared),
      waha: Waha.make(shared)
    }
    let plan = options.faults ?? Faults.none
    let engine = new FaultEngine(plan.rules, seed, yield* Clock.currentTimeMillis)
    // Processing runs in its own fibers: a client that hangs up does not cancel what the vendor already started.
    const processing = yield* FiberSet.make<SimResponse>()

    const sockets = new Set<NodeNet.Socket>()
    const server = NodeHttp.createServer()
    // Node's 5 s default closes idle keep-alive connections while a client may be reusing them (a reset the plan did
    // not ask for); vendors' load balancers keep them far longer.
    server.keepAliveTimeout = 30_000
    server.on("connection", (socket) => {
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
    })
    const http = yield* NodeHttpServer.make(() => server, { port: options.port ?? 0, host })
    // Runs before the server's own close, which would otherwise wait for every open connection.
    yield* Effect.addFinalizer(() => Effect.sync(() => sockets.forEach((socket) => socket.destroy())))

    const run = (module: VendorModule<Vendor>, handler: Handler, request: SimRequest): Effect.Effect<Outcome> =>
      Effect.gen(function*() {
        const current = engine
        const decision = yield* current.decide(request)
        const delay = decision.latencyMs > 0
          ? Effect.sleep(Duration.millis(decision.latencyMs)).pipe(Effect.zipRight(Effect.sync(() => ledger.fault("latency"))))
          : Effect.void
        const outage = decision.outage
        if (outage !== undefined) {
          ledger.fault("outage")
          yield* delay
          if (outage.mode === "reset") return reset
          return respond(
            withHeaders(module.error(request, outage.status ?? 503, undefined), retryAfter(request.now, outage.retryAfterSeconds, "seconds"))
          )
        }
        const limit = current.rateLimit(request, module.rateLimit)
        const rateHeaders = module.rateLimit.headers(limit)
        if (limit.exceeded) {
          ledger.fault("rateLimit")
          return respond(
            withHeaders(module.error(request, 429, undefined), { "retry-after": String(Math.max(1, Math.ceil(limit.resetMs / 1000))) }),
            rateHeaders
          )
        }
        const fault = decision.fault
        if (fault?.kind === "status") {
          ledger.fault("status")
          yield* delay
          return respond(
            withHeaders(module.error(request, fault.status, fault.message), retryAfter(request.now, fault.retryAfterSeconds, fault.retryAfterFormat)),
            rateHeaders
          )
        }
        if (fault?.kind === "reset") {
          ledger.fault("reset")
          yield* delay
          return reset
        }
        const after = fault
        const denied = module.authenticate(request)
        if (denied !== undefined) return respond(denied, rateHeaders)
        const policy = module.idempotency?.(request)
        if (policy !== undefined) {
          if (policy.invalid !== undefined) return respond(policy.invalid, rateHeaders)
          const existing = idempotency.get(request.vendor, policy.key, request.now)
          if (existing !== undefined) {
            if (existing.fingerprint !== policy.fingerprint || existing.endpoint !== policy.endpoint) {
              return respond(policy.mismatch(existing), rateHeaders)
            }
            if (existing._tag === "InFlight") return respond(policy.inProgress, rateHeaders)
            ledger.replay()
            return respond(policy.replay(existing.response, existing.requestId), rateHeaders, after, decision.stallMs)
          }
          idempotency.claim(request.vendor, policy.key, policy.fingerprint, policy.endpoint, request.now)
        }
        const work = delay.pipe(
          Effect.zipRight(handler(request)),
          Effect.catchAllDefect((defect) =>
            Effect.succeed(module.error(request, 500, `The simulator failed: ${String(defect)}`))
          ),
          Effect.tap((response) =>
            Effect.sync(() => {
              if (policy === undefined) return
              if (response.transient === true || response.status >= 500) idempotency.release(request.vendor, policy.key)
              else idempotency.complete(request.vendor, policy.key, response, request.requestId)
            })
          ),
          Effect.onInterrupt(() =>
            Effect.sync(() => policy === undefined ? undefined : idempotency.release(request.vendor, policy.key))
          )
        )
        const response = yield* Effect.flatMap(FiberSet.run(processing, work), Fiber.join)
        return respond(response, rateHeaders, after, decision.stallMs)
      })

    const destroy = (request: HttpServerRequest.HttpServerRequest) =>
      Effect.suspend(() => {
        const socket = NodeHttpServerRequest.toIncomingMessage(request).socket
        // RST rather than FIN, so the client sees ECONNRESET as from a real network fault.
        if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
        else socket.destroy()
        // The closed connection interrupts this fiber.
        return Effect.never
      })

    const write = (
      httpRequest: HttpServerRequest.HttpServerRequest,
      module: VendorModule<Vendor>,
      request: SimRequest,
      outcome: Outcome
    ): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
      if (outcome._tag === "Reset") return destroy(httpRequest)
      const after = outcome.after
      if (after !== undefined) ledger.fault(after.kind)
      const response = after?.kind === "drift" ? driftResponse(outcome.response, after) : outcome.response
      const headers = { ...module.headers(request), ...outcome.headers, ...response.headers }
      const truncate = after?.kind === "truncate" ? after.fraction ?? 0.5 : undefined
      const malformed = after?.kind === "malformed" ? after : undefined
      const stall = outcome.stallMs !== undefined && outcome.stallMs > 0 ? outcome.stallMs : undefined
      if (stall !== undefined && response._tag !== "Empty") ledger.fault("latency")
      switch (response._tag) {
        case "Empty":
          return after?.kind === "resetAfterCommit"
            ? destroy(httpRequest)
            : Effect.succeed(HttpServerResponse.empty({ status: response.status, headers }))
        case "Json":
        case "Text": {
          if (after?.kind === "resetAfterCommit") return destroy(httpRequest)
          let body = response._tag === "Json" ? JSON.stringify(response.body) : response.body
          if (malformed !== undefined) body = malformed.body ?? malform(body)
          if (truncate !== undefined) body = body.slice(0, Math.floor(body.length * truncate))
          const contentType = response._tag === "Json" ? "application/json" : response.contentType
          if (stall !== undefined) {
            const half = Math.floor(body.length / 2)
            return Effect.succeed(HttpServerResponse.stream(stalled([body.slice(0, half)], [body.slice(half)], stall), {
              status: response.status,
              headers,
              contentType
            }))
          }
          return Effect.succeed(HttpServerResponse.text(body, { status: response.status, headers, contentType }))
        }
        case "Sse": {
          const events = response.events.map((event) =>
            malformed === undefined ? sseText(event) : `data: ${malformed.body ?? malform(event._tag === "Json" ? JSON.stringify(event.data) : event.data)}\n\n`
          )
          const sseHeaders = { ...headers, "cache-control": "no-cache", "content-type": "text/event-stream; charset=utf-8" }
          if (after?.kind === "resetAfterCommit") {
            // Half the stream reaches the client, then the connection drops.
            return Effect.suspend(() => {
              const nodeResponse = NodeHttpServerRequest.toServerResponse(httpRequest)
              nodeResponse.writeHead(response.status, sseHeaders)
              nodeResponse.write(events.slice(0, Math.floor(events.length / 2)).join(""), () => nodeResponse.socket?.destroy())
              return Effect.never
            })
          }
          const kept = truncate === undefined ? events : events.slice(0, Math.floor(events.length * truncate))
          const half = Math.floor(kept.length / 2)
          const body = stall === undefined
            ? Stream.fromIterable(kept.map((e) => encoder.encode(e)))
            : stalled(kept.slice(0, half), kept.slice(half), stall)
          return Effect.succeed(HttpServerResponse.stream(body, {
            status: response.status,
            headers: sseHeaders,
            contentType: "text/event-stream; charset=utf-8"
          }))
        }
      }
    }

    const routeHandler = <V extends Vendor>(module: VendorModule<V>, route: RouteId<V>, prefix: string) =>
      Effect.gen(function*() {
        const httpRequest = yield* HttpServerRequest.HttpServerRequest
        const params = yield* HttpRouter.params
        const body = yield* Effect.orElseSucceed(httpRequest.arrayBuffer, () => new ArrayBuffer(0))
        const now = yield* Clock.currentTimeMillis
        const url = new URL(httpRequest.url, "http://simulator.local")
        const anyModule = module as unknown as VendorModule<Vendor>
        const request: SimRequest = {
          vendor: module.vendor,
          route,
          method: httpRequest.method,
          path: url.pathname.slice(prefix.length),
          params: Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)),
          query: url.searchParams,
          headers: Object.fromEntries(Object.entries(httpRequest.headers).map(([k, v]) => [k.toLowerCase(), v])),
          body: new Uint8Array(body),
          requestId: module.requestId(),
          now
        }
        ledger.request(module.vendor, route)
        const handler = (module.handlers as Record<string, Handler>)[route]!
        const outcome = yield* run(anyModule, handler, request)
        return yield* write(httpRequest, anyModule, request, outcome)
      })

    const notFound = (module: VendorModule<Vendor>) =>
      Effect.gen(function*() {
        const httpRequest = yield* HttpServerRequest.HttpServerRequest
        const now = yield* Clock.currentTimeMillis
        const url = new URL(httpRequest.url, "http://simulator.local")
        const request: SimRequest = {
          vendor: module.vendor,
          route: "",
          method: httpRequest.method,
          path: url.pathname.slice(module.vendor.length + 1),
          params: {},
          query: url.searchParams,
          headers: httpRequest.headers,
          body: new Uint8Array(),
          requestId: module.requestId(),
          now
        }
        return yield* write(httpRequest, module, request, respond(module.notFound(request)))
      })

    let router: HttpRouter.HttpRouter<never, never> = HttpRouter.empty
    const unprefixed = new Set<string>()
    for (const vendor of vendors) {
      const module = modules[vendor] as unknown as VendorModule<Vendor>
      for (const route of catalogue[vendor] as ReadonlyArray<RouteId<Vendor>>) {
        const [method, specPath] = route.split(" ") as [HttpRouter.Route<never, never>["method"], string]
        // A literal `:` (Google's `/v1/places:searchText`) is `::` to the router; `{param}` is `:param`.
        const path = specPath.replace(/:/g, "::").replace(/\{(\w+)\}/g, ":$1")
        router = HttpRouter.route(method)(`/${vendor}${path}` as `/${string}`, routeHandler(module, route, `/${vendor}`))(router)
        if (!unprefixed.has(`${method} ${path}`)) {
          unprefixed.add(`${method} ${path}`)
          router = HttpRouter.route(method)(path as `/${string}`, routeHandler(module, route, ""))(router)
        }
      }
      router = HttpRouter.all(`/${vendor}/*`, notFound(module))(router)
    }
    router = HttpRouter.all(
      "*",
      Effect.map(HttpServerRequest.HttpServerRequest, (request) =>
        HttpServerResponse.unsafeJson(
          { error: { message: `No simulated vendor serves ${request.method} ${request.url}`, vendors: [...vendors] } },
          { status: 404 }
        ))
    )(router)

    // The simulator stands in for the vendors: its own request spans would record what only a vendor may see (a key
    // sent as `?key=` or `?access_token=`) in the app's traces, so it records none.
    yield* HttpServer.serveEffect(router).pipe(
      HttpMiddleware.withTracerDisabledWhenEffect(() => true),
      Effect.provideService(HttpServer.HttpServer, http)
    )

    const port = http.address._tag === "TcpAddress" ? http.address.port : 0
    const url = `http://${host}:${port}`
    const bases: Record<Vendor, string> = {
      stripe: `${url}/stripe`,
      openai: `${url}/openai/v1`,
      anthropic: `${url}/anthropic`,
      resend: `${url}/resend`,
      twilio: `${url}/twilio`,
      hubspot: `${url}/hubspot`,
      // Cal.com's own base URL ends in `/v2` (`https://api.cal.com/v2`), as OpenAI's ends in `/v1`.
      calcom: `${url}/calcom/v2`,
      tavily: `${url}/tavily`,
      postmark: `${url}/postmark`,
      // Apollo's own base URL ends in `/api/v1`.
      apollo: `${url}/apollo/api/v1`,
      phantombuster: `${url}/phantombuster/api/v2`,
      gohighlevel: `${url}/gohighlevel`,
      clay: `${url}/clay`,
      llamaparse: `${url}/llamaparse`,
      // Vertex AI at `/v1`, the Gemini API at `/v1beta`, the OAuth token endpoint at `/token`.
      vertex: `${url}/vertex`,
      googlemaps: `${url}/googlemaps`,
      mapbox: `${url}/mapbox`,
      firecrawl: `${url}/firecrawl`,
      // lemlist's base URL ends in `/api` (`https://api.lemlist.com/api`).
      lemlist: `${url}/lemlist/api`,
      explorium: `${url}/explorium`,
      // The real-time API's base; the bulk API's is the same with `/bulkapi/v2` for `/api/v3`.
      millionverifier: `${url}/millionverifier/api/v3`,
      retell: `${url}/retell`,
      waha: `${url}/waha`
    }
    return {
      url,
      port,
      baseUrl: (vendor: Vendor) => bases[vendor],
      stats: Effect.sync(() => ledger.snapshot()),
      faults: Effect.sync(() => plan),
      setFaults: (next: Faults.FaultPlan) =>
        Effect.sync(() => {
          plan = next
          engine = new FaultEngine(next.rules, String(options.seed ?? next.seed ?? 0), engine.startedAt)
        }),
      reset: Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => {
          for (const vendor of vendors) modules[vendor].reset()
          ledger.clear()
          idempotency.clear()
          engine = new FaultEngine(plan.rules, String(options.seed ?? plan.seed ?? 0), now)
        }))
    }
  })
