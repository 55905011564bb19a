/**
 * Our clients as an application runs them: the vendor's `layer` with its default policy stack on
 * `UndiciTransport.layer()` (`effect-integrations/transport`; `@effect/platform-node`'s client in the breakdown), tracing on, calls made from fibers of one `ManagedRuntime`. Only public entries are
 * imported (`effect-integrations/stripe`, `effect-integrations/openai`), so the bench keeps measuring the same calls
 * whatever the kernel does inside.
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { UndiciTransport } from "../../src/transport/index.js"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Fixtures from "../fixtures.js"
import { effectLoad } from "../harness/effectLoad.js"
import * as Instructions from "../harness/instructions.js"
import type { Operation } from "../harness/jobs.js"
import { type Driver, promiseLoad } from "../harness/load.js"
import * as Tracing from "./tracing.js"

/**
 * Runs `call` against the service behind `tag`, built by `client` over undici, with tracing on unless turned off.
 *
 * @since 0.1.0
 * @category Drivers
 */
export const driver = async <I, S>(
  tag: Context.Tag<I, S>,
  client: Layer.Layer<I, unknown, HttpClient.HttpClient>,
  call: (service: S) => Effect.Effect<unknown, unknown>,
  options: { readonly tracing: boolean; readonly transport?: "ours" | "platform" } = { tracing: true }
): Promise<Driver> => {
  const tracing = options.tracing ? Tracing.make() : undefined
  const transport = Layer.provide(
    client,
    options.transport === "platform" ? NodeHttpClient.layerUndici : UndiciTransport.layer()
  )
  const runtime = ManagedRuntime.make(tracing === undefined ? transport : Layer.merge(transport, tracing.layer))
  const service = await runtime.runPromise(tag)
  return {
    run: (calls, concurrency) => runtime.runPromise(effectLoad(() => call(service), calls, concurrency)),
    runEach: (calls, concurrency) => promiseLoad(() => runtime.runPromise(call(service)), calls, concurrency),
    close: () => runtime.dispose(),
    extra: tracing === undefined ? undefined : async () => {
      await tracing.flush()
      return { spans_ended: tracing.counts.ended, spans_exported: tracing.counts.exported }
    },
    instructions: async (calls, warmup) => {
      await runtime.runPromise(Instructions.selfCheck)
      return runtime.runPromise(Instructions.perCall(() => call(service), calls, warmup))
    }
  }
}

/**
 * `StripeClient` `customers.retrieve` / `customers.create` (a key generated per call, as the client does by default)
 * or `OpenAIClient.chat.completions.create` against the local server. Only the vendor's module is loaded, so the other
 * one does not count in this process's memory.
 *
 * @since 0.1.0
 * @category Drivers
 */
export const make = async (operation: Operation, port: number): Promise<Driver> => {
  const origin = `http://127.0.0.1:${port}`
  const apiKey = Redacted.make(Fixtures.apiKey)
  if (operation === "openai.chat") {
    const { OpenAIClient } = await import("../../src/vendors/openai/index.js")
    return driver(
      OpenAIClient.OpenAIClient,
      OpenAIClient.layer({ apiKey, baseUrl: `${origin}/v1` }),
      (openai) => openai.chat.completions.create(Fixtures.chatRequest)
    )
  }
  const { StripeClient } = await import("../../src/vendors/stripe/index.js")
  return driver(
    StripeClient.StripeClient,
    StripeClient.layer({ apiKey, baseUrl: origin }),
    operation === "stripe.create"
      ? (stripe) => stripe.customers.create(Fixtures.customerCreate)
      : (stripe) => stripe.customers.retrieve(Fixtures.customerId)
  )
}
