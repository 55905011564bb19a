import * as Reactivity from "@effect/experimental/Reactivity"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import type * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as Dispatcher from "../../src/outbox/Dispatcher.js"
import * as Outbox from "../../src/outbox/Outbox.js"
import * as OutboxStore from "../../src/outbox/OutboxStore.js"
import * as SsrfGuard from "../../src/outbox/SsrfGuard.js"
import * as Stores from "../outbox/support/Stores.js"
import * as Cli from "./support/Cli.js"

/** Runs `outbox ...`; the leading `outbox` may be left out. */
const runOutbox = (argv: ReadonlyArray<string>) => Cli.runCli(argv[0] === "outbox" ? argv : ["outbox", ...argv])

/** An outbox with one delivered, one dead and one pending delivery, in a database the CLI is pointed at. */
const seeded = (kind: Stores.Kind) =>
  Effect.gen(function*() {
    const db = kind === "sqlite"
      ? NodePath.join(yield* Stores.tempDir, "outbox.db")
      : Stores.urlWithSchema(yield* Stores.pgSchema)
    const layer = kind === "sqlite" ? OutboxStore.layerSqlite({ filename: db }) : OutboxStore.layerPg({ url: db })
    const run = <A, E>(effect: Effect.Effect<A, E, OutboxStore.OutboxStore | SqlClient.SqlClient>) =>
      Effect.provide(effect, layer)
    const ids = yield* run(Effect.gen(function*() {
      const store = yield* OutboxStore.OutboxStore
      yield* Outbox.createEndpoint({ id: "ep_1", url: "https://hooks.example.com/in?token=cli-canary" })
      for (const id of ["m1", "m2", "m3"]) yield* Outbox.enqueue({ id, type: "order.created", payload: { id } })
      const claimed = yield* store.claim({ worker: "w", limit: 2, leaseMillis: 1_000, perEndpoint: 10, breakerThreshold: 5 })
      const [dead, delivered] = claimed
      const base = { endpointId: "ep_1", worker: "w", startedAt: 0, finishedAt: 0, error: undefined } as const
      yield* store.recordAttempt(
        { ...base, deliveryId: dead!.id, attempt: 1, status: 500, result: "http_error", error: "HTTP 500", next: { _tag: "Dead" }, endpointEffect: "failure" },
        () => ({})
      )
      yield* store.recordAttempt(
        { ...base, deliveryId: delivered!.id, attempt: 1, status: 200, result: "success", next: { _tag: "Delivered" }, endpointEffect: "success" },
        () => ({})
      )
      return { dead: dead!.id, delivered: delivered!.id }
    }))
    return { db, ids, run }
  })

const cliSuite = (kind: Stores.Kind) =>
  describe(`outbox CLI (${kind})`, () => {
    it.scoped("stats prints the queue and endpoint health, as text or JSON", () =>
      Effect.gen(function*() {
        const { db } = yield* seeded(kind)
        const text = yield* runOutbox(["stats", "--db", db])
        expect(text.code).toBe(0)
        expect(text.out).toContain("dead              1")
        expect(text.out).toContain("delivered         1")
        const json = yield* runOutbox(["outbox", "stats", "--db", db, "--json"])
        expect(json.code).toBe(0)
        expect(JSON.parse(json.out[0]!)).toMatchObject({ queueDepth: 1, pending: 1, dead: 1, delivered: 1, endpoints: 1 })
      }))

    it.scoped("dead lists the dead letter queue without endpoint URLs or payloads", () =>
      Effect.gen(function*() {
        const { db, ids } = yield* seeded(kind)
        const { code, out } = yield* runOutbox(["dead", "--db", db])
        expect(code).toBe(0)
        expect(out).toHaveLength(1)
        expect(out[0]).toContain(ids.dead)
        expect(out[0]).toContain("reason=http_error")
        expect(out[0]).toContain("last=HTTP 500")
        expect(out.join("\n")).not.toContain("cli-canary")
        const json = yield* runOutbox(["dead", "--db", db, "--json", "--endpoint", "ep_1"])
        expect(JSON.parse(json.out[0]!)).toMatchObject({ id: ids.dead, state: "dead", attempts: 1 })
      }))

    it.scoped("dead names a delivery the SSRF guard refused: reason=ssrf after one attempt", () =>
      Effect.gen(function*() {
        const { db, run } = yield* seeded(kind)
        const refused = yield* run(Effect.gen(function*() {
          yield* Outbox.createEndpoint({ id: "ep_meta", url: "http://169.254.169.254/latest/?token=cli-canary" })
          yield* Outbox.enqueue({ id: "m4", type: "order.created", payload: { id: "m4" }, endpointIds: ["ep_meta"] })
          yield* Dispatcher.drain({ schedule: ["1 second", "1 second"] }).pipe(Effect.provide(SsrfGuard.layerHttpClient()))
          return (yield* Outbox.listDeliveries({ endpointId: "ep_meta" }))[0]!.id
        }))
        const { code, out } = yield* runOutbox(["dead", "--db", db, "--endpoint", "ep_meta"])
        expect(code).toBe(0)
        expect(out).toHaveLength(1)
        expect(out[0]).toContain(refused)
        expect(out[0]).toContain("attempts=1")
        expect(out[0]).toContain("reason=ssrf")
        expect(out[0]).toContain("last=refused by the SSRF guard: CloudMetadata (169.254.169.254)")
        expect(out[0]).not.toContain("cli-canary")
        const json = yield* runOutbox(["dead", "--db", db, "--json", "--endpoint", "ep_meta"])
        expect(JSON.parse(json.out[0]!)).toMatchObject({ id: refused, lastResult: "ssrf", attempts: 1 })
      }))

    it.scoped("replay moves dead deliveries back to the queue and fails for ids that are not dead", () =>
      Effect.gen(function*() {
        const { db, ids, run } = yield* seeded(kind)
        const skipped = yield* runOutbox(["replay", "--db", db, ids.delivered])
        expect(skipped).toMatchObject({ code: 1, out: ["replayed 0 of 1"] })
        const replayed = yield* runOutbox(["replay", "--db", db, ids.dead])
        expect(replayed).toMatchObject({ code: 0, out: ["replayed 1 of 1"] })
        expect((yield* run(Outbox.getDelivery(ids.dead))).state).toBe("pending")
        expect((yield* runOutbox(["replay", "--db", db, "--all"])).out).toEqual(["replayed 0"])
      }))
  })

