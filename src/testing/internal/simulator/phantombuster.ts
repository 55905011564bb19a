/**
 * PhantomBuster (API v2): agents (launch, stop, fetch, fetch-all, fetch-output), containers (fetch, result object) and
 * the `GET /orgs/fetch` of health checks. The key is the `X-Phantombuster-Key-1` header (or `X-Phantombuster-Key`);
 * errors are `{ error }`. Three seeded agents: `1001` finishes after 30 s with exit code 0 and a result object,
 * `1002` fails after 10 s with exit code 1, `1003` runs for an hour. A run's status follows Effect's `Clock` from its
 * launch, so `TestClock` drives it; stopping a running agent kills its container.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { header, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

interface AgentSpec {
  readonly id: string
  readonly name: string
  readonly script: string
  readonly runMs: number
  readonly exitCode: number
}

interface Run {
  readonly id: string
  readonly agentId: string
  readonly createdAt: number
  readonly argument: unknown
  killedAt: number | undefined
}

const agents: ReadonlyArray<AgentSpec> = [
  { id: "1001", name: "LinkedIn Search Export", script: "LinkedIn Search Export.js", runMs: 30_000, exitCode: 0 },
  { id: "1002", name: "Broken Scraper", script: "Broken Scraper.js", runMs: 10_000, exitCode: 1 },
  { id: "1003", name: "Slow Crawler", script: "Slow Crawler.js", runMs: 3_600_000, exitCode: 0 }
]

const invalid = (status: number, message: string): SimResponse => rejected(status, { error: message })

/** @internal */
export const make = (shared: Shared): VendorModule<"phantombuster"> => {
  const runs = new Map<string, Run>()

  const state = (run: Run, now: number) => {
    const spec = agents.find((a) => a.id === run.agentId)!
    const endsAt = run.createdAt + spec.runMs
    if (run.killedAt !== undefined && run.killedAt < endsAt) {
      return { status: "finished", endType: "killed", exitCode: null, endedAt: run.killedAt }
    }
    if (now < run.createdAt + 1000) return { status: "starting", endType: undefined, exitCode: null, endedAt: undefined }
    if (now < endsAt) return { status: "running", endType: undefined, exitCode: null, endedAt: undefined }
    return { status: "finished", endType: "finished", exitCode: spec.exitCode, endedAt: endsAt }
  }

  const containerView = (run: Run, now: number) => {
    const s = state(run, now)
    return {
      id: run.id,
      agentId: run.agentId,
      status: s.status,
      createdAt: run.createdAt,
      launchedAt: run.createdAt,
      launchType: "user api call",
      retryNumber: 0,
      ...(s.endType === undefined ? {} : { endType: s.endType, endedAt: s.endedAt, exitCode: s.exitCode })
    }
  }

  const latest = (agentId: string) =>
    [...runs.values()].filter((r) => r.agentId === agentId).sort((a, b) => b.createdAt - a.createdAt)[0]

  const agentView = (spec: AgentSpec, now: number) => {
    const last = latest(spec.id)
    const s = last === undefined ? undefined : state(last, now)
    return {
      id: spec.id,
      name: spec.name,
      script: spec.script,
      scriptId: `7${spec.id}`,
      branch: "master",
      argument: "{}",
      launchType: "manually",
      nbContainersRunning: s !== undefined && s.status !== "finished" ? 1 : 0,
      ...(s?.endType === undefined ? {} : { lastEndType: s.endType, lastEndedAt: s.endedAt, lastExitCode: s.exitCode })
    }
  }

  const agentOf = (id: string | null) => agents.find((a) => a.id === id)

  const launch = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid(400, "Invalid JSON body")
    const spec = agentOf(typeof parsed.value.id === "string" ? parsed.value.id : null)
    if (spec === undefined) return invalid(400, "No agent exists with the provided id.")
    const argument = parsed.value.argument ?? parsed.value.bonusArgument
    if (typeof argument === "string" && argument.length > 100_000) return invalid(400, "The launch argument is too big.")
    const id = shared.id("", 16, "0123456789")
    runs.set(id, { id, agentId: spec.id, createdAt: request.now, argument, killedAt: undefined })
    shared.commit(request, "agent.launched", id)
    return json(200, { containerId: id })
  }

  const stop = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid(400, "Invalid JSON body")
    const spec = agentOf(typeof parsed.value.id === "string" ? parsed.value.id : null)
    if (spec === undefined) return invalid(400, "No agent exists with the provided id.")
    for (const run of runs.values()) {
      if (run.agentId === spec.id && state(run, request.now).status !== "finished") {
        run.killedAt = request.now
        shared.commit(request, "agent.stopped", run.id)
      }
    }
    return json(200, {})
  }

  const output = (request: SimRequest): SimResponse => {
    const spec = agentOf(request.query.get("id"))
    if (spec === undefined) return invalid(404, "Agent not found.")
    const last = latest(spec.id)
    if (last === undefined) return json(200, { status: "never launched", isAgentRunning: false, canSoftAbort: false })
    const s = state(last, request.now)
    const text = s.status === "finished" ? `Agent started\nDone (exit code ${s.exitCode ?? "none"})\n` : "Agent started\n"
    const from = Number(request.query.get("fromOutputPos") ?? "0")
    return json(200, {
      containerId: last.id,
      status: s.status,
      output: text.slice(Math.min(from, text.length)),
      outputPos: text.length,
      isAgentRunning: s.status !== "finished",
      canSoftAbort: s.status === "running",
      progress: s.status === "finished" ? 1 : 0.5,
      ...(s.endedAt === undefined ? {} : { mostRecentEndedAt: s.endedAt })
    })
  }

  return {
    vendor: "phantombuster",
    handlers: {
      "POST /api/v2/agents/launch": (request) => Effect.sync(() => launch(request)),
      "POST /api/v2/agents/stop": (request) => Effect.sync(() => stop(request)),
      "GET /api/v2/agents/fetch": (request) =>
        Effect.sync(() => {
          const spec = agentOf(request.query.get("id"))
          return spec === undefined ? invalid(404, "Agent not found.") : json(200, agentView(spec, request.now))
        }),
      "GET /api/v2/agents/fetch-all": (request) => Effect.sync(() => json(200, agents.map((spec) => agentView(spec, request.now)))),
      "GET /api/v2/agents/fetch-output": (request) => Effect.sync(() => output(request)),
      "GET /api/v2/containers/fetch": (request) =>
        Effect.sync(() => {
          const run = runs.get(request.query.get("id") ?? "")
          return run === undefined ? invalid(404, "No container exists with the provided id.") : json(200, containerView(run, request.now))
        }),
      "GET /api/v2/containers/fetch-result-object": (request) =>
        Effect.sync(() => {
          const run = runs.get(request.query.get("id") ?? "")
          if (run === undefined) return invalid(404, "No container exists with the provided id.")
          const s = state(run, request.now)
          const done = s.status === "finished" && s.exitCode === 0
          return json(200, {
            resultObject: done ? JSON.stringify([{ profileUrl: "https://www.linkedin.com/in/example", query: run.argument ?? null }]) : null
          })
        }),
      "GET /api/v2/orgs/fetch": () => Effect.sync(() => json(200, { id: "4242", name: "Simulated org" }))
    },
    authenticate: (request) => {
      const key = header(request, "x-phantombuster-key-1") ?? header(request, "x-phantombuster-key")
      const accepted = shared.keys("phantombuster")
      const ok = key !== undefined && key !== "" && (accepted === undefined || accepted.includes(key))
      return ok ? undefined : json(401, { error: "Unauthorized: invalid API key." })
    },
    error: (_request, status, message) => json(status, { error: message ?? (status >= 500 ? "Internal server error" : "Bad request") }),
    notFound: () => json(404, { error: "Not found" }),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    // PhantomBuster documents no request quota nor rate-limit headers.
    rateLimit: { limit: 100, windowMs: 1000, headers: () => ({}) },
    reset: () => runs.clear()
  }
}
