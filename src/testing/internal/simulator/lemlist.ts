/**
 * lemlist: the team (health checks), campaigns (list with `offset`/`limit`, get, create, start, pause), a campaign's
 * leads (add, list, update, delete with `action=remove` or unsubscribe, by id or by address on the same route), leads
 * by e-mail, activities (recorded as leads are added, campaigns started and paused, leads unsubscribed) and webhooks.
 * HTTP Basic with an empty user and the API key as password; errors are plain text, as lemlist's OpenAPI v2 document
 * gives them (`Campaign not found`, `Bad team`); 20 requests per 2 s with `X-RateLimit-*` (the reset as a date).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { basic, iso, isRecord, json, jsonBody, text } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
const EMAIL = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/
const TEAM_ID = "tea_SimulatedTeam0001"
const USER_ID = "usr_SimulatedUser0001"

interface Campaign {
  readonly _id: string
  readonly name: string
  readonly createdAt: string
  status: "draft" | "running" | "paused"
  readonly timezone: string
}

interface Lead {
  readonly _id: string
  readonly contactId: string
  readonly campaignId: string
  variables: Record<string, string>
  state: string
  isPaused: boolean
  unsubscribed: boolean
  updatedAt: string
}

interface Hook {
  readonly _id: string
  readonly targetUrl: string
  readonly createdAt: string
  readonly type: string | undefined
  readonly campaignId: string | undefined
  readonly isFirst: boolean | undefined
}

interface Activity {
  readonly _id: string
  readonly type: string
  readonly campaignId: string
  readonly leadId: string | undefined
  readonly createdAt: string
  readonly isFirst: boolean
}

const plain = (status: number, message: string): SimResponse => text(status, message)

/** @internal */
export const make = (shared: Shared): VendorModule<"lemlist"> => {
  const campaigns = new Map<string, Campaign>()
  const leads = new Map<string, Lead>()
  const hooks = new Map<string, Hook>()
  const activities: Array<Activity> = []

  const id = (prefix: string) => shared.id(prefix, 17, ID_CHARS)

  const record = (request: SimRequest, type: string, campaignId: string, leadId?: string) =>
    activities.push({
      _id: id("act_"),
      type,
      campaignId,
      leadId,
      createdAt: iso(request.now),
      isFirst: !activities.some((a) => a.type === type && a.leadId === leadId && a.campaignId === campaignId)
    })

  const intParam = (request: SimRequest, name: string, fallback: number, max: number): number | undefined => {
    const raw = request.query.get(name)
    if (raw === null) return fallback
    const value = Number(raw)
    return Number.isInteger(value) && value >= 0 && value <= max ? value : undefined
  }

  const campaignOf = (request: SimRequest): Campaign | undefined => campaigns.get(request.params.campaignId ?? "")

  const campaignJson = (campaign: Campaign) => ({
    _id: campaign._id,
    name: campaign.name,
    labels: [],
    createdAt: campaign.createdAt,
    createdBy: USER_ID,
    status: campaign.status,
    timezone: campaign.timezone,
    teamId: TEAM_ID
  })

  const leadJson = (lead: Lead) => ({
    ...lead.variables,
    _id: lead._id,
    isPaused: lead.isPaused,
    campaignId: lead.campaignId,
    contactId: lead.contactId
  })

  const listCampaigns = (request: SimRequest): SimResponse => {
    const offset = intParam(request, "offset", 0, Number.MAX_SAFE_INTEGER)
    const limit = intParam(request, "limit", 100, 100)
    if (offset === undefined || limit === undefined || limit === 0) return plain(400, "Invalid offset or limit")
    const status = request.query.get("status")
    const all = [...campaigns.values()].filter((c) => status === null || c.status === status)
    return json(200, all.slice(offset, offset + limit).map(campaignJson))
  }

  const createCampaign = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value) || typeof parsed.value.name !== "string" || parsed.value.name.trim() === "") {
      return plain(400, "Missing campaign name")
    }
    const campaign: Campaign = {
      _id: id("cam_"),
      name: parsed.value.name,
      createdAt: iso(request.now),
      status: "draft",
      timezone: typeof parsed.value.timezone === "string" ? parsed.value.timezone : "Europe/Paris"
    }
    campaigns.set(campaign._id, campaign)
    shared.commit(request, "campaign.created", campaign._id)
    return json(200, {
      _id: campaign._id,
      name: campaign.name,
      sequenceId: id("seq_"),
      scheduleIds: [id("skd_")],
      teamId: TEAM_ID,
      createdBy: USER_ID,
      createdAt: campaign.createdAt,
      state: "draft",
      unsubscribe: "campaign"
    })
  }

  const transition = (request: SimRequest, status: "running" | "paused"): SimResponse => {
    const campaign = campaignOf(request)
    if (campaign === undefined) return plain(404, "Campaign not found")
    if (campaign.status !== status) {
      campaign.status = status
      record(request, status === "running" ? "resumed" : "paused", campaign._id)
      shared.commit(request, status === "running" ? "campaign.started" : "campaign.paused", campaign._id)
    }
    return json(200, { _id: campaign._id, state: status })
  }

  const addLead = (request: SimRequest): SimResponse => {
    const campaign = campaignOf(request)
    if (campaign === undefined) return plain(404, "Campaign not found")
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return plain(400, "Invalid body")
    const variables: Record<string, string> = {}
    for (const [key, value] of Object.entries(parsed.value)) {
      if (typeof value !== "string") return plain(400, `Invalid value for ${key}`)
      variables[key] = value
    }
    const email = variables.email
    if (email === undefined && variables.linkedinUrl === undefined) return plain(400, "Missing email or linkedinUrl")
    if (email !== undefined && !EMAIL.test(email)) return plain(400, "Invalid email")
    const lowered = email?.toLowerCase()
    const inCampaign = [...leads.values()].some((l) => l.campaignId === campaign._id && l.variables.email?.toLowerCase() === lowered)
    if (lowered !== undefined && inCampaign) return plain(409, "Lead already in the campaign")
    if (
      lowered !== undefined && request.query.get("deduplicate") === "true" &&
      [...leads.values()].some((l) => l.variables.email?.toLowerCase() === lowered)
    ) return plain(409, "Lead already in another campaign")
    const lead: Lead = {
      _id: id("lea_"),
      contactId: id("ctc_"),
      campaignId: campaign._id,
      variables,
      state: "scanned",
      isPaused: false,
      unsubscribed: false,
      updatedAt: iso(request.now)
    }
    leads.set(lead._id, lead)
    record(request, "contacted", campaign._id, lead._id)
    shared.commit(request, "lead.added", lead._id)
    return json(200, { campaignName: campaign.name, ...leadJson(lead) })
  }

  const listLeads = (request: SimRequest): SimResponse => {
    const campaign = campaignOf(request)
    if (campaign === undefined) return plain(404, "Campaign not found")
    const limit = intParam(request, "limit", 100, 500)
    if (limit === undefined || limit === 0) return plain(400, "Invalid limit")
    const state = request.query.get("state")
    return json(
      200,
      [...leads.values()]
        .filter((l) => l.campaignId === campaign._id && (state === null || l.state === state))
        .slice(0, limit)
        .map((l) => ({ _id: l._id, contactId: l.contactId, state: l.state }))
    )
  }

  const updateLead = (request: SimRequest): SimResponse => {
    const campaign = campaignOf(request)
    const lead = leads.get(request.params.leadId ?? "")
    if (campaign === undefined || lead === undefined || lead.campaignId !== campaign._id) return plain(404, "Lead not found")
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return plain(400, "Invalid body")
    for (const [key, value] of Object.entries(parsed.value)) {
      if (typeof value !== "string") return plain(400, `Invalid value for ${key}`)
      lead.variables[key] = value
    }
    lead.updatedAt = iso(request.now)
    shared.commit(request, "lead.updated", lead._id)
    return json(200, { campaignName: campaign.name, ...leadJson(lead), emailStatus: "deliverable" })
  }

  /** One route serves a lead id (delete, or unsubscribe without `action=remove`) and an address (unsubscribe). */
  const deleteLead = (request: SimRequest): SimResponse => {
    const campaign = campaignOf(request)
    if (campaign === undefined) return plain(404, "Lead not found")
    const target = decodeURIComponent(request.params.leadId ?? "")
    const lead = target.includes("@")
      ? [...leads.values()].find((l) => l.campaignId === campaign._id && l.variables.email?.toLowerCase() === target.toLowerCase())
      : leads.get(target)
    if (lead === undefined || lead.campaignId !== campaign._id) return plain(404, "Lead not found")
    if (!target.includes("@") && request.query.get("action") === "remove") {
      leads.delete(lead._id)
      shared.commit(request, "lead.deleted", lead._id)
      return json(200, leadJson(lead))
    }
    if (!lead.unsubscribed) {
      lead.unsubscribed = true
      lead.state = "unsubscribed"
      record(request, "emailsUnsubscribed", campaign._id, lead._id)
      shared.commit(request, "lead.unsubscribed", lead._id)
    }
    return json(200, { email: lead.variables.email, _id: lead._id, isPaused: lead.isPaused, campaignId: campaign._id, contactId: lead.contactId })
  }

  const leadsByEmail = (request: SimRequest): SimResponse => {
    const email = decodeURIComponent(request.params.email ?? "").toLowerCase()
    const found = [...leads.values()].filter((l) => l.variables.email?.toLowerCase() === email)
    if (found.length === 0) return plain(404, "Lead not found")
    return json(
      200,
      found.map((lead) => {
        const campaign = campaigns.get(lead.campaignId)
        return {
          _id: lead._id,
          updatedAt: lead.updatedAt,
          isPaused: lead.isPaused,
          state: lead.state,
          status: "review",
          personalized: false,
          source: "api",
          variables: lead.variables,
          contactId: lead.contactId,
          enrichment: { emailStatus: "deliverable" },
          campaign: { id: lead.campaignId, name: campaign?.name, status: campaign?.status },
          sendingUser: {}
        }
      })
    )
  }

  const listActivities = (request: SimRequest): SimResponse => {
    if (request.query.get("version") !== "v2") return plain(400, "version must be v2")
    const offset = intParam(request, "offset", 0, Number.MAX_SAFE_INTEGER)
    const limit = intParam(request, "limit", 100, 100)
    if (offset === undefined || limit === undefined || limit === 0) return plain(400, "Invalid offset or limit")
    const filters = ["type", "campaignId", "leadId"] as const
    const selected = activities.filter((a) =>
      filters.every((f) => request.query.get(f) === null || a[f] === request.query.get(f)) &&
      (request.query.get("isFirst") === null || String(a.isFirst) === request.query.get("isFirst"))
    )
    return json(
      200,
      selected.slice(offset, offset + limit).map((a) => ({
        _id: a._id,
        type: a.type,
        campaignId: a.campaignId,
        ...(a.leadId === undefined ? {} : { leadId: a.leadId }),
        createdAt: a.createdAt
      }))
    )
  }

  const hookJson = (hook: Hook) => ({
    _id: hook._id,
    targetUrl: hook.targetUrl,
    createdAt: hook.createdAt,
    ...(hook.type === undefined ? {} : { type: hook.type }),
    ...(hook.campaignId === undefined ? {} : { campaignId: hook.campaignId }),
    ...(hook.isFirst === undefined ? {} : { isFirst: hook.isFirst })
  })

  const createHook = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value) || typeof parsed.value.targetUrl !== "string") {
      return plain(400, "Missing targetUrl")
    }
    const campaignId = request.query.get("campaignId") ?? undefined
    if (campaignId !== undefined && !campaigns.has(campaignId)) return plain(404, "Campaign not found")
    const hook: Hook = {
      _id: id("hoo_"),
      targetUrl: parsed.value.targetUrl,
      createdAt: iso(request.now),
      type: typeof parsed.value.type === "string" ? parsed.value.type : undefined,
      campaignId,
      isFirst: request.query.get("isFirst") === null ? undefined : request.query.get("isFirst") === "true"
    }
    hooks.set(hook._id, hook)
    shared.commit(request, "hook.created", hook._id)
    return json(200, {
      _id: hook._id,
      targetUrl: hook.targetUrl,
      createdAt: hook.createdAt,
      ...(hook.type === undefined ? {} : { type: hook.type })
    })
  }

  const deleteHook = (request: SimRequest): SimResponse => {
    const hook = hooks.get(request.params.hookId ?? "")
    if (hook === undefined) return plain(404, "Webhook not found")
    hooks.delete(hook._id)
    shared.commit(request, "hook.deleted", hook._id)
    return json(200, hookJson(hook))
  }

  return {
    vendor: "lemlist",
    handlers: {
      "GET /api/team": () =>
        Effect.succeed(json(200, { _id: TEAM_ID, name: "Simulated team", userIds: [USER_ID], createdBy: USER_ID, createdAt: iso(0) })),
      "GET /api/campaigns": (request) => Effect.sync(() => listCampaigns(request)),
      "POST /api/campaigns": (request) => Effect.sync(() => createCampaign(request)),
      "GET /api/campaigns/{campaignId}": (request) =>
        Effect.sync(() => {
          const campaign = campaignOf(request)
          return campaign === undefined ? plain(404, "Campaign not found") : json(200, campaignJson(campaign))
        }),
      "POST /api/campaigns/{campaignId}/start": (request) => Effect.sync(() => transition(request, "running")),
      "POST /api/campaigns/{campaignId}/pause": (request) => Effect.sync(() => transition(request, "paused")),
      "GET /api/campaigns/{campaignId}/leads/": (request) => Effect.sync(() => listLeads(request)),
      "POST /api/campaigns/{campaignId}/leads/": (request) => Effect.sync(() => addLead(request)),
      "PATCH /api/campaigns/{campaignId}/leads/{leadId}": (request) => Effect.sync(() => updateLead(request)),
      "DELETE /api/campaigns/{campaignId}/leads/{leadId}": (request) => Effect.sync(() => deleteLead(request)),
      "GET /api/leads/{email}": (request) => Effect.sync(() => leadsByEmail(request)),
      "GET /api/activities": (request) => Effect.sync(() => listActivities(request)),
      "GET /api/hooks": () => Effect.sync(() => json(200, [...hooks.values()].map(hookJson))),
      "POST /api/hooks": (request) => Effect.sync(() => createHook(request)),
      "DELETE /api/hooks/{hookId}": (request) => Effect.sync(() => deleteHook(request))
    },
    authenticate: (request) => {
      const credentials = basic(request)
      if (credentials === undefined || credentials.password === "") return plain(400, "No API key provided")
      const accepted = shared.keys("lemlist")
      const ok = credentials.user === "" &&
        (accepted === undefined ? /^[A-Za-z0-9_-]{8,}$/.test(credentials.password) : accepted.includes(credentials.password))
      return ok ? undefined : plain(401, "The authentication you supplied is incorrect")
    },
    error: (_request, status, message) => {
      switch (status) {
        case 401:
          return plain(401, message ?? "The authentication you supplied is incorrect")
        case 403:
          return plain(403, message ?? "User linked to this API key is blocked")
        case 404:
          return plain(404, message ?? "Not found")
        case 429:
          return plain(429, message ?? "Too many requests")
        default:
          return plain(status, message ?? (status >= 500 ? "Internal Server Error" : "Bad request"))
      }
    },
    // An undocumented path (lemlist documents no body for it): JSON, as for every simulated vendor.
    notFound: () => json(404, { error: "Not found" }),
    headers: () => ({}),
    requestId: () => shared.id("", 24, "0123456789abcdef"),
    rateLimit: {
      limit: 20,
      windowMs: 2000,
      headers: (state) => ({
        "x-ratelimit-limit": String(state.limit),
        "x-ratelimit-remaining": String(state.remaining),
        // lemlist sends the reset as a date (`Tue Feb 16 2021 09:02:42 GMT+0100 (...)`), not as seconds.
        "x-ratelimit-reset": new Date(state.now + state.resetMs).toString()
      })
    },
    reset: () => {
      campaigns.clear()
      leads.clear()
      hooks.clear()
      activities.length = 0
    }
  }
}
