import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as PhantomBusterClient from "../../../src/vendors/phantombuster/PhantomBusterClient.js"
import * as PhantomBusterEvents from "../../../src/vendors/phantombuster/PhantomBusterEvents.js"
import * as Agents from "../../../src/vendors/phantombuster/resources/Agents.js"
import * as RecordingServer from "../../support/RecordingServer.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as Examples from "./support/PhantomBusterExamples.js"

const KEY = "pb_canary_key_Vn7c2Wq9"

const client = (options: Partial<PhantomBusterClient.Options> = {}) => PhantomBusterClient.make({ apiKey: Redacted.make(KEY), ...options })

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

describe("PhantomBusterClient", () => {
  it.scoped("sends the key in X-Phantombuster-Key-1, the launch as JSON, ids in the query string", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make((request) => ({
        body: request.path === "/agents/launch" ? Examples.launched : Examples.agent
      }))
      const pb = yield* client({ baseUrl: server.url })
      const launched = yield* pb.agents.launch({ id: "5027055349780535", argument: { numberOfProfiles: 10 }, saveArgument: true })
      expect(launched.containerId).toBe("3358014727012763")
      yield* pb.agents.fetch("5027055349780535")
      const [launch, fetch] = yield* server.requests
      expect([launch?.method, launch?.path]).toEqual(["POST", "/agents/launch"])
      expect(launch?.headers["x-phantombuster-key-1"]).toBe(KEY)
      expect(JSON.parse(launch!.body)).toEqual({ id: "5027055349780535", argument: { numberOfProfiles: 10 }, saveArgument: true })
      expect([fetch?.method, fetch?.path, fetch?.query.get("id")]).toEqual(["GET", "/agents/fetch", "5027055349780535"])
      expect(launch?.query.toString()).toBe("")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it("decides a container's verdict: finished with 0 is done, another exit code or a launch error failed, else pending", () => {
    expect(Agents.decide({ id: "1", status: "finished", exitCode: 0 })._tag).toBe("Done")
    expect(Agents.decide({ id: "1", status: "finished", exitCode: 1, endType: "finished" })).toMatchObject({ _tag: "Failed" })
    expect(Agents.decide({ id: "1", status: "finished", exitCode: null, endType: "killed" })).toMatchObject({ _tag: "Failed" })
    expect(Agents.decide({ id: "1", status: "launch error" })._tag).toBe("Failed")
    expect(Agents.decide({ id: "1", status: "running" })._tag).toBe("Pending")
    expect(Agents.decide({ id: "1", status: "queued-by-new-api" })._tag).toBe("Pending")
  })

  it.scoped("a launch that got a 500 is not repeated; the key never reaches logs or errors", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const logger = Logger.make(({ annotations, message }) => lines.push(JSON.stringify([message, [...annotations]])))
      const stub = yield* StubHttp.make(() => StubHttp.json(500, { error: `boom ${KEY}` }))
      const pb = yield* client().pipe(Effect.provide(stub.layer))
      const error = yield* Effect.flip(pb.agents.launch({ id: "1001" })).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Logger.withMinimumLogLevel(LogLevel.All)
      )
      expect([error.reason, error.status]).toEqual(["Server", 500])
      expect(lines.length).toBeGreaterThan(0)
      expect(yield* stub.requests).toHaveLength(1)
      for (const text of [lines.join("\n"), error.message, JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
        expect(text).not.toContain(KEY)
      }
    }))

  it.scoped("a result object that is not JSON is ResponseDrift, an empty one undefined", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make((attempt) => StubHttp.json(200, { resultObject: attempt === 1 ? "{oops" : null }))
      const pb = yield* client().pipe(Effect.provide(stub.layer))
      expect((yield* Effect.flip(pb.containers.fetchResult("1"))).reason).toBe("ResponseDrift")
      expect(yield* pb.containers.fetchResult("1")).toBeUndefined()
    }))

  it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(IntegrationConfig.layer(PhantomBusterClient.fromEnv)).pipe(
          Effect.scoped,
          Effect.provide(NodeHttpClient.layerUndici),
          withEnv([["PHANTOMBUSTER_BASE_URL", "ftp:/nope"]])
        )
      )
      expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
        ["PHANTOMBUSTER_API_KEY", "Missing"],
        ["PHANTOMBUSTER_BASE_URL", "Invalid"]
      ])
    }))

  it.effect("layerTest serves the given methods and fails naming any other", () =>
    Effect.gen(function*() {
      const pb = yield* PhantomBusterClient.PhantomBusterClient
      expect((yield* pb.agents.launch({ id: "1" })).containerId).toBe("2")
      const exit = yield* Effect.exit(Effect.suspend(() => pb.agents.list()))
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("PhantomBusterClient.agents.list is not implemented")
    }).pipe(Effect.provide(PhantomBusterClient.layerTest({ agents: { launch: () => Effect.succeed({ containerId: "2" }) } }))))
})

describe("PhantomBusterEvents", () => {
  it.effect("the documented webhook example decodes; its result object is parsed, string or object", () =>
    Effect.gen(function*() {
      const event = yield* PhantomBusterEvents.decodeEventJson(JSON.stringify(Examples.webhook))
      expect([event.containerId, PhantomBusterEvents.isSuccess(event)]).toEqual(["3358014727012763", true])
      expect(PhantomBusterEvents.result(event)).toEqual({ profiles: [{ url: "https://www.linkedin.com/in/example" }] })
      const asObject = yield* PhantomBusterEvents.decodeEvent({ ...Examples.webhook, resultObject: { n: 1 } })
      expect(PhantomBusterEvents.result(asObject)).toEqual({ n: 1 })
      const failed = yield* PhantomBusterEvents.decodeEvent({ ...Examples.webhook, exitCode: 1, exitMessage: "agent timeout" })
      expect(PhantomBusterEvents.isSuccess(failed)).toBe(false)
      expect(PhantomBusterEvents.dedupKey(failed)).toBe("phantombuster:5027055349780535:3358014727012763")
      expect((yield* Effect.flip(PhantomBusterEvents.decodeEvent({ agentId: "1" })))._tag).toBe("ParseError")
    }))

  it("checkSecret accepts any configured secret in the URL's query, and nothing else", () => {
    const secrets = [Redacted.make("n3w-s3cret"), Redacted.make("old-s3cret")]
    expect(PhantomBusterEvents.checkSecret("https://hooks.acme.dev/pb?secret=n3w-s3cret", secrets)).toBe(true)
    expect(PhantomBusterEvents.checkSecret("/pb?secret=old-s3cret&x=1", secrets)).toBe(true)
    expect(PhantomBusterEvents.checkSecret("/pb?secret=old-s3cre", secrets)).toBe(false)
    expect(PhantomBusterEvents.checkSecret("/pb?secret=", secrets)).toBe(false)
    expect(PhantomBusterEvents.checkSecret("/pb", secrets)).toBe(false)
    expect(PhantomBusterEvents.checkSecret("/pb?token=n3w-s3cret", secrets, "token")).toBe(true)
    expect(PhantomBusterEvents.checkSecret("/pb?secret=", [Redacted.make("")])).toBe(false)
  })
})
