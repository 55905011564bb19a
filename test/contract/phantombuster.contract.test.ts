/**
 * PhantomBuster API v2 has no spec among ../shared/specs (only v1, legacy, Swagger 2.0): every operation is
 * capture-only. Requests are captured at a local server and checked against the v2 reference
 * (https://hub.phantombuster.com/reference): method, path, query parameters, body fields, the key header; the
 * reference's recorded examples (test/vendors/phantombuster/support/PhantomBusterExamples.ts, each with its URL)
 * decode with our Schemas. The coverage table lists every operation as NO SPEC.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as PhantomBusterClient from "../../src/vendors/phantombuster/PhantomBusterClient.js"
import * as PhantomBusterEvents from "../../src/vendors/phantombuster/PhantomBusterEvents.js"
import * as S from "../../src/vendors/phantombuster/PhantomBusterSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Examples from "../vendors/phantombuster/support/PhantomBusterExamples.js"
import * as Coverage from "./support/Coverage.js"

const KEY = Redacted.make("pb-contract-key")

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const answer = (request: RecordingServer.Captured): RecordingServer.Reply => {
  switch (request.path) {
    case "/agents/launch":
      return { body: Examples.launched }
    case "/agents/fetch":
      return { body: Examples.agent }
    case "/agents/fetch-all":
      return { body: [Examples.agent] }
    case "/agents/fetch-output":
      return { body: Examples.output }
    case "/containers/fetch":
      return { body: Examples.container }
    case "/containers/fetch-result-object":
      return { body: Examples.resultObject }
    case "/orgs/fetch":
      return { body: { id: "4242", name: "Acme" } }
    default:
      return { body: {} }
  }
}

/** The body fields the reference documents for each POST. */
const documentedBody: Record<string, ReadonlyArray<string>> = {
  "/agents/launch": ["id", "argument", "arguments", "bonusArgument", "saveArgument", "saveArguments", "manualLaunch", "maxInstanceCount"],
  "/agents/stop": ["id", "softAbort", "cascadeToAllSlaves", "dontLaunchSoon", "switchToManualLaunch"]
}

/** The query parameters the reference documents for each GET. */
const documentedQuery: Record<string, ReadonlyArray<string>> = {
  "/agents/fetch": ["id", "withManifest", "withAgentObject", "withCode", "withSlaves", "withSubSlaves"],
  "/agents/fetch-all": ["inputTypes", "outputTypes", "agentIds", "withAgentSlotsFactor", "withArgument"],
  "/agents/fetch-output": ["id", "fromOutputPos", "prevContainerId", "prevStatus", "prevRuntimeEventIndex"],
  "/containers/fetch": ["id", "withResultObject", "withOutput", "withRuntimeEvents", "withNewerAndOlderContainerId"],
  "/containers/fetch-result-object": ["id"],
  "/orgs/fetch": []
}

describe("PhantomBuster contract (capture-only)", () => {
  it.scoped("every operation sends the reference's method, path, documented fields, and the key header", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make(answer)
      const pb = yield* Coverage.tracking(PhantomBusterClient.make)({ apiKey: KEY, baseUrl: server.url })
      yield* pb.agents.launch({ id: "5027055349780535", argument: { n: 1 }, bonusArgument: "{\"m\":2}", saveArgument: false, manualLaunch: true, maxInstanceCount: 1 })
      yield* pb.agents.fetch("5027055349780535")
      yield* pb.agents.list()
      yield* pb.agents.fetchOutput({ id: "5027055349780535", fromOutputPos: 20 })
      yield* pb.agents.abort({ id: "5027055349780535", softAbort: true })
      const run = yield* pb.agents.launchAndWait({ id: "5027055349780535" })
      yield* pb.containers.fetch("3358014727012763")
      const result = yield* pb.containers.fetchResult("3358014727012763")
      yield* pb.healthCheck
      expect(run.result).toEqual(JSON.parse(Examples.resultObject.resultObject))
      expect(result).toEqual(run.result)
      const requests = yield* server.requests
      expect(new Set(requests.map((r) => `${r.method} ${r.path}`))).toEqual(
        new Set([
          "POST /agents/launch",
          "GET /agents/fetch",
          "GET /agents/fetch-all",
          "GET /agents/fetch-output",
          "POST /agents/stop",
          "GET /containers/fetch",
          "GET /containers/fetch-result-object",
          "GET /orgs/fetch"
        ])
      )
      for (const request of requests) {
        expect(request.headers["x-phantombuster-key-1"]).toBe("pb-contract-key")
        if (request.method === "POST") {
          expect(request.headers["content-type"]).toContain("application/json")
          const body = JSON.parse(request.body) as Record<string, unknown>
          expect(Object.keys(body).filter((k) => !documentedBody[request.path]!.includes(k)), request.path).toEqual([])
          expect(typeof body.id).toBe("string")
        } else {
          expect([...request.query.keys()].filter((k) => !documentedQuery[request.path]!.includes(k)), request.path).toEqual([])
        }
      }
    }).pipe(Effect.provide(Coverage.layer)))

  it.effect("the reference's recorded examples decode with our Schemas", () =>
    Effect.gen(function*() {
      yield* decodes(S.Launched, Examples.launched)
      expect((yield* decodes(S.Agent, Examples.agent)).lastEndType).toBe("finished")
      yield* decodes(S.AgentList, [Examples.agent])
      expect((yield* decodes(S.AgentOutput, Examples.output)).isAgentRunning).toBe(false)
      expect((yield* decodes(S.Container, Examples.container)).exitCode).toBe(0)
      yield* decodes(S.ResultObject, Examples.resultObject)
      yield* decodes(PhantomBusterEvents.AgentFinished, Examples.webhook)
    }))

  const noSpec = "capture-only: PhantomBuster API v2 has no spec among ../shared/specs (v1 legacy only)"
  Coverage.test({
    vendor: "PhantomBuster",
    specs: [],
    prism: false,
    unspecified: {
      "POST /agents/launch": noSpec,
      "POST /agents/stop": noSpec,
      "GET /agents/fetch": noSpec,
      "GET /agents/fetch-all": noSpec,
      "GET /agents/fetch-output": noSpec,
      "GET /containers/fetch": noSpec,
      "GET /containers/fetch-result-object": noSpec,
      "GET /orgs/fetch": noSpec
    },
    client: PhantomBusterClient.make({ apiKey: KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
