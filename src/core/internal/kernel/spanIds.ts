/**
 * Compact span ids. Effect's own tracer builds a span's trace and span ids one character at a time, and V8 keeps such a
 * string as a chain of cons strings (one per character past the thirteenth): some 25 small objects, about 0.9 KB, kept
 * alive for as long as the call is in flight. Reading a character of a cons string makes V8 flatten it in place, so
 * the chain is garbage at the next collection. Ids that are flat already (OpenTelemetry's) cost a character read.
 */
import type * as Tracer from "effect/Tracer"

export const compact = (span: Tracer.Span): Tracer.Span => {
  span.traceId.charCodeAt(0)
  span.spanId.charCodeAt(0)
  return span
}
