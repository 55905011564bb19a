import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as FileSystem from "@effect/platform/FileSystem"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Faults from "../../src/testing/Faults.js"

const withFile = (content: string) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped()
    const file = `${dir}/faults.json`
    yield* fs.writeFileString(file, content)
    return file
  })

describe("Faults", () => {
  it.scoped("loads a fault file with every kind of rule", () =>
    Effect.gen(function*() {
      const plan = {
        seed: 42,
        rules: [
          { kind: "status", vendor: "stripe", route: "POST /v1/customers", status: 503, probability: 0.2, retryAfterSeconds: 1 },
          { kind: "reset", vendor: "openai", times: 1 },
          { kind: "resetAfterCommit", route: "POST /emails", after: 2 },
          { kind: "latency", ms: 250, jitterMs: 50 },
          { kind: "latency", vendor: "openai", ms: 60_000, during: "response" },
          { kind: "truncate", fraction: 0.3 },
          { kind: "malformed" },
          { kind: "drift", op: "rename", path: "id", to: "ID" },
          { kind: "drift", op: "retype", path: "amount", as: "string" },
          { kind: "drift", op: "remove", path: "data.email" },
          { kind: "outage", vendor: "anthropic", fromMs: 1000, toMs: 5000, status: 529 },
          { kind: "outage", vendor: "openai", after: 1, requests: 5, mode: "reset" },
          { kind: "rateLimit", vendor: "hubspot", limit: 10, windowMs: 1000 }
        ]
      }
      const file = yield* withFile(JSON.stringify(plan))
      const loaded = yield* Faults.load(file)
      expect(loaded).toEqual(plan)
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("names the field of a latency that is neither during processing nor the response", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Faults.parse(JSON.stringify({ rules: [{ kind: "latency", ms: 5, during: "later" }] }), "plan.json"))
      expect(error.file).toBe("plan.json")
      expect(error.field).toBe("rules[0].during")
    }))

  it.scoped("names the file and the field of an invalid rule", () =>
    Effect.gen(function*() {
      const file = yield* withFile(JSON.stringify({
        rules: [{ kind: "latency", ms: 10 }, { kind: "status", status: 503, probability: 1.5 }]
      }))
      const error = yield* Effect.flip(Faults.load(file))
      expect(error._tag).toBe("FaultFileError")
      expect(error.file).toBe(file)
      expect(error.field).toBe("rules[1].probability")
      expect(error.message).toBe(`${file}: rules[1].probability: a probability between 0 and 1`)
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("names the field for unknown kinds, unknown routes, unexpected fields and inverted windows", () =>
    Effect.gen(function*() {
      const field = (input: unknown) => Effect.map(Effect.flip(Faults.decode(input, "plan.json")), (e) => [e.field, e.message] as const)
      const [kind, kindMessage] = yield* field({ rules: [{ kind: "explode" }] })
      expect(kind).toBe("rules[0].kind")
      expect(kindMessage).toContain("expected one of \"status\"")
      const [route, routeMessage] = yield* field({ rules: [{ kind: "reset", route: "POST /v1/customer" }] })
      expect(route).toBe("rules[0].route")
      expect(routeMessage).toContain("unknown route \"POST /v1/customer\"")
      expect((yield* field({ rules: [{ kind: "reset", probabilty: 0.5 }] }))[0]).toBe("rules[0].probabilty")
      expect((yield* field({ rules: [{ kind: "outage", fromMs: 5000, toMs: 1000 }] }))[0]).toBe("rules[0].toMs")
      // An outage is a window or a count: neither, both, or a count's `after` on a window name the field.
      expect(yield* field({ rules: [{ kind: "outage", vendor: "openai" }] })).toEqual([
        "rules[0].fromMs",
        "plan.json: rules[0].fromMs: an outage needs a time window (fromMs and toMs) or a count (requests)"
      ])
      expect((yield* field({ rules: [{ kind: "outage", requests: 3, toMs: 1000 }] }))[0]).toBe("rules[0].toMs")
      expect((yield* field({ rules: [{ kind: "outage", fromMs: 0, toMs: 1000, after: 2 }] }))[0]).toBe("rules[0].after")
      expect((yield* field({ rules: [{ kind: "outage", requests: 0 }] }))[0]).toBe("rules[0].requests")
      expect((yield* field({ rules: [{ kind: "drift", op: "rename", path: "id" }] }))[0]).toBe("rules[0].to")
      expect((yield* field({ rules: [{ kind: "drift", op: "shuffle", path: "id" }] }))[0]).toBe("rules[0].op")
      expect((yield* field({ seed: "abc" }))[0]).toBe("seed")
      expect((yield* field({ rules: [{ kind: "status", vendor: "paypal", status: 500 }] }))[0]).toBe("rules[0].vendor")
    }))

  it.scoped("reports unparseable JSON and unreadable files with the file name", () =>
    Effect.gen(function*() {
      const file = yield* withFile("{ \"rules\": [ }")
      const broken = yield* Effect.flip(Faults.load(file))
      expect(broken.field).toBe("")
      expect(broken.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid JSON`))
      const missing = yield* Effect.flip(Faults.load(`${file}.missing`))
      expect(missing.message).toContain(`${file}.missing: cannot read the file`)
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it("makes a checked plan from rules, and dies naming the field of a bad one", () => {
    expect(Faults.make({ rules: [{ kind: "reset" }] })).toEqual({ rules: [{ kind: "reset" }] })
    expect(() => Faults.make({ rules: [{ kind: "latency", ms: -1 }] })).toThrow(/rules\[0\]\.ms/)
  })
})
