/**
 * The kernel against a vendor that misbehaves at random on a real socket: 10,000 calls, 30% of requests failing as
 * 500, 503, 429 with Retry-After, connection resets and stalls. Every call must end in a value or a typed error, POSTs
 * must never create twice, and what spans and metrics say must match what the transport was handed and the server saw.
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { SpanStatusCode } from "@opentelemetry/api"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import { isIntegrationError, type Reason, retryableReasons } from "../../src/core/IntegrationError.js"
import * as RetryBudget from "../../src/core/RetryBudget.js"
import * as Telemetry from "../../src/core/Telemetry.js"
import * as Progress from "../support/Progress.js"
import * as TestServer from "../support/TestServer.js"

const CALLS = 10_000

/**
 * The calls take what the machine gives them: the run goes on while calls keep finishing and fails only after this
 * long without one (a call takes at most five 1 s attempts and their short backoffs).
 */
const STALL = "60 seconds"

/** Only a guard against a hang of the watchdog itself. */
const HANG_GUARD_MILLIS = 3_600_000
const VENDOR = "Chaotic"

/** Mulberry32, so a failing run can be replayed. */
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

/**
 * The transport as the kernel sees it: each request handed over gets its own id, so the server can tell which attempts
 * reached it, and the ledger keeps which attempts were cut off before any answer.
 */
const ATTEMPT_HEADER = "x-e2e-attempt"

interface Ledger {
  issued: number
  readonly interrupted: Set<string>
}

const ledgerLayer = (ledger: Ledger) =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      client.pipe(
        HttpClient.mapRequestEffect((request) =>
          Effect.sync(() => HttpClientRequest.setHeader(request, ATTEMPT_HEADER, String(++ledger.issued)))
        ),
        HttpClient.transform((response, request) =>
          Effect.onExit(response, (exit) =>
            Effect.sync(() => {
              const id = request.headers[ATTEMPT_HEADER]
              if (id !== undefined && exit._tag === "Failure" && Cause.isInterruptedOnly(exit.cause)) {
                ledger.interrupted.add(id)
              }
            }))
        )
      ))
  )

const Item = Schema.Struct({ id: Schema.String, ref: Schema.Number })

