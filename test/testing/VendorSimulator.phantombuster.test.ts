import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"

const pb = (simulator: VendorSimulator.VendorSimulator.Service, key: string | null = "pb-key") =>
(path: string, json?: unknown) =>
  Http.send(`${simulator.baseUrl("phantombuster")}${path}`, {
    headers: key === null ? {} : { "x-phantombuster-key-1": key },
    ...(json === undefined ? {} : { json })
  })

describe("VendorSimulator: PhantomBuster", () => {
  it.scoped("runs a launched container on the clock: starting, running, finished with its result object", () =>
    Effect.gen(function*() {
      const call = pb(yield* VendorSimulator.make())
      const launch = yield* call("/agents/launch", { id: "1001", argument: { q: 1 } })
      const { containerId } = launch.json as { containerId: string }
      expect(containerId).toMatch(/^\d{16}$/)
      const status = () => Effect.map(call(`/containers/fetch?id=${containerId}`), (r) => (r.json as { status: string }).status)
      expect(yield* status()).toBe("starting")
      yield* TestClock.adjust("2 seconds")
      expect(yield* status()).toBe("running")
      yield* TestClock.adjust("30 seconds")
      expect(yield* status()).toBe("finished")
      const result = yield* call(`/containers/fetch-result-object?id=${containerId}`)
      expect(JSON.parse((result.json as { resultObject: string }).resultObject)).toEqual([{ profileUrl: "https://www.linkedin.com/in/example", query: { q: 1 } }])
    }))

  it.scoped("refuses a missing key with 401, an unknown agent with 400 on launch and 404 on fetch", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      expect((yield* pb(simulator, null)("/orgs/fetch")).status).toBe(401)
      expect((yield* pb(simulator)("/agents/launch", { id: "42" })).status).toBe(400)
      expect((yield* pb(simulator)("/agents/fetch?id=42")).status).toBe(404)
    }))
})
