/**
 * Durable calls against plain calls: `calls` Resend e-mails sent through the Resend client to the vendor simulator
 * (no faults, no rate limit) at the same concurrency, once directly and once as durable calls (enqueued in
 * transactions of 500, then run by one worker until all succeeded). Reports calls per second for both; the durable
 * figure counts from the worker's start, so it is the worker's rate, enqueue excluded. SQLite uses a temporary file,
 * Postgres a temporary schema in `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as NodeCrypto from "node:crypto"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as Durable from "../src/outbox/Durable.js"
import * as OutboxStore from "../src/outbox/OutboxStore.js"
import * as Faults from "../src/testing/Faults.js"
import * as VendorSimulator from "../src/testing/VendorSimulator.js"
import * as ResendClient from "../src/vendors/resend/ResendClient.js"
import * as ResendSchemas from "../src/vendors/resend/ResendSchemas.js"

/**
 * @since 0.3.0
 * @category Models
 */
export interface DurableBenchOptions {
  readonly store: "sqlite" | "postgres"
  readonly calls: number
  /** Calls in flight, plain and durable alike (default 16). */
  readonly concurrency?: number | undefined
}

const databaseUrl = process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"

const adminSql = (statement: string) =>
  Effect.scoped(Effect.flatMap(PgClient.make({ url: Redacted.make(databaseUrl) }), (sql) => sql.unsafe(statement))).pipe(
    Effect.provide(Reactivity.layer),
    Effect.orDie
  )

const storeLayer = (store: DurableBenchOptions["store"]) =>
  Layer.unwrapScoped(
    store === "sqlite"
      ? Effect.map(
        Effect.acquireRelease(
          Effect.sync(() => NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "durable-bench-"))),
          (dir) => Effect.sync(() => NodeFs.rmSync(dir, { recursive: true, force: true }))
        ),
        (dir) => OutboxStore.layerSqlite({ filename: NodePath.join(dir, "durable.db") })
      )
      : Effect.map(
        Effect.acquireRelease(
          Effect.gen(function*() {
            const schema = `durable_bench_${NodeCrypto.randomBytes(6).toString("hex")}`
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

const sendEmail = Durable.operation({
  name: "bench.resend.emails.send",
  input: ResendSchemas.SendEmailParams,
  output: Schema.Struct({ id: Schema.String }),
  idempotencyKeys: true,
  call: Durable.method(ResendClient.ResendClient, (resend) => resend.emails.send)
})

const email = (n: number): ResendSchemas.SendEmailParams => ({
  from: "bench@acme.test",
  to: `user${n}@example.com`,
  subject: `Welcome ${n}`,
  text: "Hello"
})

/**
 * The benchmark as an Effect: plain and durable calls per second.
 *
 * @since 0.3.0
 * @category Running
 */
export const durableBench = (
  options: DurableBenchOptions
): Effect.Effect<{ readonly plain_per_sec: number; readonly durable_per_sec: number }, unknown> =>
  Effect.gen(function*() {
    const concurrency = options.concurrency ?? 16
    const simulator = yield* VendorSimulator.make({
      faults: Faults.make({ rules: [{ kind: "rateLimit", vendor: "resend", limit: 1_000_000, windowMs: 1_000 }] })
    })
    const resend = ResendClient.layer({
      apiKey: Redacted.make("re_bench"),
      baseUrl: simulator.baseUrl("resend"),
      bulkhead: { maxConcurrent: 1_000 }
    }).pipe(Layer.provide(NodeHttpClient.layerUndici))

    const plainStarted = performance.now()
    yield* Effect.forEach(
      Array.from({ length: options.calls }, (_, n) => n),
      (n) => Effect.flatMap(ResendClient.ResendClient, (client) => client.emails.send(email(n), { idempotencyKey: `plain/${n}` })),
      { concurrency, discard: true }
    ).pipe(Effect.provide(resend))
    const plainSeconds = (performance.now() - plainStarted) / 1000

    const sql = yield* SqlClient.SqlClient
    for (let batch = 0; batch < options.calls; batch += 500) {
      const size = Math.min(500, options.calls - batch)
      yield* sql.withTransaction(Effect.forEach(
        Array.from({ length: size }, (_, i) => batch + i),
        (n) => Durable.enqueue(sendEmail, email(n), { key: `durable/${n}` }),
        { discard: true }
      ))
    }
    const durableStarted = performance.now()
    yield* Layer.launch(Durable.layer(Durable.registry(sendEmail), { concurrency, pollInterval: "50 millis" })).pipe(
      Effect.provide(resend),
      Effect.forkScoped
    )
    while ((yield* Durable.stats).succeeded < options.calls) yield* Effect.sleep("20 millis")
    const durableSeconds = (performance.now() - durableStarted) / 1000
    return { plain_per_sec: options.calls / plainSeconds, durable_per_sec: options.calls / durableSeconds }
  }).pipe(Effect.scoped, Effect.provide(storeLayer(options.store)))

/**
 * Runs the benchmark and resolves with plain and durable calls per second.
 *
 * @since 0.3.0
 * @category Running
 */
export const runDurableBench = (
  options: DurableBenchOptions
): Promise<{ readonly plain_per_sec: number; readonly durable_per_sec: number }> => Effect.runPromise(durableBench(options))
