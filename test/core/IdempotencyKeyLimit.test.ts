import { describe, expect, it } from "@effect/vitest"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import { createOrder } from "../support/AcmeOrders.js"
import * as StubHttp from "../support/StubHttp.js"

/** A create on a vendor whose dialect takes idempotency keys of at most `maxLength` characters (or names no limit). */
const creates = (dialect: HttpIntegration.Dialect) => createOrder({ dialect })

describe("Dialect.idempotencyKeyMaxLength", () => {
  it.scoped("refuses an empty or too long key before any request, and sends one at the limit as given", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "o_1" }))
      const dialect = { idempotencyHeader: "Idempotency-Key", idempotencyKeyMaxLength: 8 }
      const create = yield* Effect.provide(creates(dialect), stub.layer)
      for (const key of ["", "k".repeat(9)]) {
        const refused = yield* Effect.flip(create({ sku: "s_1" }, { idempotencyKey: key }))
        expect([refused.reason, refused.operation, refused.retryable])
          .toEqual(["InvalidRequest", "orders.create", false])
        expect(refused.description).toContain("idempotency key")
      }
      expect(yield* stub.requests).toHaveLength(0)
      yield* create({ sku: "s_1" }, { idempotencyKey: "k".repeat(8) })
      yield* create({ sku: "s_1" })
      const [atLimit, generated] = yield* stub.requests
      expect(atLimit!.headers["idempotency-key"]).toBe("k".repeat(8))
      // A generated key is the kernel's own UUID, within any limit a vendor states.
      expect(generated!.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/)
    }))

  it.scoped("without a limit refuses only an empty key; a vendor without an idempotency header ignores the key", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "o_1" }))
      const unbounded = yield* Effect.provide(creates({ idempotencyHeader: "Idempotency-Key" }), stub.layer)
      expect((yield* Effect.flip(unbounded({ sku: "s_1" }, { idempotencyKey: "" }))).reason).toBe("InvalidRequest")
      yield* unbounded({ sku: "s_1" }, { idempotencyKey: "k".repeat(1000) })
      const keyless = yield* Effect.provide(creates({}), stub.layer)
      yield* keyless({ sku: "s_1" }, { idempotencyKey: "" })
      const [long, none] = yield* stub.requests
      expect(long!.headers["idempotency-key"]).toHaveLength(1000)
      expect(none!.headers["idempotency-key"]).toBeUndefined()
    }))

  it.scoped("a limit that is not a whole number of at least 1 is a ConfigError naming the setting", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "o_1" }))
      for (const limit of [0, 2.5, -1]) {
        const dialect = { idempotencyHeader: "Idempotency-Key", idempotencyKeyMaxLength: limit }
        const error = yield* Effect.flip(Effect.provide(creates(dialect), stub.layer))
        expect(ConfigError.isConfigError(error)).toBe(true)
        expect(String(error)).toContain("dialect.idempotencyKeyMaxLength")
      }
    }))
})
