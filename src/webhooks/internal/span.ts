/**
 * A span started and ended within one synchronous fiber step, for verifications that run no effect inside their span.
 * `Effect.withSpan` costs a chain of effects per call (more than the HMAC of a 2 KiB body takes); this asks the
 * fiber's tracer for the same span Effect would make: the same propagated parent, the annotations and links set with
 * `Effect.annotateSpans` / `Effect.linkSpans`, the timing switch, and no span at all when tracing is disabled (where
 * Effect would hand out a no-op one). test/webhooks/Span.test.ts holds it to `Effect.withSpan`.
 */
import * as Chunk from "effect/Chunk"
import type * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import type * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"

const noTime = BigInt(0)
const noParent: Option.Option<Tracer.AnySpan> = Option.none()
const noLinks: ReadonlyArray<Tracer.SpanLink> = []

/** The nearest enclosing span that allows propagation, as Effect picks a new span's parent. */
const propagatedParent = (fiber: Fiber.RuntimeFiber<unknown, unknown>): Option.Option<Tracer.AnySpan> => {
  if (fiber.currentSpan === undefined) return noParent
  let current = Context.getOption(fiber.currentContext, Tracer.ParentSpan)
  while (Option.isSome(current) && Context.get(current.value.context, Tracer.DisablePropagation)) {
    current = current.value._tag === "Span" ? current.value.parent : Option.none()
  }
  return current
}

/** Starts a span named `name`; `undefined` when tracing is disabled for this fiber. */
export const start = (
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  clock: Clock.Clock,
  name: string,
  options: Tracer.SpanOptions & { readonly attributes: Readonly<Record<string, unknown>> }
): Tracer.Span | undefined => {
  if (!fiber.getFiberRef(FiberRef.currentTracerEnabled)) return undefined
  const startTime = fiber.getFiberRef(FiberRef.currentTracerTimingEnabled) ? clock.unsafeCurrentTimeNanos() : noTime
  const linked = fiber.getFiberRef(FiberRef.currentTracerSpanLinks)
  const links = Chunk.isEmpty(linked) ? noLinks : Chunk.toReadonlyArray(linked)
  const span = fiber.currentTracer.span(
    name,
    propagatedParent(fiber),
    Context.empty(),
    links,
    startTime,
    "internal",
    options
  )
  const annotations = fiber.getFiberRef(FiberRef.currentTracerSpanAnnotations)
  if (HashMap.size(annotations) > 0) HashMap.forEach(annotations, (value, key) => span.attribute(key, value))
  for (const key in options.attributes) span.attribute(key, options.attributes[key])
  return span
}

/** Ends a span from `start` with the step's exit. */
export const end = (
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  clock: Clock.Clock,
  span: Tracer.Span | undefined,
  exit: Exit.Exit<unknown, unknown>
): void => {
  if (span === undefined || span.status._tag === "Ended") return
  span.end(fiber.getFiberRef(FiberRef.currentTracerTimingEnabled) ? clock.unsafeCurrentTimeNanos() : noTime, exit)
}
