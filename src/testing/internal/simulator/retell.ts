/**
 * Retell AI: calls (create phone and web calls, register, retrieve, list with `pagination_key`, update, stop,
 * delete), voice agents (create, retrieve a version, list, update the draft, publish a version, versions, delete) and
 * phone numbers (retrieve, list). Bearer `key_...` keys; errors are `{ status: "error", message }` with the statuses of
 * Retell's API reference; no idempotency key (a repeated creation makes a second call, as Retell would). One agent and
 * one number bound to it are seeded, so an outbound call can be placed at once.
 *
 * Publishing a version marks it published and opens the next version as the draft, as Retell's dashboard shows it.
 * Stopping a call that has already ended answers 204 again (the simulator's reading: nothing is left to stop).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { bearer, empty, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const failure = (status: number, message: string): SimResponse => json(status, { status: "error", message })
const invalid = (message: string): SimResponse => rejected(400, { status: "error", message })
/** Retell's reference documents a missing call, agent or number as a 422, not a 404. */
const missing = (): SimResponse => failure(422, "Cannot find requested asset under given api key.")

const E164 = /^\+[1-9]\d{1,14}$/
const HEX = "0123456789abcdef"

/** @internal */
export const seededAgentId = "agent_5f0b1c2d3e4f5a6b7c8d9e0f1a"
/** @internal */
export const seededNumber = "+14155550100"

type Json = Record<string, unknown>

interface Agent {
  readonly agent_id: string
  readonly versions: Array<Json>
  deleted: boolean
}

