import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Health from "../../src/core/Health.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"

const down = new IntegrationError({ vendor: "Mail", operation: "ping", reason: "Unauthorized", description: "bad key" })

describe("Health", () => {
  it.effect("is down when a critical check fails and degraded when only an optional one does", () =>
    Effect.gen(function*() {
      const critical = yield* Health.run([Health.check("stripe", Effect.void), Health.check("mail", Effect.fail(down))])
      expect(critical.status).toBe("down")
      expect(critical.checks.find((c) => c.name === "mail")?.error).toBe("Unauthorized: bad key")
      const optional = yield* Health.run([Health.check("mail", Effect.fail(down), { critical: false })])
      expect(optional.status).toBe("degraded")
      expect((yield* Health.run([Health.check("ok", Effect.void)])).status).toBe("up")
    }))

  it.effect("a hanging check times out", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Health.run([Health.check("slow", Effect.never, { timeout: "2 seconds" })]))
      yield* TestClock.adjust(Duration.seconds(2))
      const report = yield* Fiber.join(fiber)
      expect(report.status).toBe("down")
      expect(report.checks[0]?.error).toContain("timed out")
    }))

  it.effect("vendor layers register into the registry when one is provided", () =>
    Effect.gen(function*() {
      yield* Health.register(Health.check("a", Effect.void))
      yield* Health.register(Health.check("a", Effect.fail(down)))
      const registry = yield* Health.HealthChecks
      const report = yield* registry.run
      expect(report.checks.map((c) => [c.name, c.status])).toEqual([["a", "down"]])
    }).pipe(Effect.provide(Health.layer)))
})
