import * as NodeAsyncHooks from "node:async_hooks"
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as OtelApi from "@opentelemetry/api"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Tracer from "effect/Tracer"
import * as OtelContextCache from "../../src/runtime/OtelContextCache.js"

/** OpenTelemetry's usual Node context manager, in a few lines, so the test needs no extra package. */
class LocalStorageContextManager implements OtelApi.ContextManager {
  private readonly storage = new NodeAsyncHooks.AsyncLocalStorage<OtelApi.Context>()
  active() {
    return this.storage.getStore() ?? OtelApi.ROOT_CONTEXT
  }
  with<A extends Array<unknown>, F extends (...args: A) => ReturnType<F>>(
    context: OtelApi.Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(context, () => fn.call(thisArg, ...args))
  }
  bind<T>(_context: OtelApi.Context, target: T): T {
    return target
  }
  enable() {
    return this
  }
  disable() {
    this.storage.disable()
    return this
  }
}

const sdk = () =>
  NodeSdk.layer(() => ({
    resource: { serviceName: "context-cache-test" },
    spanProcessor: new SimpleSpanProcessor(new InMemorySpanExporter())
  }))

/** The span OpenTelemetry code would see as active right now, by name. */
const seen = Effect.sync(() => {
  const span = OtelApi.trace.getActiveSpan()
  return span === undefined ? "none" : (span as unknown as { readonly name: string }).name
})

/** What non-Effect code sees across async boundaries, nested spans, concurrent fibers and an opted-out span. */
const program = Effect.gen(function*() {
  const log: Array<string> = []
  const note = (label: string) => Effect.flatMap(seen, (name) => Effect.sync(() => log.push(`${label}:${name}`)))
  yield* note("top")
  yield* Effect.gen(function*() {
    yield* note("outer")
    yield* Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
    yield* note("outer after async")
    yield* note("inner").pipe(
      Effect.zipRight(Effect.promise(() => Promise.resolve())),
      Effect.zipRight(note("inner after async")),
      Effect.withSpan("inner")
    )
    yield* note("outer again")
    yield* note("opted out").pipe(Effect.withSpan("quiet", { context: Tracer.DisablePropagation.context(true) }))
    const callback = yield* Effect.async<string>((resume) => {
      // A library callback on its own async turn: what it sees comes from the context manager, not from Effect.
      setImmediate(() => resume(Effect.succeed(OtelApi.trace.getActiveSpan() === undefined ? "none" : "some")))
    })
    log.push(`callback:${callback}`)
    // Fibers in different spans interleaving instruction by instruction.
    yield* Effect.all(
      ["a", "b"].map((name) =>
        Effect.forEach([1, 2, 3], (i) => Effect.zipRight(Effect.yieldNow(), note(`${name}${i}`))).pipe(Effect.withSpan(name))
      ),
      { concurrency: "unbounded", discard: true }
    )
  }).pipe(Effect.withSpan("outer"))
  return log
})

describe("OtelContextCache", () => {
  describe("with a context manager registered", () => {
    const manager = new LocalStorageContextManager()
    beforeAll(() => {
      OtelApi.context.setGlobalContextManager(manager)
    })
    afterAll(() => {
      OtelApi.context.disable()
    })

    // Each run starts from the root context: a fiber resumed by a callback carries the context that callback was
    // scheduled in, with either tracer, and the second run must not inherit the first one's.
    const fromRoot = <A>(effect: Effect.Effect<A>) =>
      Effect.promise(() => OtelApi.context.with(OtelApi.ROOT_CONTEXT, () => Effect.runPromise(effect)))

    it.effect("shows OpenTelemetry code the same active span as the uncached tracer", () =>
      Effect.gen(function*() {
        const plain = yield* fromRoot(program.pipe(Effect.provide(sdk())))
        const cached = yield* fromRoot(program.pipe(Effect.provide(OtelContextCache.withCachedContext(sdk()))))
        expect(cached).toEqual(plain)
        expect(cached).toEqual([
          "top:none",
          "outer:outer",
          "outer after async:outer",
          "inner:inner",
          "inner after async:inner",
          "outer again:outer",
          "opted out:outer",
          "callback:some",
          "a1:a",
          "b1:b",
          "a2:a",
          "b2:b",
          "a3:a",
          "b3:b"
        ])
      }))
  })

  it.effect("without a context manager nothing is made active, as with the uncached tracer", () =>
    Effect.gen(function*() {
      const plain = yield* program.pipe(Effect.provide(sdk()))
      const cached = yield* program.pipe(Effect.provide(OtelContextCache.withCachedContext(sdk())))
      expect(cached).toEqual(plain)
      expect(cached.filter((entry) => !entry.endsWith(":none"))).toEqual([])
    }))

  it.effect("still records spans through the wrapped tracer, with their parents", () =>
    Effect.gen(function*() {
      const exporter = new InMemorySpanExporter()
      const processor = new SimpleSpanProcessor(exporter)
      const layer = OtelContextCache.withCachedContext(
        NodeSdk.layer(() => ({ resource: { serviceName: "context-cache-test" }, spanProcessor: processor }))
      )
      // Read before the layer closes: shutting the provider down empties the in-memory exporter.
      const spans = yield* Effect.void.pipe(
        Effect.withSpan("child"),
        Effect.withSpan("parent"),
        Effect.zipRight(Effect.promise(() => processor.forceFlush())),
        Effect.map(() => exporter.getFinishedSpans()),
        Effect.provide(Layer.fresh(layer))
      )
      const parent = spans.find((span) => span.name === "parent")
      const child = spans.find((span) => span.name === "child")
      expect(parent).toBeDefined()
      expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId)
    }))
})