const param = (request: SimRequest, name: string): string => {
  const raw = request.params[name] ?? ""
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

const body = (request: SimRequest): Json | undefined => {
  const parsed = jsonBody(request)
  return parsed.ok && isRecord(parsed.value) ? parsed.value : undefined
}

const limitOf = (value: unknown): number | undefined =>
  value === undefined ? 50 : typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1000 ? value : undefined

/** Items after the item whose key is `after`, `limit` of them, with the page's `has_more` and next key. */
const pageOf = <A>(items: ReadonlyArray<A>, keyOf: (a: A) => string, after: unknown, limit: number) => {
  const start = typeof after === "string" ? items.findIndex((item) => keyOf(item) === after) + 1 : 0
  const page = items.slice(start, start + limit)
  const hasMore = start + limit < items.length
  return { items: page, has_more: hasMore, ...(hasMore ? { pagination_key: keyOf(page[page.length - 1]!) } : {}) }
}

/** @internal */
export const make = (shared: Shared): VendorModule<"retell"> => {
  const calls = new Map<string, Json>()
  const agents = new Map<string, Agent>()
  const numbers = new Map<string, Json>()

  const seed = () => {
    agents.set(seededAgentId, {
      agent_id: seededAgentId,
      deleted: false,
      versions: [{
        agent_id: seededAgentId,
        version: 0,
        is_published: false,
        agent_name: "Front desk",
        voice_id: "11labs-Adrian",
        language: "en-US",
        response_engine: { type: "retell-llm", llm_id: "llm_234sdertfsdsfsdf", version: 0 },
        last_modification_timestamp: 1_700_000_000_000
      }]
    })
    numbers.set(seededNumber, {
      phone_number: seededNumber,
      phone_number_type: "retell-twilio",
      phone_number_pretty: "+1 (415) 555-0100",
      nickname: "Front desk",
      area_code: 415,
      inbound_agent_id: seededAgentId,
      outbound_agent_id: seededAgentId,
      last_modification_timestamp: 1_700_000_000_000
    })
  }
  seed()

  const latest = (agent: Agent): Json => agent.versions[agent.versions.length - 1]!
  const liveAgent = (id: string): Agent | undefined => {
    const agent = agents.get(id)
    return agent === undefined || agent.deleted ? undefined : agent
  }

  const newCall = (request: SimRequest, fields: Json, agent: Agent): SimResponse => {
    const call_id = `call_${shared.id("", 28, HEX)}`
    const call = {
      call_id,
      agent_id: agent.agent_id,
      agent_version: latest(agent).version,
      agent_name: latest(agent).agent_name,
      call_status: "registered",
      start_timestamp: request.now,
      ...fields
    }
    calls.set(call_id, call)
    shared.commit(request, "call.created", call_id)
    return json(201, call)
  }

  const optionalFields = (input: Json) => ({
    ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
    ...(isRecord(input.retell_llm_dynamic_variables) ? { retell_llm_dynamic_variables: input.retell_llm_dynamic_variables } : {})
  })

  const createPhoneCall = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (input === undefined) return invalid("Invalid request format, please check API reference.")
    if (typeof input.from_number !== "string" || !E164.test(input.from_number)) return invalid("from_number must be in E.164 format.")
    if (typeof input.to_number !== "string" || !E164.test(input.to_number)) return invalid("to_number must be in E.164 format.")
    const number = numbers.get(input.from_number)
    if (number === undefined) return missing()
    const agentId = typeof input.override_agent_id === "string" ? input.override_agent_id : String(number.outbound_agent_id)
    const agent = liveAgent(agentId)
    if (agent === undefined) return missing()
    return newCall(request, {
      call_type: "phone_call",
      direction: "outbound",
      from_number: input.from_number,
      to_number: input.to_number,
      ...optionalFields(input)
    }, agent)
  }

  const createWebCall = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (input === undefined || typeof input.agent_id !== "string") return invalid("agent_id is required.")
    const agent = liveAgent(input.agent_id)
    if (agent === undefined) return missing()
    return newCall(request, { call_type: "web_call", access_token: shared.id("eyJ", 40), ...optionalFields(input) }, agent)
  }

  const registerPhoneCall = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (input === undefined || typeof input.agent_id !== "string") return invalid("agent_id is required.")
    const agent = liveAgent(input.agent_id)
    if (agent === undefined) return missing()
    return newCall(request, {
      call_type: "phone_call",
      direction: input.direction === "outbound" ? "outbound" : "inbound",
      from_number: typeof input.from_number === "string" ? input.from_number : "",
      to_number: typeof input.to_number === "string" ? input.to_number : "",
      ...optionalFields(input)
    }, agent)
  }

  const listCalls = (request: SimRequest): SimResponse => {
    const input = body(request) ?? {}
    const limit = limitOf(input.limit)
    if (limit === undefined) return invalid("limit must be an integer between 1 and 1000.")
    const all = [...calls.values()].sort((a, b) => Number(a.start_timestamp) - Number(b.start_timestamp))
    const ordered = input.sort_order === "ascending" ? all : all.reverse()
    return json(200, pageOf(ordered, (call) => String(call.call_id), input.pagination_key, limit))
  }

  const updateCall = (request: SimRequest): SimResponse => {
    const call = calls.get(param(request, "call_id"))
    if (call === undefined) return missing()
    const input = body(request)
    if (input === undefined) return invalid("Invalid request format, please check API reference.")
    for (const field of ["metadata", "custom_attributes", "data_storage_setting"]) {
      if (input[field] !== undefined) call[field] = input[field]
    }
    return json(200, call)
  }

  const stopCall = (request: SimRequest): SimResponse => {
    const call = calls.get(param(request, "call_id"))
    if (call === undefined) return missing()
    if (call.call_status !== "ended") {
      call.call_status = "ended"
      call.end_timestamp = request.now
      shared.commit(request, "call.stopped", String(call.call_id))
    }
    return empty(204)
  }

  const deleteCall = (request: SimRequest): SimResponse => {
    const id = param(request, "call_id")
    if (!calls.delete(id)) return missing()
    shared.commit(request, "call.deleted", id)
    return empty(204)
  }

  const agentSettings = (input: Json): Json => {
    const { agent_id: _id, version: _version, last_modification_timestamp: _at, is_published: _published, ...rest } = input
    return rest
  }

  const createAgent = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (input === undefined || !isRecord(input.response_engine)) return invalid("response_engine is required.")
    if (typeof input.voice_id !== "string" || input.voice_id === "") return invalid("voice_id is required.")
    const agent_id = `agent_${shared.id("", 26, HEX)}`
    const first = { ...agentSettings(input), agent_id, version: 0, is_published: false, last_modification_timestamp: request.now }
    agents.set(agent_id, { agent_id, versions: [first], deleted: false })
    shared.commit(request, "agent.created", agent_id)
    return json(201, first)
  }

  const versionOf = (agent: Agent, raw: string | null): Json | undefined =>
    raw === null ? latest(agent) : agent.versions.find((version) => String(version.version) === raw)

  const retrieveAgent = (request: SimRequest): SimResponse => {
    const agent = liveAgent(param(request, "agent_id"))
    const version = agent === undefined ? undefined : versionOf(agent, request.query.get("version"))
    return version === undefined ? missing() : json(200, version)
  }

  const listAgents = (request: SimRequest): SimResponse => {
    const input = body(request) ?? {}
    const limit = limitOf(input.limit)
    if (limit === undefined) return invalid("limit must be an integer between 1 and 1000.")
    const items = [...agents.values()].filter((agent) => !agent.deleted).map((agent) => ({
      agent_id: agent.agent_id,
      agent_name: latest(agent).agent_name ?? "",
      channel: "voice",
      tags: {},
      user_modified_timestamp: latest(agent).last_modification_timestamp
    }))
    const ordered = input.sort_order === "ascending" ? items : items.reverse()
    return json(200, pageOf(ordered, (item) => item.agent_id, input.pagination_key, limit))
  }

  const updateAgent = (request: SimRequest): SimResponse => {
    const agent = liveAgent(param(request, "agent_id"))
    const version = agent === undefined ? undefined : versionOf(agent, request.query.get("version"))
    if (version === undefined) return missing()
    if (version.is_published === true) return invalid("A published version cannot be updated; update the draft.")
    const input = body(request)
    if (input === undefined) return invalid("Invalid request format, please check API reference.")
    Object.assign(version, agentSettings(input), { last_modification_timestamp: request.now })
    return json(200, version)
  }

  const publishAgent = (request: SimRequest): SimResponse => {
    const agent = liveAgent(param(request, "agent_id"))
    if (agent === undefined) return missing()
    const input = body(request)
    if (input === undefined || typeof input.version !== "number") return invalid("version is required.")
    const version = versionOf(agent, String(input.version))
    if (version === undefined) return missing()
    if (version.is_published !== true) {
      version.is_published = true
      shared.commit(request, "agent.published", `${agent.agent_id}@${input.version}`)
      if (version === latest(agent)) {
        agent.versions.push({ ...version, version: Number(version.version) + 1, is_published: false, last_modification_timestamp: request.now })
      }
    }
    return empty(200)
  }

  const deleteAgent = (request: SimRequest): SimResponse => {
    const agent = liveAgent(param(request, "agent_id"))
    if (agent === undefined) return missing()
    agent.deleted = true
    shared.commit(request, "agent.deleted", agent.agent_id)
    return empty(204)
  }

  const listNumbers = (request: SimRequest): SimResponse => {
    const limit = limitOf(request.query.has("limit") ? Number(request.query.get("limit")) : undefined)
    if (limit === undefined) return invalid("limit must be an integer between 1 and 1000.")
    const all = [...numbers.values()]
    const ordered = request.query.get("sort_order") === "ascending" ? all : all.reverse()
    return json(200, pageOf(ordered, (number) => String(number.phone_number), request.query.get("pagination_key") ?? undefined, limit))
  }

  const sync = (handler: (request: SimRequest) => SimResponse) => (request: SimRequest) => Effect.sync(() => handler(request))

  return {
    vendor: "retell",
    handlers: {
      "POST /v2/create-phone-call": sync(createPhoneCall),
      "POST /v2/create-web-call": sync(createWebCall),
      "POST /v2/register-phone-call": sync(registerPhoneCall),
      "GET /v2/get-call/{call_id}": sync((request) => {
        const call = calls.get(param(request, "call_id"))
        return call === undefined ? missing() : json(200, call)
      }),
      "POST /v3/list-calls": sync(listCalls),
      "PATCH /v2/update-call/{call_id}": sync(updateCall),
      "POST /v2/stop-call/{call_id}": sync(stopCall),
      "DELETE /v2/delete-call/{call_id}": sync(deleteCall),
      "POST /create-agent": sync(createAgent),
      "GET /get-agent/{agent_id}": sync(retrieveAgent),
      "POST /v2/list-agents": sync(listAgents),
      "PATCH /update-agent/{agent_id}": sync(updateAgent),
      "POST /publish-agent-version/{agent_id}": sync(publishAgent),
      "GET /get-agent-versions/{agent_id}": sync((request) => {
        const agent = liveAgent(param(request, "agent_id"))
        return agent === undefined ? missing() : json(200, agent.versions)
      }),
      "DELETE /delete-agent/{agent_id}": sync(deleteAgent),
      "GET /get-phone-number/{phone_number}": sync((request) => {
        const number = numbers.get(param(request, "phone_number"))
        return number === undefined ? missing() : json(200, number)
      }),
      "GET /v2/list-phone-numbers": sync(listNumbers)
    },
    authenticate: (request) => {
      const key = bearer(request)
      const accepted = shared.keys("retell")
      const ok = key !== undefined && (accepted === undefined ? key.startsWith("key_") : accepted.includes(key))
      return ok ? undefined : failure(401, "API key is missing or invalid.")
    },
    error: (_request, status, message) => {
      switch (status) {
        case 401:
          return failure(401, message ?? "API key is missing or invalid.")
        case 402:
          return failure(402, message ?? "Trial has ended, please add payment method.")
        case 404:
          return failure(404, message ?? "The requested resource was not found.")
        case 422:
          return failure(422, message ?? "Cannot find requested asset under given api key.")
        case 429:
          return failure(429, message ?? "Account rate limited, please throttle your requests.")
        default:
          return status >= 500
            ? failure(status, message ?? "An unexpected server error occurred.")
            : failure(status, message ?? "Invalid request format, please check API reference.")
      }
    },
    notFound: () => failure(404, "The requested resource was not found."),
    headers: () => ({}),
    requestId: () => shared.id("", 16, HEX),
    // Retell documents no rate-limit headers; its 429 says "Account rate limited".
    rateLimit: { limit: 100, windowMs: 1000, headers: () => ({}) },
    reset: () => {
      calls.clear()
      agents.clear()
      numbers.clear()
      seed()
    }
  }
}
