/**
 * Our Stripe `customers.retrieve` built up one layer at a time, to show where the cost over raw undici goes: the
 * `@effect/platform` HttpClient with Schema decoding alone, then the kernel pipeline without policies, with its default
 * policies, the full StripeClient, each without OpenTelemetry (the full client with it is the `ours` variant). Built from
 * public entries only.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { Agent } from "undici"
import { Credentials, HttpIntegration } from "../../src/index.js"
import { StripeClient, StripeSchemas } from "../../src/vendors/stripe/index.js"
import * as Fixtures from "../fixtures.js"
import type { Stage } from "../harness/jobs.js"
import type { Driver } from "../harness/load.js"
import * as Ours from "./ours.js"

class Call extends Context.Tag("bench/StageCall")<Call, () => Effect.Effect<unknown, unknown>>() {}

const kernel = (origin: string, policies: boolean) =>
  Layer.scoped(
    Call,
    Effect.map(
      HttpIntegration.make({
        vendor: "Stripe",
        baseUrl: origin,
        auth: HttpIntegration.bearer(Credentials.fixed(Redacted.make(Fixtures.apiKey))),
        headers: { "stripe-version": StripeClient.DEFAULT_API_VERSION },
        dialect: { requestIdHeaders: ["request-id"] },
        policy: StripeClient.defaultPolicy,
        ...(policies ? {} : { circuitBreaker: false, bulkhead: false, retryBudget: false })
      }),
      (http) => {
        const retrieve = http.operation({
          name: "customers.retrieve",
          method: "GET",
          input: Schema.String,
          output: StripeSchemas.Customer,
          request: (id) => ({ path: `/v1/customers/${encodeURIComponent(id)}` })
        })
        return () => retrieve(Fixtures.customerId)
      }
    )
  )

const platform = (origin: string) =>
  Layer.effect(
    Call,
    // The platform's own client span off, as the kernel runs the client: the operation span replaces it.
    Effect.map(Effect.map(HttpClient.HttpClient, HttpClient.withTracerDisabledWhen(() => true)), (client) => {
      const decode = Schema.decodeUnknown(StripeSchemas.Customer)
      const url = `${origin}/v1/customers/${Fixtures.customerId}`
      const headers = { authorization: `Bearer ${Fixtures.apiKey}` }
      return () =>
        client.get(url, { headers }).pipe(
          Effect.flatMap((response) => response.json),
          Effect.flatMap(decode)
        )
    })
  )

/**
 * The floor for any Effect client: undici's own promise API in `Effect.tryPromise`, then the same Schema decode. The
 * gap to `platform` is what `@effect/platform`'s HttpClient costs per call.
 */
const effectUndici = (origin: string) =>
  Layer.scoped(
    Call,
    Effect.map(
      Effect.acquireRelease(Effect.sync(() => new Agent()), (agent) => Effect.promise(() => agent.close())),
      (agent) => {
        const decode = Schema.decodeUnknown(StripeSchemas.Customer)
        const request = {
          origin,
          path: `/v1/customers/${Fixtures.customerId}`,
          method: "GET" as const,
          headers: { authorization: `Bearer ${Fixtures.apiKey}` }
        }
        return () =>
          Effect.tryPromise(async () => {
            const response = await agent.request(request)
            return response.body.json()
          }).pipe(Effect.flatMap(decode))
      }
    )
  )

/**
 * @since 0.1.0
 * @category Drivers
 */
export const make = (stage: Stage, port: number): Promise<Driver> => {
  const origin = `http://127.0.0.1:${port}`
  const untraced = { tracing: false }
  switch (stage) {
    case "effect-undici":
      return Ours.driver(Call, effectUndici(origin), (call) => call(), untraced)
    case "platform":
      return Ours.driver(Call, platform(origin), (call) => call(), { tracing: false, transport: "platform" })
    case "lean":
      return Ours.driver(Call, platform(origin), (call) => call(), untraced)
    case "client-platform":
      return Ours.driver(
        StripeClient.StripeClient,
        StripeClient.layer({ apiKey: Redacted.make(Fixtures.apiKey), baseUrl: origin }),
        (stripe) => stripe.customers.retrieve(Fixtures.customerId),
        { tracing: false, transport: "platform" }
      )
    case "kernel-bare":
      return Ours.driver(Call, kernel(origin, false), (call) => call(), untraced)
    case "kernel":
      return Ours.driver(Call, kernel(origin, true), (call) => call(), untraced)
    case "client-untraced":
      return Ours.driver(
        StripeClient.StripeClient,
        StripeClient.layer({ apiKey: Redacted.make(Fixtures.apiKey), baseUrl: origin }),
        (stripe) => stripe.customers.retrieve(Fixtures.customerId),
        untraced
      )
  }
}