for (const kind of Stores.kinds) cliSuite(kind)

describe("outbox CLI usage", () => {
  it.effect("a missing --db or a replay without ids is a usage error (exit 2)", () =>
    Effect.gen(function*() {
      expect((yield* runOutbox(["stats"])).code).toBe(2)
      expect((yield* runOutbox(["replay", "--db", "/nonexistent/outbox.db"])).code).toBe(2)
    }))

  it.scoped("a SQLite path that does not exist is refused, not created", () =>
    Effect.gen(function*() {
      const missing = NodePath.join(yield* Stores.tempDir, "typo.db")
      const { code, err } = yield* runOutbox(["stats", "--db", missing])
      expect(code).toBe(1)
      expect(err.join("\n")).toContain("no database file")
    }))

  it.scoped.each<readonly [db: string, says: string]>([
    ["postgres://user:hunter2@127.0.0.1:abc/outbox", "postgres:// or postgresql://"],
    ["postgres://user:hunter2@127.0.0.1:5432/outbox/junk", "postgres://user:***@127.0.0.1:5432/outbox/junk"],
    ["postgresql://user:hunter2%zz@127.0.0.1:5432/outbox", "password is not valid percent-encoding"],
    ["postgres://user:hunter2@127.0.0.1:5432/outbox?sslmode=sometimes", "sslmode"],
    ["mysql://user:hunter2@127.0.0.1/outbox", "got a mysql: URL"],
    ["postgres:user:hunter2@127.0.0.1/outbox", "must start with"]
  ])("a malformed --db %s is a usage error naming --db, without the password", ([db, says]) =>
    Effect.gen(function*() {
      const { code, err } = yield* runOutbox(["stats", "--db", db])
      expect(code).toBe(2)
      expect(err.join("\n")).toContain("outbox: --db ")
      expect(err.join("\n")).toContain(says)
      expect(err.join("\n")).not.toContain("hunter2")
    }))

  it.scoped("a SQLite path in a directory that does not exist is refused before SQLite sees it", () =>
    Effect.gen(function*() {
      const missing = NodePath.join(yield* Stores.tempDir, "no-such-dir", "outbox.db")
      const { code, err } = yield* runOutbox(["stats", "--db", `sqlite://${missing}`])
      expect(code).toBe(2)
      expect(err.join("\n")).toContain("does not exist")
    }))

  it.effect("an unreachable Postgres fails with exit 1 and no credentials in the message", () =>
    Effect.gen(function*() {
      const { code, err } = yield* runOutbox(["stats", "--db", "postgres://user:hunter2@127.0.0.1:1/nowhere"])
      expect(code).toBe(1)
      expect(err.join("\n")).toContain("127.0.0.1:1/nowhere")
      expect(err.join("\n")).not.toContain("hunter2")
    }))
})

// Endpoint URLs resolve from this table only: the CLI's SSRF check never reaches real DNS in tests.
const resolver = SsrfGuard.resolverFromRecord({ "hooks.example.com": ["93.184.215.14"] })

