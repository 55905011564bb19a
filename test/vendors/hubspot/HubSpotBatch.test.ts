import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as HubSpotClient from "../../../src/vendors/hubspot/HubSpotClient.js"
import type * as HubSpotSchemas from "../../../src/vendors/hubspot/HubSpotSchemas.js"
import * as BatchUpsert from "../../../src/vendors/hubspot/internal/batchUpsert.js"
import * as StubHttp from "../../support/StubHttp.js"

const client = () => HubSpotClient.make({ accessToken: Redacted.make("pat-na1-test"), policy: { jitter: 0 } })

interface SentInput {
  readonly id: string
  readonly idProperty?: string
  readonly objectWriteTraceId?: string
  readonly properties: Record<string, string>
}

const inputsOf = (request: HttpClientRequest.HttpClientRequest): ReadonlyArray<SentInput> => {
  const body = request.body
  return body._tag === "Uint8Array" ? JSON.parse(new TextDecoder().decode(body.body)).inputs : []
}

const upserted = (id: string, email: string, traceId?: string): HubSpotSchemas.UpsertedObject => ({
  id,
  properties: { email, hs_object_id: id },
  createdAt: "2024-05-01T10:00:00.000Z",
  updatedAt: "2024-05-01T10:00:00.000Z",
  archived: false,
  new: true,
  ...(traceId !== undefined ? { objectWriteTraceId: traceId } : {})
})

const rejection = (message: string, context: Record<string, Array<string>>): HubSpotSchemas.BatchError => ({
  status: "error",
  category: "VALIDATION_ERROR",
  message,
  context,
  errors: [],
  links: {}
})

const envelope = (results: ReadonlyArray<unknown>, errors?: ReadonlyArray<unknown>) => ({
  status: "COMPLETE",
  results,
  ...(errors !== undefined ? { errors, numErrors: errors.length } : {}),
  startedAt: "2024-05-01T10:00:00.000Z",
  completedAt: "2024-05-01T10:00:01.000Z"
})

const emails = (count: number) => Array.from({ length: count }, (_, i) => `User${i}@Example.com`)

