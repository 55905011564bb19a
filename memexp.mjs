import { fork } from "node:child_process"
import * as http from "node:http"
import { Effect, Layer, ManagedRuntime, Redacted, Schema, Fiber } from "effect"
import { Agent } from "undici"
import { HttpIntegration, Credentials } from "./dist/src/index.js"
import { UndiciTransport } from "./dist/src/transport/index.js"
if (process.argv[2] === "server") {
  const held = []
  http.createServer((req, res) => { req.resume(); if (req.url === "/release") { held.splice(0).forEach((r) => r.end("{}")); res.end("ok"); return } held.push(res); if (held.length % 1000 === 0) process.send(held.length) }).listen(0, "127.0.0.1", function () { process.send(this.address().port) })
} else {
  const child = fork(new URL(import.meta.url).pathname, ["server"])
  const port = await new Promise((r) => child.once("message", r))
  const origin = `http://127.0.0.1:${port}`
  const N = 5000
  const waitHeld = () => new Promise((r) => { const on = (n) => { if (n >= N) { child.off("message", on); r() } }; child.on("message", on) })
  const release = () => fetch(origin + "/release")
  const gc = async () => { for (let i = 0; i < 3; i++) { global.gc(); await new Promise((r) => setTimeout(r, 20)) } }
  const agent = new Agent({ connections: null })
  const rt = ManagedRuntime.make(UndiciTransport.layer())
  const httpI = await rt.runPromise(Effect.scoped(HttpIntegration.make({ vendor: "M", baseUrl: origin, auth: HttpIntegration.bearer(Credentials.fixed(Redacted.make("k"))), bulkhead: { maxConcurrent: 10000, maxQueue: 0 }, policy: { timeout: "10 minutes" } })))
  const op = httpI.operation({ name: "get", method: "GET", input: Schema.Void, output: Schema.Unknown, request: () => ({ path: "/x" }) })
  const variants = {
    "promise undici": async () => { const ps = Array.from({ length: N }, () => agent.request({ origin, path: "/x", method: "GET" }).then((r) => r.body.text())); return ps },
    "effect fibers + tryPromise(undici)": async () => { const f = rt.runFork(Effect.all(Array.from({ length: N }, () => Effect.tryPromise(() => agent.request({ origin, path: "/x", method: "GET" }).then((r) => r.body.text()))), { concurrency: "unbounded" })); return f },
    "effect fibers + ours": async () => rt.runFork(Effect.all(Array.from({ length: N }, () => op()), { concurrency: "unbounded" })),
  }
  for (const [name, start] of Object.entries(variants)) {
    await gc(); const before = process.memoryUsage().heapUsed
    const handle = await start(); await waitHeld(); await gc()
    if (process.env.SNAP === name) { (await import("node:v8")).writeHeapSnapshot("/tmp/ours.heapsnapshot") }
    const during = process.memoryUsage().heapUsed
    await release()
    if (Array.isArray(handle)) await Promise.all(handle); else await rt.runPromise(Fiber.join(handle))
    console.log(name.padEnd(36), ((during - before) / N).toFixed(0), "B heap per held call")
  }
  child.kill(); process.exit(0)
}