const endpointSuite = (kind: Stores.Kind) =>
  describe(`outbox endpoints CLI (${kind})`, () => {
    it.scoped("creates, lists, disables and enables an endpoint; URLs are shown without their query", () =>
      Effect.gen(function*() {
        const { db } = yield* seeded(kind)
        const run = (argv: ReadonlyArray<string>) => runOutbox(["endpoints", ...argv]).pipe(Effect.provideService(SsrfGuard.Resolver, resolver))
        const created = yield* run([
          "create", "--db", db, "--url", "https://hooks.example.com/in?token=cli-canary", "--id", "ep_cli", "--event-type", "order.*"
        ])
        expect(created.code, created.err.join("\n")).toBe(0)
        expect(created.out[0]).toContain("ep_cli  enabled  url=https://hooks.example.com/in?…  types=order.*")
        expect(created.out[1]).toMatch(/^secret whsec_[A-Za-z0-9+/=]+ /)

        const disabled = yield* run(["disable", "--db", db, "ep_cli", "--reason", "maintenance"])
        expect(disabled).toMatchObject({ code: 0 })
        expect(disabled.out[0]).toContain("ep_cli  disabled (maintenance)")
        const listed = yield* run(["list", "--db", db, "--json"])
        expect(listed.code).toBe(0)
        const byId = Object.fromEntries(listed.out.map((line) => JSON.parse(line) as { id: string; enabled: boolean }).map((e) => [e.id, e]))
        expect(byId["ep_cli"]).toMatchObject({ enabled: false, disabledReason: "maintenance", eventTypes: ["order.*"], secrets: 1 })
        expect(byId["ep_1"]).toMatchObject({ enabled: true })
        expect(listed.out.join("\n")).not.toContain("cli-canary")

        const enabled = yield* run(["enable", "--db", db, "ep_cli"])
        expect(enabled.out[0]).toContain("ep_cli  enabled")
        const unknown = yield* run(["enable", "--db", db, "ep_nope"])
        expect(unknown.code).toBe(1)
        expect(unknown.err.join("\n")).toContain("ep_nope")
      }))

    it.scoped("refuses an endpoint the SSRF guard would refuse, unless --allow opens it", () =>
      Effect.gen(function*() {
        const { db } = yield* seeded(kind)
        const refused = yield* runOutbox(["endpoints", "create", "--db", db, "--url", "http://127.0.0.1:8080/hook"])
        expect(refused.code).toBe(1)
        expect(refused.err.join("\n")).toContain("Loopback")
        const allowed = yield* runOutbox(["endpoints", "create", "--db", db, "--url", "http://127.0.0.1:8080/hook", "--allow", "127.0.0.1:8080"])
        expect(allowed.code, allowed.err.join("\n")).toBe(0)
      }))

    it.scoped("replay names the ids that are unknown or not dead, and replays the others", () =>
      Effect.gen(function*() {
        const { db, ids } = yield* seeded(kind)
        const run = yield* runOutbox(["replay", "--db", db, "dlv_nope", ids.delivered, ids.dead])
        expect(run.code).toBe(1)
        expect(run.out).toEqual(["replayed 1 of 3"])
        expect(run.err).toHaveLength(1)
        expect(run.err[0]).toContain("unknown delivery ids: dlv_nope")
        expect(run.err[0]).toContain(`not dead: ${ids.delivered} (delivered)`)
      }))
  })

for (const kind of Stores.kinds) endpointSuite(kind)

describe("outbox CLI is read only", () => {
  it.scoped("stats on a fresh SQLite file fails naming the problem and leaves the file untouched", () =>
    Effect.gen(function*() {
      const file = NodePath.join(yield* Stores.tempDir, "fresh.db")
      NodeFs.writeFileSync(file, "")
      const { code, err } = yield* runOutbox(["stats", "--db", file])
      expect(code).toBe(1)
      expect(err.join("\n")).toContain("no outbox tables")
      // Not a byte written: no tables, no journal-mode change.
      expect(NodeFs.statSync(file).size).toBe(0)
      const tables = yield* Effect.scoped(Effect.flatMap(
        SqliteClient.make({ filename: file, disableWAL: true }),
        (sql) => sql<{ name: string }>`SELECT name FROM sqlite_master`
      ))
      expect(tables).toEqual([])
    }).pipe(Effect.provide(Reactivity.layer)))

  it.scoped("stats, dead and endpoints list on a fresh Postgres schema create no table in it", () =>
    Effect.gen(function*() {
      const schema = yield* Stores.pgSchema
      const db = Stores.urlWithSchema(schema)
      for (const argv of [["stats", "--db", db], ["dead", "--db", db], ["endpoints", "list", "--db", db]]) {
        const { code, err } = yield* runOutbox(argv)
        expect(code, argv.join(" ")).toBe(1)
        expect(err.join("\n")).toContain("no outbox tables")
      }
      const tables = yield* Effect.scoped(Effect.flatMap(
        PgClient.make({ url: Redacted.make(Stores.databaseUrl) }),
        (sql) => sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = ${schema}`
      ))
      expect(tables).toEqual([])
    }).pipe(Effect.provide(Reactivity.layer)))
})
