/**
 * `effect-integrations demo`: a vendor on 127.0.0.1 that fails often (503s, 429s with Retry-After, stalls), called
 * through the kernel, with what happened printed as a report and a span tree. Needs no network and no configuration.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import * as SpanTree from "../../runtime/SpanTree.js"

const Order = Schema.Struct({ id: Schema.String, amount: Schema.Int, status: Schema.Literal("created", "paid") })

/** Mulberry32: a tiny seeded PRNG, so a seed replays the same faults. */
const prng = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface ServerStats {
  requests: number
  ordersCreated: number
  replays: number
}

/** A payments-like vendor that enforces idempotency keys and misbehaves at the rate given. */
const startVendor = (seed: number, chaos: number) =>
  Effect.acquireRelease(
    Effect.async<{ url: string; stats: ServerStats; server: NodeHttp.Server }>((resume) => {
      const random = prng(seed)
      const stats: ServerStats = { requests: 0, ordersCreated: 0, replays: 0 }
      const orders = new Map<string, { id: string; amount: number; status: "created" }>()
      const byKey = new Map<string, string>()
      const server = NodeHttp.createServer((req, res) => {
        stats.requests++
        const roll = random()
        const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { "content-type": "application/json", "request-id": `req_${stats.requests}`, ...headers })
          res.end(JSON.stringify(body))
        }
        if (roll < chaos * 0.5) return send(503, { error: { type: "api_error" } })
        if (roll < chaos * 0.75) return send(429, { error: { type: "rate_limit_error" } }, { "retry-after-ms": "150" })
        if (roll < chaos) return // stall: the client's per-attempt timeout must fire
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          if (req.method === "POST" && req.url === "/v1/orders") {
            const key = req.headers["idempotency-key"]
            const existing = typeof key === "string" ? byKey.get(key) : undefined
            if (existing !== undefined) {
              stats.replays++
              return send(200, orders.get(existing), { "idempotent-replayed": "true" })
            }
            const { amount } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { amount: number }
            const order = { id: `ord_${orders.size + 1}`, amount, status: "created" as const }
            orders.set(order.id, order)
            if (typeof key === "string") byKey.set(key, order.id)
            stats.ordersCreated++
            // Sometimes the connection drops after the order was created: only the idempotency key prevents a duplicate.
            if (random() < chaos * 0.3) return req.socket.destroy()
            return send(200, order)
          }
          const match = /^\/v1\/orders\/([\w-]+)$/.exec(req.url ?? "")
          const order = match?.[1] === undefined ? undefined : orders.get(match[1])
          return order === undefined ? send(404, { error: { type: "invalid_request_error", code: "resource_missing" } }) : send(200, order)
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as NodeNet.AddressInfo
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, stats, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

const makeAcme = (baseUrl: string) =>
  Effect.gen(function*() {
    const http = yield* HttpIntegration.make({
      vendor: "Acme",
      baseUrl,
      auth: HttpIntegration.bearer(Credentials.fixed(Redacted.make("sk_demo_not_a_real_key"))),
      idempotencyHeader: "Idempotency-Key",
      requestIdHeaders: ["request-id"],
      policy: { timeout: "400 millis", baseDelay: "50 millis", maxDelay: "400 millis", maxRetries: 3 }
    })
    return {
      createOrder: http.operation({
        name: "orders.create",
        method: "POST",
        input: Schema.Struct({ amount: Schema.Int.pipe(Schema.positive()) }),
        output: Order,
        request: (body) => ({ path: "/v1/orders", body: { _tag: "Json", value: body } })
      }),
      getOrder: http.operation({
        name: "orders.retrieve",
        method: "GET",
        input: Schema.Struct({ id: Schema.String }),
        output: Order,
        request: ({ id }) => ({ path: `/v1/orders/${encodeURIComponent(id)}` })
      })
    }
  })

const run = (options: { readonly calls: number; readonly seed: number; readonly chaos: number }) =>
  Effect.gen(function*() {
    const exporter = new InMemorySpanExporter()
    const program = Effect.gen(function*() {
      const vendor = yield* startVendor(options.seed, options.chaos)
      const acme = yield* makeAcme(vendor.url)
      yield* Console.log(`Vendor simulator on ${vendor.url}, chaos ${Math.round(options.chaos * 100)}%, seed ${options.seed}\n`)
      const outcomes: Array<{ ok: boolean; attempts: number; reason?: IntegrationError["reason"] }> = []
      for (let i = 1; i <= options.calls; i++) {
        const result = yield* acme.createOrder.withMeta({ amount: 100 * i }).pipe(
          Effect.flatMap((created) =>
            Effect.map(acme.getOrder.withMeta({ id: created.value.id }), (read) => ({ created, read }))
          ),
          Effect.either
        )
        if (result._tag === "Right") {
          const { created, read } = result.right
          outcomes.push({ ok: true, attempts: created.meta.attempts + read.meta.attempts })
          yield* Console.log(
            `  #${String(i).padStart(2)} ok     ${created.value.id} created in ${created.meta.attempts} attempt(s), read in ${read.meta.attempts}`
          )
        } else {
          outcomes.push({ ok: false, attempts: 0, reason: result.left.reason })
          yield* Console.log(`  #${String(i).padStart(2)} failed ${result.left.message}`)
        }
      }
      const succeeded = outcomes.filter((o) => o.ok).length
      yield* Console.log(
        [
          "",
          `Workflows: ${succeeded}/${options.calls} succeeded, ${options.calls - succeeded} failed with a typed error`,
          `Vendor saw ${vendor.stats.requests} requests; orders created ${vendor.stats.ordersCreated} for ${succeeded} successful creates` +
          ` (${vendor.stats.replays} retried POSTs answered from the idempotency key instead of charging twice)`,
          ""
        ].join("\n")
      )
      const spans = exporter.getFinishedSpans()
      const retried = spans.find((span) => Number(span.attributes["integration.retries"] ?? 0) > 0) ?? spans[0]
      if (retried !== undefined) {
        yield* Console.log("Span of one call that needed retries:")
        yield* Console.log(SpanTree.format([retried]))
      }
    })
    yield* program.pipe(
      Effect.scoped,
      Effect.provide(NodeHttpClient.layerUndici),
      Effect.provide(NodeSdk.layer(() => ({
        resource: { serviceName: "effect-integrations-demo" },
        spanProcessor: new SimpleSpanProcessor(exporter)
      })))
    )
  })

/**
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make(
  "demo",
  {
    calls: Options.integer("calls").pipe(Options.withDefault(12), Options.withDescription("workflows to run")),
    seed: Options.integer("seed").pipe(Options.withDefault(7), Options.withDescription("seed for the injected faults")),
    chaos: Options.float("chaos").pipe(
      Options.withDefault(0.3),
      Options.withDescription("fraction of vendor requests that fail (0 to 1)")
    )
  },
  (options) => run({ ...options, chaos: Math.min(1, Math.max(0, options.chaos)) })
).pipe(Command.withDescription("Run a small app against a misbehaving local vendor and report what the kernel did"))
