import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { describe, expect, it } from "@effect/vitest"
import { SpanKind } from "@opentelemetry/api"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as MillionVerifierClient from "../../../src/vendors/millionverifier/MillionVerifierClient.js"
import * as Verify from "../../../src/vendors/millionverifier/resources/Verify.js"
import * as Sim from "./support.js"

/** A canary: if it shows up anywhere but the simulator's request, the key leaked. */
const CANARY = "mvCANARYkey7f3a9c1e"

const mv = (sim: Sim.Simulator, options: Partial<MillionVerifierClient.Options> = {}) => {
  const baseUrl = sim.baseUrl("millionverifier")
  return Sim.client(MillionVerifierClient.make({
    apiKey: Redacted.make(CANARY),
    baseUrl,
    bulkBaseUrl: baseUrl.replace("/api/v3", "/bulkapi/v2"),
    policy: Sim.policy,
    ...options
  }))
}

const csv = (lines: ReadonlyArray<string>) => new TextEncoder().encode(`email\n${lines.join("\n")}\n`)

describe("MillionVerifierClient against the simulator", () => {
  const exporter = new InMemorySpanExporter()
  const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

  it.scoped("verifies, reads credits, uploads a file and waits for it, and never records the key", () =>
    Effect.gen(function*() {
      exporter.reset()
      const logs: Array<string> = []
      const sim = yield* Sim.simulator()
      const client = yield* mv(sim, { policy: { timeout: "17 seconds" } })
      const results = yield* Effect.forEach(["ada@acme.dev", "x@catchall.dev", "invalid.bob@acme.dev"], (email) => client.verify(email))
      expect(results.map((r) => [r.result, r.resultcode])).toEqual([["ok", 1], ["catch_all", 2], ["invalid", 6]])
      // MillionVerifier's own timeout: the attempt's 17 s less 5 s.
      expect((yield* client.verify("ada@acme.dev", { policy: { timeout: "40 seconds" } })).credits).toBe(9_996)
      expect(yield* client.credits()).toBe(9_996)
      const uploaded = yield* client.bulk.upload({ fileName: "leads.csv", contents: csv(["a@acme.dev", "b@disposable.dev", "a@acme.dev"]) })
      expect([uploaded.status, uploaded.unique_emails]).toEqual(["in_progress", 2])
      const started = yield* Clock.currentTimeMillis
      const finished = yield* Sim.drive(client.bulk.waitForFile(uploaded.file_id!, { interval: "2 seconds", timeout: "5 minutes" }))
      expect([finished.status, finished.ok, finished.disposable]).toEqual(["finished", 1, 1])
      expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(10_000)
      expect((yield* client.bulk.fileInfo(uploaded.file_id!)).percent).toBe(100)
      const report = yield* client.bulk.download({ fileId: uploaded.file_id!, filter: "all" })
      expect(report.trim().split("\n")).toEqual([
        "email,quality,result,subresult",
        "a@acme.dev,good,ok,ok",
        "b@disposable.dev,bad,disposable,disposable"
      ])
      expect((yield* client.bulk.download({ fileId: uploaded.file_id!, filter: "ok" })).trim().split("\n")).toHaveLength(2)
      Sim.expectError(yield* Sim.failure(client.bulk.download({ fileId: 999, filter: "all" })), { reason: "NotFound", status: 404 }, CANARY)
      yield* client.healthCheck
      const missing = yield* Sim.failure(client.bulk.fileInfo(999))
      Sim.expectError(missing, { reason: "NotFound", status: undefined }, CANARY)
      yield* Effect.logError("failure", missing).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, Logger.make(({ cause, message }) => logs.push(`${String(message)} ${Cause.pretty(cause)}`)))))
      // The simulator records no server spans (they would show the key it received); every client span must not.
      const all = exporter.getFinishedSpans()
      const spans = all.filter((s) => s.kind !== SpanKind.SERVER)
      expect(all.filter((s) => s.kind === SpanKind.SERVER)).toEqual([])
      expect(spans.map((s) => s.name)).toContain("MillionVerifier.verify")
      const urls = spans.map((s) => String(s.attributes["url.full"] ?? "")).filter((u) => u !== "")
      // Query values are replaced (the address is personal data); the key is added to each attempt only.
      expect(urls.some((u) => u.includes("email=REDACTED"))).toBe(true)
      expect(urls.some((u) => u.includes("/bulkapi/v2/fileinfo?file_id=REDACTED"))).toBe(true)
      const recorded = JSON.stringify([spans.map((s) => [s.name, s.attributes, s.events]), missing, missing.message, logs])
      expect(recorded).not.toContain(CANARY)
      expect(recorded).not.toContain("ada@acme.dev")
    }).pipe(Effect.provide(Tracing)))

  it.scoped("sets MillionVerifier's timeout from the call's policy, within its 2 to 60 s", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const seen: Array<string | null> = []
      const client = yield* mv(sim)
      // The simulator answers 400 for a timeout out of range: these succeed only with the clamped value.
      for (const timeout of ["1 second", "17 seconds", "10 minutes"] as const) {
        const result = yield* client.verify("ada@acme.dev", { policy: { timeout } })
        seen.push(result.result ?? null)
      }
      expect(seen).toEqual(["ok", "ok", "ok"])
      expect(["1 second", "17 seconds", "30 seconds", "10 minutes"].map((t) => Verify.vendorTimeoutSeconds(t as "1 second"))).toEqual([2, 12, 25, 60])
    }))

  describe("faults", () => {
    it.scoped("retries a 503 on verify, never an upload after a 503 (it would verify and bill the file twice)", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "millionverifier", route: "GET /api/v3/", status: 503, times: 2 },
          { kind: "status", vendor: "millionverifier", route: "POST /bulkapi/v2/upload", status: 503, times: 1 }
        ])
        const client = yield* mv(sim)
        expect((yield* client.verify("ada@acme.dev")).result).toBe("ok")
        expect(yield* Sim.requests(sim, "millionverifier", "GET /api/v3/")).toBe(3)
        const upload = yield* Sim.failure(client.bulk.upload({ fileName: "a.csv", contents: csv(["a@acme.dev"]) }))
        Sim.expectError(upload, { reason: "Server", status: 503 }, CANARY)
        expect(yield* Sim.requests(sim, "millionverifier", "POST /bulkapi/v2/upload")).toBe(1)
      })))

    it.scoped("a wrong key: Unauthorized on both APIs, not retried, the key in no error", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([], { keys: { millionverifier: ["the-right-key-123"] } })
        const client = yield* mv(sim)
        Sim.expectError(yield* Sim.failure(client.credits()), { reason: "Unauthorized", status: 401 }, CANARY)
        Sim.expectError(yield* Sim.failure(client.bulk.fileInfo(1)), { reason: "Unauthorized", status: 403 }, CANARY)
        expect(yield* Sim.requests(sim, "millionverifier", "GET /api/v3/credits")).toBeLessThanOrEqual(2)
      })))

    it.scoped("validates before any I/O: addresses, file names, empty files, file ids", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* mv(sim)
        for (const attempt of [
          client.verify("not an address"),
          client.bulk.upload({ fileName: "../etc/passwd", contents: csv(["a@acme.dev"]) }),
          client.bulk.upload({ fileName: "empty.csv", contents: new Uint8Array() }),
          client.bulk.fileInfo("12; drop")
        ]) Sim.expectError(yield* Sim.failure(attempt), { reason: "InvalidRequest" }, CANARY)
        expect((yield* sim.stats).totalRequests).toBe(0)
      }))

    it.scoped("gives up waiting on a file with a retryable Timeout, leaving it to be read again later", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* mv(sim)
        const uploaded = yield* client.bulk.upload({ fileName: "slow.csv", contents: csv(["a@acme.dev"]) })
        const error = yield* Sim.failure(client.bulk.waitForFile(uploaded.file_id!, { interval: "1 second", timeout: "4 seconds" }))
        expect([error.reason, error.retryable]).toEqual(["Timeout", true])
      })))
  })
})
