/**
 * Embedding effect-integrations in a host that is not itself an Effect program (Express, Next.js route handlers,
 * serverless functions): build the layers once into a `ManagedRuntime`, run effects from handlers as promises, and
 * release everything (flush telemetry, close pools) on shutdown.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"

/**
 * @since 0.1.0
 * @category Models
 */
export interface AppRuntime<R, ER> {
  readonly runtime: ManagedRuntime.ManagedRuntime<R, ER>
  /** Runs an effect to a promise; failures reject with the typed error (a `FiberFailure` wrapping it). */
  readonly run: <A, E>(effect: Effect.Effect<A, E, R>, options?: { readonly signal?: AbortSignal | undefined }) => Promise<A>
  /** Wraps a request handler body so each request runs in the shared runtime. */
  readonly handler: <Args extends ReadonlyArray<unknown>, A, E>(
    f: (...args: Args) => Effect.Effect<A, E, R>
  ) => (...args: Args) => Promise<A>
  /** Releases the layers; call from SIGTERM handlers or test teardown. Idempotent. */
  readonly dispose: () => Promise<void>
}

/**
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Effect, Layer } from "effect"
 * import { AppRuntime, Observability } from "effect-integrations/runtime"
 * import { StripeClient } from "effect-integrations/stripe"
 *
 * const app = AppRuntime.make(
 *   Layer.mergeAll(StripeClient.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici)), Observability.layer())
 * )
 * // A Next.js route handler: every request runs in the one runtime.
 * export const POST = app.handler((request: Request) =>
 *   Effect.gen(function*() {
 *     const { email } = (yield* Effect.promise(() => request.json())) as { readonly email: string }
 *     const stripe = yield* StripeClient.StripeClient
 *     const customer = yield* stripe.customers.create({ email })
 *     return Response.json({ id: customer.id })
 *   })
 * )
 * process.once("SIGTERM", () => void app.dispose())
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = <R, ER>(layer: Layer.Layer<R, ER, never>): AppRuntime<R, ER> => {
  const runtime = ManagedRuntime.make(layer)
  let disposed: Promise<void> | undefined
  const run = <A, E>(effect: Effect.Effect<A, E, R>, options?: { readonly signal?: AbortSignal | undefined }) =>
    runtime.runPromise(effect, options?.signal !== undefined ? { signal: options.signal } : undefined)
  return {
    runtime,
    run,
    handler: (f) => (...args) => run(Effect.suspend(() => f(...args))),
    dispose: () => (disposed ??= runtime.dispose())
  }
}
