/**
 * Outbox throughput: enqueue `messages` events for one local endpoint (node:http on 127.0.0.1 answering 204), run the
 * dispatcher until all are delivered, and report deliveries per second. SQLite uses a temporary file; Postgres a
 * temporary schema in `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import * as NodeFs from "node:fs"
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as Dispatcher from "../src/outbox/Dispatcher.js"
import * as Outbox from "../src/outbox/Outbox.js"
import * as OutboxStore from "../src/outbox/OutboxStore.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface OutboxBenchOptions {
  readonly store: "sqlite" | "postgres"
  readonly messages: number
  /** Dispatcher concurrency (default 16). */
  readonly concurrency?: number | undefined
}

const databaseUrl = process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

const receiver = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly server: NodeHttp.Server }>((resume) => {
    const server = NodeHttp.createServer((req, res) => {
      req.resume()
      req.on("end", () => {
        res.writeHead(204)
        res.end()
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as NodeNet.AddressInfo
      resume(Effect.succeed({ url: `http://127.0.0.1:${port}/hook`, server }))
    })
  }),
  ({ server }) =>
    Effect.async<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
)

const adminSql = (statement: string) =>
  Effect.scoped(Effect.flatMap(PgClient.make({ url: Redacted.make(databaseUrl) }), (sql) => sql.unsafe(statement))).pipe(
    Effect.provide(Reactivity.layer),
    Effect.orDie
  )

const storeLayer = (store: OutboxBenchOptions["store"]) =>
  Layer.unwrapScoped(
    store === "sqlite"
      ? Effect.map(
        Effect.acquireRelease(
          Effect.sync(() => NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "outbox-bench-"))),
          (dir) => Effect.sync(() => NodeFs.rmSync(dir, { recursive: true, force: true }))
        ),
        (dir) => OutboxStore.layerSqlite({ filename: NodePath.join(dir, "outbox.db") })
      )
      : Effect.map(
        Effect.acquireRelease(
          Effect.gen(function*() {
            const schema = `outbox_bench_${NodeCrypto.randomBytes(6).toString("hex")}`
            yield* adminSql(`CREATE SCHEMA ${schema}`)
            return schema
          }),
          (schema) => adminSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        ),
        (schema) => {
          const url = new URL(databaseUrl)
          url.searchParams.set("options", `-c search_path=${schema}`)
          return OutboxStore.layerPg({ url: url.toString() })
        }
      )
  )

/**
 * The benchmark as an Effect: returns deliveries per second.
 *
 * @since 0.1.0
 * @category Running
 */
export const outboxBench = (options: OutboxBenchOptions): Effect.Effect<number, unknown> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const { url } = yield* receiver
    yield* Outbox.createEndpoint({ id: "bench", url })
    for (let batch = 0; batch < options.messages; batch += 500) {
      const size = Math.min(500, options.messages - batch)
      yield* sql.withTransaction(Effect.forEach(
        Array.from({ length: size }, (_, i) => batch + i),
        (n) => Outbox.enqueue({ id: `bench_${n}`, type: "bench.event", payload: { n, data: "x".repeat(200) } }),
        { discard: true }
      ))
    }
    const concurrency = options.concurrency ?? 16
    const started = performance.now()
    yield* Layer.launch(
      Dispatcher.layer({ concurrency, perEndpointConcurrency: concurrency, pollInterval: "50 millis" })
    ).pipe(Effect.forkScoped)
    while ((yield* Outbox.stats).delivered < options.messages) yield* Effect.sleep("20 millis")
    const seconds = (performance.now() - started) / 1000
    return options.messages / seconds
  }).pipe(
    Effect.scoped,
    Effect.provide(Layer.merge(storeLayer(options.store), NodeHttpClient.layerUndici))
  )

/**
 * Runs the benchmark and resolves with deliveries per second.
 *
 * @since 0.1.0
 * @category Running
 */
export const runOutboxBench = (options: OutboxBenchOptions): Promise<number> => Effect.runPromise(outboxBench(options))
