import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Ref from "effect/Ref"
import * as Fallback from "../../src/core/Fallback.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"

const failure = (vendor: string, reason: IntegrationError["reason"]) =>
  new IntegrationError({ vendor, operation: "transcribe", reason, description: `${reason} from ${vendor}` })

class QuotaError extends Data.TaggedError("QuotaError")<{ readonly provider: string }> {}

/** A provider that records each call, so tests can tell a skipped provider from a called one. */
const provider = <A, E>(calls: Ref.Ref<Array<string>>, name: string, result: Effect.Effect<A, E>) => ({
  name,
  run: Effect.zipRight(Ref.update(calls, (list) => [...list, name]), result)
})

describe("Fallback", () => {
  it.effect("serves from the first provider that succeeds and names it, in the result and on the span", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make<Array<string>>([])
      const { attributes, served } = yield* Effect.gen(function*() {
        const served = yield* Fallback.chain([
          provider(calls, "groq", Effect.fail(failure("Groq", "Server"))),
          provider(calls, "openai", Effect.succeed("hello"))
        ])
        return { served, attributes: (yield* Effect.currentSpan).attributes }
      }).pipe(Effect.withSpan("transcribe"))
      expect(served).toStrictEqual({ value: "hello", provider: "openai" })
      expect(attributes.get("integration.fallback.provider")).toBe("openai")
      expect(yield* Ref.get(calls)).toStrictEqual(["groq", "openai"])
    }))

  it.effect("does not call later providers when an earlier one succeeds", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make<Array<string>>([])
      const served = yield* Fallback.chain([
        provider(calls, "groq", Effect.succeed(1)),
        provider(calls, "openai", Effect.succeed(2))
      ])
      expect(served).toStrictEqual({ value: 1, provider: "groq" })
      expect(yield* Ref.get(calls)).toStrictEqual(["groq"])
    }))

  it.effect("skips an unavailable provider without calling it", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make<Array<string>>([])
      const taken = Metric.value(
        Metric.tagged(
          Metric.tagged(Fallback.fallbacksTaken, "integration.fallback.from", "groq-skipped"),
          "integration.fallback.cause",
          "unavailable"
        )
      )
      const before = (yield* taken).count
      const served = yield* Fallback.chain([
        { ...provider(calls, "groq-skipped", Effect.succeed("groq")), isAvailable: Effect.succeed(false) },
        provider(calls, "openai", Effect.succeed("openai"))
      ])
      expect(served.provider).toBe("openai")
      expect(yield* Ref.get(calls)).toStrictEqual(["openai"])
      expect((yield* taken).count - before).toBe(1)
    }))

  for (const reason of ["CircuitOpen", "BulkheadRejected", "RateLimited", "Timeout", "Transport", "Overloaded"] as const) {
    it.effect(`falls through on ${reason}`, () =>
      Effect.gen(function*() {
        const calls = yield* Ref.make<Array<string>>([])
        const served = yield* Fallback.chain([
          provider(calls, "groq", Effect.fail(failure("Groq", reason))),
          provider(calls, "openai", Effect.succeed("ok"))
        ])
        expect(served.provider).toBe("openai")
      }))
  }

  it.effect("stops the chain on an error another provider would repeat (a bad request)", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make<Array<string>>([])
      const exit = yield* Effect.exit(Fallback.chain([
        provider(calls, "groq", Effect.fail(failure("Groq", "InvalidRequest"))),
        provider(calls, "openai", Effect.succeed("ok"))
      ]))
      expect(exit).toStrictEqual(Exit.fail(failure("Groq", "InvalidRequest")))
      expect(yield* Ref.get(calls)).toStrictEqual(["groq"])
    }))

  it.effect("a custom predicate decides which errors fall through, but CircuitOpen always does", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make<Array<string>>([])
      const served = yield* Fallback.chain([
        provider(calls, "a", Effect.fail(failure("A", "CircuitOpen"))),
        provider(calls, "b", Effect.fail(new QuotaError({ provider: "b" }))),
        provider(calls, "c", Effect.succeed("c"))
      ], { shouldFallBack: (error) => error instanceof QuotaError })
      expect(served.provider).toBe("c")
      expect(yield* Ref.get(calls)).toStrictEqual(["a", "b", "c"])
    }))

  it.effect("when every provider fails, the error keeps each provider's outcome in order", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make<Array<string>>([])
      const chain = Fallback.chain([
        provider(calls, "groq", Effect.fail(failure("Groq", "Server"))),
        { ...provider(calls, "whisper", Effect.succeed(0)), isAvailable: Effect.succeed(false) },
        provider(calls, "openai", Effect.fail(new QuotaError({ provider: "openai" })))
      ], { shouldFallBack: (error) => error instanceof QuotaError || Fallback.shouldFallBack(error) })
      // The error channel is the union of the providers' errors, not `unknown`.
      expectTypeOf(chain).toEqualTypeOf<
        Effect.Effect<
          Fallback.Served<number>,
          IntegrationError | QuotaError | Fallback.FallbackExhausted<IntegrationError | QuotaError>
        >
      >()
      const error = yield* Effect.flip(chain)
      expect(Fallback.isFallbackExhausted(error)).toBe(true)
      if (!Fallback.isFallbackExhausted(error)) return
      expect(error.attempts).toStrictEqual([
        { _tag: "Failed", provider: "groq", error: failure("Groq", "Server") },
        { _tag: "Skipped", provider: "whisper" },
        { _tag: "Failed", provider: "openai", error: new QuotaError({ provider: "openai" }) }
      ])
      expect(error.message).toBe("every provider failed (groq: Server, whisper: unavailable, openai: QuotaError)")
    }))

  it.effect("defects are not swallowed by the chain", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make<Array<string>>([])
      const exit = yield* Effect.exit(Fallback.chain([
        provider(calls, "groq", Effect.die("boom")),
        provider(calls, "openai", Effect.succeed("ok"))
      ]))
      expect(Exit.isFailure(exit) && exit.cause._tag === "Die").toBe(true)
      expect(yield* Ref.get(calls)).toStrictEqual(["groq"])
    }))
})
