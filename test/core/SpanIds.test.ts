import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as SpanIds from "../../src/core/internal/kernel/spanIds.js"

describe("SpanIds.compact", () => {
  it.effect("keeps the span and its ids as they are: the same object, the same hex values", () =>
    Effect.gen(function*() {
      const span = yield* Effect.makeSpan("Acme.orders.get")
      const [traceId, spanId] = [span.traceId, span.spanId]
      expect(SpanIds.compact(span)).toBe(span)
      expect([span.traceId, span.spanId]).toEqual([traceId, spanId])
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/)
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/)
    }))

  it.effect("leaves a child's trace id its parent's", () =>
    Effect.gen(function*() {
      const parent = yield* Effect.makeSpan("parent")
      const child = yield* Effect.makeSpan("child", { parent })
      SpanIds.compact(child)
      expect(child.traceId).toBe(parent.traceId)
      expect(child.spanId).not.toBe(parent.spanId)
    }))
})
