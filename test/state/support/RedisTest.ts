/**
 * Redis for the state tests: the machine's server at `REDIS_URL` (default redis://127.0.0.1:6379) under a random
 * key prefix per test, every key of which is deleted when the test's scope closes; and throwaway `redis-server`
 * processes on a port of their own for the outage tests, which must not stop the shared server.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as NodeChildProcess from "node:child_process"
import * as NodeCrypto from "node:crypto"
import * as NodeNet from "node:net"
import * as Redis from "../../../src/state/Redis.js"

export const redisUrl = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379"

export const randomPrefix = (): string => `eitest-${NodeCrypto.randomBytes(6).toString("hex")}`

/** Every key under `prefix`, found with SCAN (never KEYS on a shared server). */
export const keysUnder = (redis: Redis.Redis.Service, prefix = redis.prefix): Effect.Effect<ReadonlyArray<string>> =>
  Effect.promise(async () => {
    const found: Array<string> = []
    let cursor = "0"
    do {
      const [next, keys] = await redis.client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500)
      found.push(...keys)
      cursor = next
    } while (cursor !== "0")
    return found
  })

const deleteKeys = (redis: Redis.Redis.Service) =>
  Effect.flatMap(keysUnder(redis), (keys) =>
    keys.length === 0 ? Effect.void : Effect.promise(() => redis.client.del(...keys))).pipe(Effect.ignore)

/** A connection under a fresh prefix; its keys are deleted before it closes. */
export const scopedRedis = (options: Redis.Options = {}): Effect.Effect<Redis.Redis.Service, never, Scope.Scope> =>
  Effect.tap(
    Effect.orDie(Redis.make({ url: redisUrl, prefix: randomPrefix(), ...options })),
    (redis) => Effect.addFinalizer(() => deleteKeys(redis))
  )

const freePort = Effect.async<number>((resume) => {
  const server = NodeNet.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as NodeNet.AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})

const waitForPing = (port: number) =>
  Effect.async<void>((resume) => {
    const deadline = Date.now() + 10_000
    const attempt = () => {
      const socket = NodeNet.connect(port, "127.0.0.1")
      socket.once("connect", () => {
        socket.end()
        resume(Effect.void)
      })
      socket.once("error", () => {
        socket.destroy()
        if (Date.now() > deadline) resume(Effect.dieMessage(`redis-server did not start on port ${port}`))
        else setTimeout(attempt, 20)
      })
    }
    attempt()
  })

export interface Server {
  readonly url: string
  readonly port: number
  /** SIGKILL: the connection drops as in a crash. */
  readonly stop: Effect.Effect<void>
  /** Starts a new, empty server on the same port. */
  readonly start: Effect.Effect<void>
}

/**
 * A throwaway `redis-server` (nothing on disk) on a free port, with `args` added to its command line (e.g.
 * `["--requirepass", "pw"]`); killed when the scope closes.
 */
export const throwawayServerWith = (args: ReadonlyArray<string>): Effect.Effect<Server, never, Scope.Scope> =>
  Effect.gen(function*() {
    const port = yield* freePort
    let child: NodeChildProcess.ChildProcess | undefined
    const stop = Effect.promise(() => {
      const running = child
      child = undefined
      if (running === undefined || running.exitCode !== null) return Promise.resolve()
      return new Promise<void>((resolve) => {
        running.once("exit", () => resolve())
        running.kill("SIGKILL")
      })
    })
    const start = Effect.zipRight(
      Effect.sync(() => {
        child = NodeChildProcess.spawn(
          "redis-server",
          ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...args],
          { stdio: "ignore" }
        )
      }),
      waitForPing(port)
    )
    yield* Effect.acquireRelease(start, () => stop)
    return { url: `redis://127.0.0.1:${port}`, port, stop, start }
  })

/** A throwaway `redis-server` with the default settings. */
export const throwawayServer: Effect.Effect<Server, never, Scope.Scope> = throwawayServerWith([])
