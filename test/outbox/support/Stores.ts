/**
 * Fresh outbox stores for tests: a SQLite file in a temporary directory, or a Postgres schema of its own
 * (`outbox_test_<random>`, selected through search_path) that is dropped afterwards.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import type * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as OutboxStore from "../../../src/outbox/OutboxStore.js"

export const databaseUrl = process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

export type Kind = "sqlite" | "postgres"

export type StoreLayer = Layer.Layer<OutboxStore.OutboxStore | SqlClient.SqlClient, unknown>

/** A temporary directory removed when the scope closes. */
export const tempDir = Effect.acquireRelease(
  Effect.sync(() => NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "outbox-test-"))),
  (dir) => Effect.sync(() => NodeFs.rmSync(dir, { recursive: true, force: true }))
)

const adminSql = (statement: string) =>
  Effect.scoped(
    Effect.flatMap(PgClient.make({ url: Redacted.make(databaseUrl) }), (sql) => sql.unsafe(statement))
  ).pipe(Effect.provide(Reactivity.layer), Effect.orDie)

/** A Postgres URL whose connections use `schema` as their search_path. */
export const urlWithSchema = (schema: string): string => {
  const url = new URL(databaseUrl)
  url.searchParams.set("options", `-c search_path=${schema}`)
  return url.toString()
}

/** A Postgres schema of its own, created now and dropped (with its tables) when the scope closes. */
export const pgSchema = Effect.acquireRelease(
  Effect.gen(function*() {
    const schema = `outbox_test_${NodeCrypto.randomBytes(6).toString("hex")}`
    yield* adminSql(`CREATE SCHEMA ${schema}`)
    return schema
  }),
  (schema) => adminSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
)

export const sqliteLayer = (): StoreLayer =>
  Layer.unwrapScoped(
    Effect.map(tempDir, (dir) => OutboxStore.layerSqlite({ filename: NodePath.join(dir, "outbox.db") }))
  )

export const pgLayer = (): StoreLayer =>
  Layer.unwrapScoped(Effect.map(pgSchema, (schema) => OutboxStore.layerPg({ url: urlWithSchema(schema) })))

export const layerFor = (kind: Kind): StoreLayer => (kind === "sqlite" ? sqliteLayer() : pgLayer())

export const kinds: ReadonlyArray<Kind> = ["sqlite", "postgres"]
