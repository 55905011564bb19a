import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as StripeClient from "../../../src/vendors/stripe/StripeClient.js"

/** The named secret the configuration read (the key is never a fixed value when it comes from the environment). */
const named = (apiKey: StripeClient.Options["apiKey"]) => {
  if (Redacted.isRedacted(apiKey) || apiKey._tag !== "Named") throw new Error("expected a named secret")
  return { name: apiKey.name, value: Redacted.value(apiKey.initial) }
}

const load = (env: Record<string, string>) =>
  Effect.either(StripeClient.config).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))

describe("StripeClient.config", () => {
  it.effect("accepts STRIPE_SECRET_KEY, the name Stripe's docs use, when STRIPE_API_KEY is not set", () =>
    Effect.gen(function*() {
      const options = yield* load({ STRIPE_SECRET_KEY: "sk_test_from_docs" })
      expect(Either.isRight(options)).toBe(true)
      expect(named(Either.getOrThrow(options).apiKey)).toEqual({ name: "STRIPE_SECRET_KEY", value: "sk_test_from_docs" })
    }))

  it.effect("prefers STRIPE_API_KEY when both are set", () =>
    Effect.gen(function*() {
      const options = yield* load({ STRIPE_API_KEY: "sk_test_cli", STRIPE_SECRET_KEY: "sk_test_docs" })
      expect(named(Either.getOrThrow(options).apiKey)).toEqual({ name: "STRIPE_API_KEY", value: "sk_test_cli" })
    }))

  it.effect("names STRIPE_API_KEY when neither is set, and the variable that was set when it is empty", () =>
    Effect.gen(function*() {
      const none = yield* Effect.flip(Effect.flatten(load({})))
      expect(IntegrationConfig.problems(none)).toMatchObject([{ key: "STRIPE_API_KEY", kind: "Missing" }])
      const empty = yield* Effect.flip(Effect.flatten(load({ STRIPE_SECRET_KEY: "  " })))
      expect(IntegrationConfig.problems(empty)).toMatchObject([{ key: "STRIPE_SECRET_KEY", kind: "Invalid" }])
    }))

  it.effect("says what a valid STRIPE_API_VERSION looks like, never echoing the value", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.flatten(load({ STRIPE_API_KEY: "sk_test_x", STRIPE_API_VERSION: "v2-secretish" })))
      const [problem] = IntegrationConfig.problems(error)
      expect(problem).toMatchObject({ key: "STRIPE_API_VERSION", kind: "Invalid" })
      expect(problem!.message).toContain("2023-08-16")
      expect(problem!.message).toContain("2025-03-31.basil")
      expect(problem!.message).not.toContain("v2-secretish")
      const named = yield* load({ STRIPE_API_KEY: "sk_test_x", STRIPE_API_VERSION: "2025-03-31.basil" })
      expect(Either.getOrThrow(named).apiVersion).toBe("2025-03-31.basil")
    }))
})
