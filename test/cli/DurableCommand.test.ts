import type * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as Durable from "../../src/outbox/Durable.js"
import * as OutboxStore from "../../src/outbox/OutboxStore.js"
import * as Stores from "../outbox/support/Stores.js"
import * as Cli from "./support/Cli.js"

const runDurable = (argv: ReadonlyArray<string>) => Cli.runCli(["durable", ...argv])

/** Succeeds for input 1, fails for good for 2, leaves 3's outcome unknown. */
const send = Durable.operation({
  name: "cli.sms.send",
  input: Schema.Struct({ n: Schema.Number, to: Schema.String }),
  output: Schema.Struct({ id: Schema.String }),
  idempotencyKeys: false,
  call: (input) =>
    input.n === 1
      ? Effect.succeed({ id: "SM1" })
      : Effect.fail(
        new IntegrationError({
          vendor: "Fake",
          operation: "sms.send",
          reason: input.n === 2 ? "InvalidRequest" : "Timeout",
          description: "scripted",
          ...(input.n === 3 ? { mayHaveSucceeded: true } : {})
        })
      )
})

/** A database with one succeeded, one dead, one unconfirmed and one pending call. */
const seeded = (kind: Stores.Kind) =>
  Effect.gen(function*() {
    const db = kind === "sqlite" ? NodePath.join(yield* Stores.tempDir, "app.db") : Stores.urlWithSchema(yield* Stores.pgSchema)
    const layer = kind === "sqlite" ? OutboxStore.layerSqlite({ filename: db }) : OutboxStore.layerPg({ url: db })
    const run = <A, E>(effect: Effect.Effect<A, E, OutboxStore.OutboxStore | SqlClient.SqlClient>) => Effect.provide(effect, layer)
    yield* run(Effect.gen(function*() {
      for (const n of [1, 2, 3]) yield* Durable.enqueue(send, { n, to: "+14155550100" }, { key: `sms/${n}` })
      yield* Durable.drain(Durable.registry(send), { worker: "w" })
      yield* Durable.enqueue(send, { n: 4, to: "+14155550100" }, { key: "sms/4", delay: "1 hour" })
    }))
    return { db, run }
  })

const cliSuite = (kind: Stores.Kind) =>
  describe(`durable CLI (${kind})`, () => {
    it.scoped("stats counts calls by state, as text or JSON", () =>
      Effect.gen(function*() {
        const { db } = yield* seeded(kind)
        const text = yield* runDurable(["stats", "--db", db])
        expect(text.code).toBe(0)
        expect(text.out).toContain("dead              1")
        expect(text.out).toContain("unconfirmed       1")
        const json = yield* runDurable(["stats", "--db", db, "--json"])
        expect(JSON.parse(json.out[0]!)).toMatchObject({ succeeded: 1, dead: 1, unconfirmed: 1, pending: 1, queueDepth: 1 })
      }))

    it.scoped("dead lists the DLQ with reasons, or the unconfirmed calls, without inputs; it changes nothing", () =>
      Effect.gen(function*() {
        const { db, run } = yield* seeded(kind)
        const dead = yield* runDurable(["dead", "--db", db])
        expect(dead.code).toBe(0)
        expect(dead.out).toHaveLength(1)
        expect(dead.out[0]).toContain("sms/2")
        expect(dead.out[0]).toContain("reason=not retryable (InvalidRequest)")
        expect(dead.out.join("\n")).not.toContain("+14155550100")
        const unconfirmed = yield* runDurable(["dead", "--db", db, "--unconfirmed", "--json", "--operation", "cli.sms.send"])
        expect(JSON.parse(unconfirmed.out[0]!)).toMatchObject({ key: "sms/3", state: "unconfirmed" })
        expect(unconfirmed.out.join("\n")).not.toContain("+14155550100")
        expect(yield* run(Durable.stats)).toMatchObject({ dead: 1, unconfirmed: 1 })
      }))

    it.scoped("replay sends dead calls again (all, or by key) and names keys it cannot replay", () =>
      Effect.gen(function*() {
        const { db, run } = yield* seeded(kind)
        const some = yield* runDurable(["replay", "--db", db, "sms/3", "sms/1", "nope"])
        expect(some.code).toBe(1)
        expect(some.out).toEqual(["replayed 1 of 3"])
        expect(some.err.join("\n")).toContain("sms/1 (succeeded), nope (unknown)")
        expect((yield* run(Durable.get("sms/3"))).state).toBe("pending")
        const all = yield* runDurable(["replay", "--db", db, "--all"])
        expect(all).toMatchObject({ code: 0, out: ["replayed 1"] })
        expect((yield* run(Durable.get("sms/2"))).state).toBe("pending")
        const usage = yield* runDurable(["replay", "--db", db])
        expect(usage.code).toBe(2)
      }))

    it.scoped("cancel stops queued and parked calls for good", () =>
      Effect.gen(function*() {
        const { db, run } = yield* seeded(kind)
        const result = yield* runDurable(["cancel", "--db", db, "--reason", "customer left", "sms/4", "sms/3"])
        expect(result).toMatchObject({ code: 0, out: ["cancelled 2 of 2"] })
        expect(yield* run(Durable.get("sms/4"))).toMatchObject({ state: "cancelled", reason: "customer left" })
        const again = yield* runDurable(["cancel", "--db", db, "sms/1"])
        expect(again.code).toBe(1)
        expect(again.err.join("\n")).toContain("sms/1 (succeeded)")
      }))
  })

for (const kind of Stores.kinds) cliSuite(kind)

describe("durable CLI", () => {
  it.scoped("refuses a database without the tables, creating nothing", () =>
    Effect.gen(function*() {
      const file = NodePath.join(yield* Stores.tempDir, "empty.db")
      NodeFs.writeFileSync(file, "")
      const result = yield* runDurable(["stats", "--db", file])
      expect(result.code).toBe(1)
      expect(result.err.join("\n")).toContain("no outbox tables")
      const missing = yield* runDurable(["stats", "--db", NodePath.join(NodePath.dirname(file), "missing.db")])
      expect(missing.code).toBe(1)
      expect(missing.err.join("\n")).toContain("no database file")
    }))
})