describe("kernel end to end", () => {
  it.live("10,000 calls against a vendor failing 30% at random: typed outcomes, no duplicates, telemetry matches", () =>
    Effect.gen(function*() {
      const random = prng(20261122)
      const ledger: Ledger = { issued: 0, interrupted: new Set() }
      const server = {
        requests: 0,
        byAttempt: new Map<string, number>(),
        createdByRef: new Map<number, number>(),
        byKey: new Map<string, { id: string; ref: number }>()
      }
      const items = new Map<string, { id: string; ref: number }>()
      const vendor = yield* TestServer.make((req, res) => {
        server.requests++
        const attempt = String(req.headers[ATTEMPT_HEADER])
        server.byAttempt.set(attempt, (server.byAttempt.get(attempt) ?? 0) + 1)
        const roll = random()
        const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { "content-type": "application/json", ...headers })
          res.end(JSON.stringify(body))
        }
        if (roll < 0.075) return reply(500, { error: { type: "api_error" } })
        if (roll < 0.15) return reply(503, { error: { type: "unavailable" } })
        if (roll < 0.225) return reply(429, { error: { type: "rate_limit" } }, { "retry-after-ms": "5" })
        if (roll < 0.2625) return req.socket.destroy()
        const stall = roll < 0.3
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          if (req.method === "POST") {
            const key = String(req.headers["idempotency-key"])
            let item = server.byKey.get(key)
            if (item === undefined) {
              const { ref } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { ref: number }
              item = { id: `item_${items.size + 1}`, ref }
              items.set(item.id, item)
              server.byKey.set(key, item)
              server.createdByRef.set(ref, (server.createdByRef.get(ref) ?? 0) + 1)
            }
            const created = item
            // A stall after the side effect, past the client's timeout: it must retry with the same key.
            if (stall) return void setTimeout(() => res.destroyed || reply(200, created), 2_000)
            return reply(200, created)
          }
          const item = items.get(decodeURIComponent((req.url ?? "").split("/").pop() ?? ""))
          if (stall) return void setTimeout(() => res.destroyed || reply(200, item ?? {}), 2_000)
          return item === undefined ? reply(404, { error: { type: "not_found" } }) : reply(200, item)
        })
      })
      vendor.server.keepAliveTimeout = 60_000

      const exporter = new InMemorySpanExporter()
      const callsMetric = (outcome: string) =>
        Metric.value(Telemetry.calls.pipe(
          Metric.tagged(Telemetry.Tag.vendor, VENDOR),
          Metric.tagged(Telemetry.Tag.operation, "items.create"),
          Metric.tagged(Telemetry.Tag.outcome, outcome)
        ))
      const outcomes = yield* Effect.gen(function*() {
        const http = yield* HttpIntegration.make({
          vendor: VENDOR,
          baseUrl: vendor.url,
          dialect: { idempotencyHeader: "Idempotency-Key" },
          // Failures here are random by design, and a loaded machine adds timeouts in bursts: a breaker would rightly shed
          // calls. It has its own suite; this one checks retries, idempotency and telemetry.
          circuitBreaker: false,
          retryBudget: yield* RetryBudget.make({ ratio: 1, minRetriesPerSecond: 100 }),
          policy: { maxRetries: 4, baseDelay: "2 millis", maxDelay: "10 millis", timeout: "1 second", maxRetryAfter: "1 second" }
        })
        const create = http.operation({
          name: "items.create",
          method: "POST",
          input: Schema.Struct({ ref: Schema.Number }),
          output: Item,
          request: (body) => ({ path: "/items", body: { _tag: "Json", value: body } })
        })
        const get = http.operation({
          name: "items.get",
          method: "GET",
          input: Schema.Struct({ id: Schema.String }),
          output: Item,
          request: ({ id }) => ({ path: `/items/${encodeURIComponent(id)}` })
        })
        const before = yield* Effect.all([callsMetric("success"), callsMetric("failure")])
        let finished = 0
        const results = yield* Progress.whileProgressing(
          Effect.forEach(
            Array.from({ length: CALLS / 2 }, (_, ref) => ref),
            (ref) =>
              create({ ref }).pipe(
                Effect.either,
                Effect.flatMap((created) =>
                  Effect.map(
                    Effect.either(get({ id: created._tag === "Right" ? created.right.id : "item_1" })),
                    (read) => [created, read] as const
                  )
                ),
                Effect.ensuring(Effect.sync(() => finished++))
              ),
            { concurrency: 50 }
          ),
          { progress: () => finished, stall: STALL, what: "finished create-then-get pairs" }
        )
        const after = yield* Effect.all([callsMetric("success"), callsMetric("failure")])
        const spans = exporter.getFinishedSpans()
        return { results, spans, creates: after[0].count + after[1].count - before[0].count - before[1].count }
      }).pipe(
        Effect.provide(ledgerLayer(ledger)),
        Effect.provide(NodeSdk.layer(() => ({ resource: { serviceName: "e2e" }, spanProcessor: new SimpleSpanProcessor(exporter) })))
      )

      const all = outcomes.results.flat()
      expect(all).toHaveLength(CALLS)
      // Every call ends in a value or a typed IntegrationError: nothing else escapes.
      for (const outcome of all) {
        if (outcome._tag === "Left") expect(isIntegrationError(outcome.left)).toBe(true)
      }
      // How many calls fail depends on the machine (a loaded one adds timeouts); why they fail does not: only after
      // every retry (five attempts), or with an error no retry fixes (reading an item whose create failed).
      const unexplained = outcomes.spans
        .filter((span) => span.status.code === SpanStatusCode.ERROR)
        .filter((span) =>
          Number(span.attributes[Telemetry.Attr.attempts]) !== 5 &&
          retryableReasons.has(span.attributes[Telemetry.Attr.reason] as Reason)
        )
        .map((span) => `${span.name} ${String(span.attributes[Telemetry.Attr.reason])} after ${String(span.attributes[Telemetry.Attr.attempts])}`)
      expect(unexplained).toEqual([])
      // 30% of requests fail, so a call fails five times in a row about 0.2% of the time: a kernel that did not retry,
      // or failed calls that should succeed, sits far below this floor, which leaves a slow machine ample room.
      const succeeded = all.filter((o) => o._tag === "Right").length
      expect(succeeded).toBeGreaterThan(CALLS / 2)
      // No logical create produced two side effects, whatever was retried.
      expect(Math.max(...server.createdByRef.values())).toBe(1)
      // Telemetry agrees with the transport: one span per call, attempts summing to the requests the kernel handed over.
      expect(outcomes.spans).toHaveLength(CALLS)
      const attempts = outcomes.spans.reduce((sum, span) => sum + Number(span.attributes["integration.attempts"] ?? 0), 0)
      expect(attempts).toBe(ledger.issued)
      // And with the server: each request it received is an attempt the kernel counted, received once (no transport
      // resends). It may have received fewer: under load an attempt can wait in undici's queue past its timeout and be
      // cancelled before it is written. Every attempt it missed must be one of those, and each is a timeout on a span.
      const issued = Array.from({ length: ledger.issued }, (_, i) => String(i + 1))
      expect([...server.byAttempt].filter(([id, n]) => n !== 1 || !(Number(id) >= 1 && Number(id) <= ledger.issued)))
        .toEqual([])
      const unseen = issued.filter((id) => !server.byAttempt.has(id))
      expect(unseen.filter((id) => !ledger.interrupted.has(id))).toEqual([])
      expect(server.requests + unseen.length).toBe(attempts)
      const timeouts = outcomes.spans.flatMap((span) => span.events).filter((event) =>
        event.name === Telemetry.Event.attemptFailed && event.attributes?.[Telemetry.Attr.reason] === "Timeout"
      ).length
      expect(unseen.length).toBeLessThanOrEqual(timeouts)
      expect(outcomes.creates).toBe(CALLS / 2)
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici)), HANG_GUARD_MILLIS)
})
