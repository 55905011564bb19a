import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as MetricState from "effect/MetricState"
import * as Telemetry from "../../src/core/Telemetry.js"
import * as DemoVendor from "../support/DemoVendor.js"
import * as TestServer from "../support/TestServer.js"

// The shortcuts taken on the per-call path must give the results of the code they replace.

/** sanitizeUrl as written before its http(s) shortcut: a second, normalising URL. */
const byUrl = (url: URL): string => {
  const clean = new URL(url.toString())
  clean.username = ""
  clean.password = ""
  clean.hash = ""
  clean.pathname = Telemetry.sanitizePath(clean.pathname)
  const keys = Array.from(new Set(clean.searchParams.keys()))
  clean.search = ""
  const query = keys.map((key) => `${encodeURIComponent(key)}=REDACTED`).join("&")
  return query === "" ? clean.toString() : `${clean.toString()}?${query}`
}

describe("Telemetry.sanitizeUrl shortcut", () => {
  const urls = [
    "http://127.0.0.1:4010/v1/customers/cus_NffrFeUfNV2Hib",
    "https://api.stripe.com/v1/customers?limit=3&limit=4&email=jane%40example.com",
    "https://user:pw@api.hubapi.com:443/crm/v3/objects/contacts/jane%40example.com?idProperty=email#frag",
    "https://[::1]:8443/a b/c%20d/..//./e?",
    "http://example.com",
    "http://example.com/lookup/+14155550123?q",
    "https://example.com/%2e%2e/x/%F0%9F%98%80/é?ключ=значение&a=1&a=2",
    "https://example.com/a\\b/c?x=1#y?z"
  ]
  for (const href of urls) {
    it(`equals the normalising version for ${href}`, () => {
      const url = new URL(href)
      expect(Telemetry.sanitizeUrl(url)).toBe(byUrl(url))
    })
  }
})

describe("Telemetry.tagged", () => {
  it.effect("updates the series Metric.tagged updates, fiber labels included", () =>
    Effect.gen(function*() {
      const base = Metric.counter("hot_path_test_calls", { incremental: true })
      const fast = Telemetry.tagged(base, { vendor: "Stripe", operation: "customers.retrieve" })
      const slow = base.pipe(Metric.tagged("vendor", "Stripe"), Metric.tagged("operation", "customers.retrieve"))
      yield* Metric.increment(fast)
      yield* Metric.increment(slow)
      yield* Metric.incrementBy(fast, 3)
      expect((yield* Metric.value(slow)).count).toBe(5)
      expect((yield* Metric.value(fast)).count).toBe(5)
      // Under extra fiber labels both land on one other series.
      yield* Effect.tagMetrics(Metric.increment(fast), "region", "eu")
      yield* Effect.tagMetrics(Metric.increment(slow), "region", "eu")
      const regional = yield* Effect.tagMetrics(Metric.value(slow), "region", "eu")
      expect(regional.count).toBe(2)
      expect((yield* Metric.value(fast)).count).toBe(5)
      const series = Metric.unsafeSnapshot().filter((pair) => pair.metricKey.name === "hot_path_test_calls")
      const counts = series.map((pair) => (pair.metricState as MetricState.MetricState.Counter<number>).count)
      expect(counts.sort()).toEqual([2, 5])
    }))
})

// On the live clock the kernel times attempts with its own timer instead of `Effect.timeoutFail` (TestClock runs take
// the latter, so these two need real time). A hanging attempt always times out; an answer beats the timer only with
// room to spare, so the timer is far longer than a local answer takes even on a loaded machine.
describe("HttpIntegration attempt timeout on the live clock", () => {
  it.live("fails a hanging attempt with Timeout and aborts its socket", () =>
    Effect.gen(function*() {
      const closed = yield* Deferred.make<void>()
      const server = yield* TestServer.make((req) => {
        req.socket.on("close", () => Deferred.unsafeDone(closed, Effect.void))
      })
      const demo = yield* DemoVendor.make({ baseUrl: server.url, policy: { timeout: "150 millis", maxRetries: 0 } })
      const exit = yield* Effect.exit(demo.getThing({ id: "t_1" }))
      expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.reason : undefined).toBe("Timeout")
      yield* Deferred.await(closed)
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici)))

  it.live("returns an answer that beats the timer, and retries after a timed-out attempt", () =>
    Effect.gen(function*() {
      let calls = 0
      const server = yield* TestServer.make((_req, res) => {
        calls += 1
        if (calls === 1) return // the first attempt hangs
        res.writeHead(200, { "content-type": "application/json", "request-id": "req_live" })
        res.end(JSON.stringify({ id: "t_1", name: "widget", count: 1 }))
      })
      const demo = yield* DemoVendor.make({
        baseUrl: server.url,
        policy: { timeout: "2 seconds", maxRetries: 1, baseDelay: "1 millis" }
      })
      const result = yield* demo.getThing.withMeta({ id: "t_1" })
      expect(result.value).toEqual({ id: "t_1", name: "widget", count: 1 })
      expect(result.meta.attempts).toBe(2)
      expect(result.meta.requestId).toBe("req_live")
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici)))
})
