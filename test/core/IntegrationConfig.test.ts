import { describe, expect, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Credentials from "../../src/core/Credentials.js"
import * as IntegrationConfig from "../../src/core/IntegrationConfig.js"

class Stripe extends Context.Tag("test/Stripe")<Stripe, { readonly key: Credentials.Secret }>() {}
class Twilio extends Context.Tag("test/Twilio")<Twilio, { readonly sid: string; readonly token: Credentials.Secret }>() {}
class Mailer extends Context.Tag("test/Mailer")<Mailer, { readonly timeoutMs: number }>() {}

const stripeFromEnv = Config.map(IntegrationConfig.secret("STRIPE_API_KEY"), (key) => Layer.succeed(Stripe, { key }))
const twilioFromEnv = Config.map(
  Config.all({ sid: Config.string("TWILIO_ACCOUNT_SID"), token: IntegrationConfig.secret("TWILIO_AUTH_TOKEN") }),
  (options) => Layer.succeed(Twilio, options)
)
const mailerFromEnv = Config.map(Config.integer("MAILER_TIMEOUT_MS"), (timeoutMs) => Layer.succeed(Mailer, { timeoutMs }))

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

describe("IntegrationConfig", () => {
  it.effect("reports three missing variables in one error naming all three", () =>
    Effect.gen(function*() {
      const live = IntegrationConfig.layer(stripeFromEnv, twilioFromEnv)
      const error = yield* Effect.flip(Layer.build(live).pipe(Effect.scoped, withEnv([])))
      expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
        ["STRIPE_API_KEY", "Missing"],
        ["TWILIO_ACCOUNT_SID", "Missing"],
        ["TWILIO_AUTH_TOKEN", "Missing"]
      ])
      const text = IntegrationConfig.format(error)
      expect(text).toContain("3 problems")
      for (const name of ["STRIPE_API_KEY", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"]) expect(text).toContain(name)
    }))

  it.effect("reports malformed and missing variables together, without printing values", () =>
    Effect.gen(function*() {
      const live = IntegrationConfig.layer(stripeFromEnv, mailerFromEnv)
      const error = yield* Effect.flip(
        Layer.build(live).pipe(Effect.scoped, withEnv([["MAILER_TIMEOUT_MS", "soon-ish"], ["STRIPE_API_KEY", "   "]]))
      )
      const problems = IntegrationConfig.problems(error)
      expect(problems.map((p) => [p.key, p.kind])).toEqual([
        ["STRIPE_API_KEY", "Invalid"],
        ["MAILER_TIMEOUT_MS", "Invalid"]
      ])
      expect(IntegrationConfig.format(error)).not.toContain("soon-ish")
    }))

  it.effect("builds every layer when the environment is complete", () =>
    Effect.gen(function*() {
      const live = IntegrationConfig.layer(stripeFromEnv, twilioFromEnv)
      const stripe = yield* Stripe
      const twilio = yield* Twilio
      expect(stripe.key._tag).toBe("Named")
      expect(twilio.sid).toBe("AC123")
      expect(String(twilio.token._tag === "Named" ? twilio.token.initial : "")).not.toContain("tok")
      return live
    }).pipe(
      Effect.provide(IntegrationConfig.layer(stripeFromEnv, twilioFromEnv)),
      withEnv([["STRIPE_API_KEY", "sk_test_1"], ["TWILIO_ACCOUNT_SID", "AC123"], ["TWILIO_AUTH_TOKEN", "tok"]])
    ))

  it.effect("re-reads named secrets after the refresh interval and falls back to the startup value on failure", () =>
    Effect.gen(function*() {
      let value: string | undefined = "v1"
      const credentials = yield* Credentials.make(
        {
          read: (name) =>
            value === undefined
              ? Effect.fail(ConfigError.MissingData([name], "gone"))
              : Effect.succeed(Redacted.make(value))
        },
        { refreshInterval: "1 minute" }
      )
      const secret: Credentials.Secret = { _tag: "Named", name: "K", initial: Redacted.make("v0") }
      expect(Redacted.value(yield* credentials.get(secret))).toBe("v1")
      value = "v2"
      expect(Redacted.value(yield* credentials.get(secret))).toBe("v1")
      expect(Redacted.value(yield* credentials.refresh(secret))).toBe("v2")
      value = undefined
      expect(Redacted.value(yield* credentials.refresh(secret))).toBe("v0")
    }))
})