describe("HubSpotClient contacts.batchUpsert", () => {
  it.scoped("splits 150 contacts into batches of 100 and 50 and pairs a 207's results and errors with their indexes", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make((_n, request) => {
        const inputs = inputsOf(request)
        if (inputs.length === 100) {
          // All written; answered out of order, trace ids echoed.
          return StubHttp.json(
            200,
            envelope([...inputs].reverse().map((input, i) => upserted(`${i}`, input.id.toLowerCase(), input.objectWriteTraceId)))
          )
        }
        // Second batch: no trace ids echoed; HubSpot lowercases emails; errors named by id, by index, or by nothing.
        const results = inputs
          .filter((_, i) => i % 10 !== 0)
          .map((input, i) => upserted(`b${i}`, input.id.toLowerCase()))
        const errors = [
          rejection("Email address user100@example.com is invalid", { ids: [inputs[0]!.id.toLowerCase()] }),
          rejection("Property values were not valid", { index: ["10"] }),
          rejection("Something else", { propertyName: ["email"] })
        ]
        return StubHttp.json(207, envelope(results, errors))
      })
      const hubspot = yield* client().pipe(Effect.provide(stub.layer))
      const result = yield* hubspot.contacts.batchUpsert(
        emails(150).map((email) => ({ id: email, idProperty: "email", properties: { firstname: "X" } }))
      )
      const requests = yield* stub.requests
      expect(requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
        ["POST", "/crm/v3/objects/contacts/batch/upsert"],
        ["POST", "/crm/v3/objects/contacts/batch/upsert"]
      ])
      const sent = requests.map((r) => JSON.parse(r.body!).inputs as ReadonlyArray<SentInput>)
      expect(sent.map((batch) => batch.length)).toEqual([100, 50])
      expect(sent[1]![0]).toEqual({
        id: "User100@Example.com",
        idProperty: "email",
        properties: { firstname: "X" },
        objectWriteTraceId: "effect-integrations:100"
      })

      const failedIndexes = [100, 110, 120, 130, 140]
      expect(result.failed.map((f) => f.index)).toEqual(failedIndexes)
      expect(result.succeeded.map((s) => s.index)).toEqual(
        Array.from({ length: 150 }, (_, i) => i).filter((i) => !failedIndexes.includes(i))
      )
      for (const success of result.succeeded) {
        expect(success.value.properties.email).toBe(`user${success.index}@example.com`)
      }
      const [byId, byIndex, ...unattributed] = result.failed
      expect([byId?.error.error.reason, byId?.error.error.details?.category, byId?.error.message]).toEqual([
        "InvalidRequest",
        "VALIDATION_ERROR",
        "Email address user100@example.com is invalid"
      ])
      expect(byIndex?.error.message).toBe("Property values were not valid")
      // Three records left without an outcome and one error naming none of them: reported, not guessed.
      expect(unattributed.map((f) => f.error.error.reason)).toEqual(["ResponseDrift", "ResponseDrift", "ResponseDrift"])
    }))

  it.scoped("reports a batch that failed as a whole against each of its records and keeps the other batches", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make((n, request) =>
        n === 1
          ? StubHttp.json(400, { status: "error", message: "bad", correlationId: "c", category: "VALIDATION_ERROR" })
          : StubHttp.json(200, envelope(inputsOf(request).map((input, i) => upserted(`${i}`, input.id, input.objectWriteTraceId))))
      )
      const hubspot = yield* client().pipe(Effect.provide(stub.layer))
      const result = yield* hubspot.contacts.batchUpsert(
        emails(101).map((email) => ({ id: email.toLowerCase(), idProperty: "email", properties: {} }))
      )
      expect(result.failed).toHaveLength(100)
      expect(result.failed.every((f) => f.error.error.reason === "InvalidRequest" && f.error.message === undefined)).toBe(true)
      expect(result.succeeded.map((s) => s.index)).toEqual([100])
      expect(yield* stub.requests).toHaveLength(2)
    }))

  it.scoped("retries a batch after a 5xx (upserts converge) and answers an empty input without I/O", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make((n, request) =>
        n === 1
          ? StubHttp.json(503, { status: "error", message: "unavailable", correlationId: "c", category: "INTERNAL_ERROR" })
          : StubHttp.json(200, envelope(inputsOf(request).map((input, i) => upserted(`${i}`, input.id, input.objectWriteTraceId))))
      )
      const hubspot = yield* client().pipe(Effect.provide(stub.layer))
      expect(yield* hubspot.contacts.batchUpsert([])).toEqual({ succeeded: [], failed: [] })
      expect(yield* stub.requests).toHaveLength(0)
      const fiber = yield* Effect.fork(hubspot.contacts.batchUpsert([{ id: "a@example.com", idProperty: "email", properties: {} }]))
      yield* TestClock.adjust(Duration.seconds(10))
      const result = yield* Fiber.join(fiber)
      expect(result.succeeded.map((s) => s.index)).toEqual([0])
      const requests = yield* stub.requests
      expect(requests).toHaveLength(2)
      expect(requests[0]!.body).toBe(requests[1]!.body)
    }))

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("wraps the batches in one span with record counts, and records no contact data", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make((_n, request) =>
          StubHttp.json(
            207,
            envelope(inputsOf(request).slice(1).map((input, i) => upserted(`${i}`, input.id, input.objectWriteTraceId)), [
              rejection("bad", { index: ["0"] })
            ])
          )
        )
        const hubspot = yield* client().pipe(Effect.provide(stub.layer))
        yield* hubspot.contacts.batchUpsert(emails(120).map((email) => ({ id: email, idProperty: "email", properties: {} })))
        const spans = exporter.getFinishedSpans()
        const parent = spans.find((span) => span.name === "HubSpot.contacts.batchUpsert")
        expect(parent?.attributes).toMatchObject({
          "integration.vendor": "HubSpot",
          "integration.bulk.records": 120,
          "integration.bulk.batches": 2,
          "integration.bulk.succeeded": 118,
          "integration.bulk.failed": 2
        })
        const children = spans.filter((span) => span.name === "HubSpot.contacts.batchUpsert.batch")
        expect(children).toHaveLength(2)
        expect(children.every((span) => span.parentSpanContext?.spanId === parent?.spanContext().spanId)).toBe(true)
        expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain("Example.com")
      }).pipe(Effect.provide(Tracing)))
  })

  it.prop(
    "gives every input exactly one outcome whatever the order and form of HubSpot's answer",
    [
      FastCheck.integer({ min: 1, max: 100 }).chain((count) =>
        FastCheck.record({
          count: FastCheck.constant(count),
          refused: FastCheck.subarray(Array.from({ length: count }, (_, i) => i)),
          echoTrace: FastCheck.array(FastCheck.boolean(), { minLength: count, maxLength: count }),
          byIndex: FastCheck.array(FastCheck.boolean(), { minLength: count, maxLength: count }),
          seed: FastCheck.integer()
        })
      )
    ],
    ([{ byIndex, count, echoTrace, refused, seed }]) => {
      const slots = emails(count).map((email, index) => ({
        index: index + 1000,
        item: { id: email, idProperty: "email", properties: {}, objectWriteTraceId: BatchUpsert.traceId(index + 1000) }
      }))
      const shuffle = <A>(items: ReadonlyArray<A>) =>
        items.map((item, i) => [item, (i * 7919 + seed) % 104729] as const).sort((a, b) => a[1] - b[1]).map(([item]) => item)
      const results = shuffle(
        slots.filter((_, i) => !refused.includes(i)).map((slot, i) =>
          upserted(`${i}`, slot.item.id.toLowerCase(), echoTrace[i] === true ? slot.item.objectWriteTraceId : undefined)
        )
      )
      const errors = shuffle(
        refused.map((i) =>
          rejection(`refused ${i}`, byIndex[i] === true ? { index: [String(i)] } : { ids: [slots[i]!.item.id.toUpperCase()] })
        )
      )
      const result = BatchUpsert.attribute("contacts.batchUpsert", slots, {
        status: "COMPLETE",
        results,
        errors,
        startedAt: "",
        completedAt: ""
      })
      expect(result.failed.map((f) => f.index - 1000)).toEqual([...refused].sort((a, b) => a - b))
      expect(result.failed.every((f) => f.error.message === `refused ${f.index - 1000}`)).toBe(true)
      expect(result.succeeded.length + result.failed.length).toBe(count)
      expect(result.succeeded.every((s) => s.value.properties.email === `user${s.index - 1000}@example.com`)).toBe(true)
    }
  )
})
