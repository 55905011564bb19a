/**
 * Tracing as an application would turn it on: our `Observability.layer` (`@effect/opentelemetry`'s NodeSdk) with a
 * BatchSpanProcessor, over an exporter that drops the batches. Spans are really created, recorded and batched; only the
 * network export is left out.
 *
 * @since 0.1.0
 */
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from "@opentelemetry/sdk-trace-base"
import type * as Resource from "@effect/opentelemetry/Resource"
import * as Layer from "effect/Layer"
import * as Observability from "../../src/runtime/Observability.js"

/**
 * Span counters, read after a run to prove tracing was on.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SpanCounts {
  ended: number
  exported: number
}

/**
 * The tracing layer and its counters. `flush` exports what the batch processor still holds.
 *
 * @since 0.1.0
 * @category Layers
 */
export const make = (): {
  readonly layer: Layer.Layer<Resource.Resource | Observability.PrometheusMetrics>
  readonly counts: SpanCounts
  readonly flush: () => Promise<void>
} => {
  const counts: SpanCounts = { ended: 0, exported: 0 }
  const exporter: SpanExporter = {
    export: (spans, done) => {
      counts.exported += spans.length
      done({ code: 0 })
    },
    shutdown: () => Promise.resolve()
  }
  const batch = new BatchSpanProcessor(exporter)
  const counting: SpanProcessor = {
    onStart: () => undefined,
    onEnd: () => {
      counts.ended++
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve()
  }
  const layer = Layer.orDie(Observability.layer({
    serviceName: "effect-integrations-bench",
    traces: "none",
    metrics: "none",
    logs: "none",
    spanProcessors: [counting, batch]
  }))
  return { layer, counts, flush: () => batch.forceFlush() }
}
