/**
 * The durable worker process of `demo --crash`, run with plain `node` from the compiled CLI: it runs the demo's durable
 * calls from the demo's SQLite file against the simulator until it is killed. Its environment:
 * `DEMO_DURABLE_DB` (the SQLite file), `DEMO_DURABLE_URLS` (the vendors' base URLs as JSON), `DEMO_DURABLE_WORKER`
 * (its name in leases). It writes `worker ready` to stderr once its store is open.
 *
 * @since 0.3.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Durable from "../../outbox/Durable.js"
import * as OutboxStore from "../../outbox/OutboxStore.js"
import * as Durables from "./Durables.js"

const env = (name: string) =>
  Effect.suspend(() => {
    const value = process.env[name]
    return value === undefined ? Effect.dieMessage(`${name} is required`) : Effect.succeed(value)
  })

const program = Effect.gen(function*() {
  const db = yield* env("DEMO_DURABLE_DB")
  const urls = JSON.parse(yield* env("DEMO_DURABLE_URLS")) as Durables.BaseUrls
  const worker = yield* env("DEMO_DURABLE_WORKER")
  // The demo created the tables; a worker never migrates.
  const layer = Layer.merge(
    OutboxStore.layerSqlite({ filename: db, migrate: false }),
    Durables.vendorsLayer(urls).pipe(Layer.provide(NodeHttpClient.layerUndici))
  )
  return yield* Effect.zipRight(
    Effect.sync(() => process.stderr.write("worker ready\n")),
    Durable.run(Durables.registry, { ...Durables.workerOptions, worker })
  ).pipe(Effect.provide(layer))
}).pipe(Logger.withMinimumLogLevel(LogLevel.Error))

NodeRuntime.runMain(program)
