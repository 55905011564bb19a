/**
 * Makes the OpenTelemetry tracer cheap to run under load. Effect asks the tracer for an OpenTelemetry context around
 * every instruction a fiber runs inside a span, and `@effect/opentelemetry` builds a fresh one each time: with a few
 * hundred instructions per vendor call, that allocation was the largest cost of tracing. OpenTelemetry contexts are
 * immutable, so this wrapper builds the one for a span once and hands the same object back until the span or the
 * surrounding context changes; code that reads the active span sees exactly what it saw before.
 *
 * `Telemetry.layer` installs it; apps that build their own `NodeSdk.layer` wrap it with `withCachedContext`.
 *
 * @since 0.1.0
 */
import * as OtelApi from "@opentelemetry/api"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Tracer from "effect/Tracer"

interface Entry {
  /** The context that was active outside when `value` was built. */
  readonly outer: OtelApi.Context
  /**
   * What the inner tracer makes active for the span. `undefined` when it made nothing new active: no context manager
   * is registered (OpenTelemetry's default), so running the fiber inside `context.with` could not be observed.
   */
  readonly value: OtelApi.Context | undefined
}

/** The span whose context the fiber should carry: the nearest one not opted out of propagation. */
const propagated = (span: Tracer.AnySpan | undefined): Tracer.AnySpan | undefined => {
  let current = span
  while (current !== undefined && Context.get(current.context, Tracer.DisablePropagation)) {
    current = current._tag === "Span" && current.parent._tag === "Some" ? current.parent.value : undefined
  }
  return current
}

/**
 * `inner` with its per-instruction context built once per span and outer context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const wrap = (inner: Tracer.Tracer): Tracer.Tracer => {
  const entries = new WeakMap<Tracer.AnySpan, Entry>()
  // Consecutive instructions mostly come from one fiber in one span: remember the last lookup.
  let lastSpan: Tracer.AnySpan | undefined
  let lastEntry: Entry | undefined

  const build = <X>(span: Tracer.AnySpan, outer: OtelApi.Context, fiber: Fiber.RuntimeFiber<X, unknown>): Entry => {
    const made = inner.context(() => OtelApi.context.active(), fiber)
    const entry: Entry = { outer, value: made === outer ? undefined : made }
    entries.set(span, entry)
    return entry
  }

  return Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) =>
      inner.span(name, parent, context, links, startTime, kind, options),
    context: (execution, fiber) => {
      const span = propagated(fiber.currentSpan)
      if (span === undefined) return execution()
      const outer = OtelApi.context.active()
      let entry = span === lastSpan ? lastEntry : entries.get(span)
      if (entry === undefined || entry.outer !== outer) entry = build(span, outer, fiber)
      lastSpan = span
      lastEntry = entry
      return entry.value === undefined ? execution() : OtelApi.context.with(entry.value, execution)
    }
  })
}

/**
 * Replaces the tracer installed by `layer` (for example `NodeSdk.layer(...)`) with its cached-context wrapper.
 *
 * @since 0.1.0
 * @category Layers
 */
export const withCachedContext = <ROut, E, RIn>(layer: Layer.Layer<ROut, E, RIn>): Layer.Layer<ROut, E, RIn> =>
  Layer.provideMerge(Layer.unwrapEffect(Effect.map(Effect.tracer, (tracer) => Layer.setTracer(wrap(tracer)))), layer)
