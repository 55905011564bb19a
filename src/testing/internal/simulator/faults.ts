/**
 * The fault engine: decides, per request, which rules of the plan fire (seeded draws, one PRNG stream per route so
 * that traffic on one route does not shift the faults of another), counts rate-limit windows, and rewrites processed
 * responses for the faults that act after the vendor did (drift, truncation, malformed JSON).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import type * as Faults from "../../Faults.js"
import type { SimRequest, SimResponse, SseEvent } from "./http.js"
import { isRecord } from "./http.js"
import type { RateLimitState } from "./state.js"

type Rule = Faults.FaultRule
type Outage = Extract<Rule, { readonly kind: "outage" }>
type RateLimit = Extract<Rule, { readonly kind: "rateLimit" }>

/** A fault that replaces or follows processing. @internal */
export type ActingFault = Extract<
  Rule,
  { readonly kind: "status" | "reset" | "resetAfterCommit" | "truncate" | "malformed" | "drift" }
>

/** @internal */
export type AfterFault = Extract<Rule, { readonly kind: "resetAfterCommit" | "truncate" | "malformed" | "drift" }>

/** @internal */
export interface Decision {
  readonly outage: Outage | undefined
  readonly fault: ActingFault | undefined
  readonly latencyMs: number
  /** Latency `during: "response"`: a pause halfway through the answer's body. */
  readonly stallMs: number
}

const matches = (rule: { readonly vendor?: string | undefined; readonly route?: string | undefined }, request: SimRequest) =>
  (rule.vendor === undefined || rule.vendor === request.vendor) && (rule.route === undefined || rule.route === request.route)

/**
 * Whether an outage holds for a request: by time, `elapsed` since the start is in its window; by count, the request
 * (the `seen`th to match the rule, counted whether or not an earlier rule already failed it) is among its `requests`.
 */
const isDown = (rule: Outage, elapsed: number, seen: number): boolean =>
  rule.requests !== undefined
    ? seen > (rule.after ?? 0) && seen <= (rule.after ?? 0) + rule.requests
    : rule.fromMs !== undefined && rule.toMs !== undefined && elapsed >= rule.fromMs && elapsed < rule.toMs

/** @internal */
export class FaultEngine {
  private readonly streams = new Map<string, Random.Random>()
  private readonly matched = new Map<number, number>()
  private readonly fired = new Map<number, number>()
  private readonly windows = new Map<string, { readonly start: number; count: number }>()

  constructor(
    readonly rules: ReadonlyArray<Rule>,
    readonly seed: string,
    readonly startedAt: number
  ) {}

  private stream(request: SimRequest): Random.Random {
    const key = `${request.vendor} ${request.route}`
    let random = this.streams.get(key)
    if (random === undefined) {
      random = Random.make(`${this.seed}|${key}`)
      this.streams.set(key, random)
    }
    return random
  }

  /** Counts one more matching request for the rule at `index`; returns how many it has matched so far. */
  private count(index: number): number {
    const seen = (this.matched.get(index) ?? 0) + 1
    this.matched.set(index, seen)
    return seen
  }

  decide(request: SimRequest): Effect.Effect<Decision> {
    return Effect.gen(this, function*() {
      const elapsed = request.now - this.startedAt
      let outage: Outage | undefined
      let fault: ActingFault | undefined
      let latencyMs = 0
      let stallMs = 0
      const random = this.stream(request)
      for (const [index, rule] of this.rules.entries()) {
        if (!matches(rule, request)) continue
        if (rule.kind === "outage") {
          if (isDown(rule, elapsed, this.count(index)) && outage === undefined) outage = rule
          continue
        }
        if (rule.kind === "rateLimit") continue
        const seen = this.count(index)
        // Every matching rule draws, whether or not it may fire, so one rule's `after`/`times` never shifts another's.
        const draw = yield* random.next
        const fired = this.fired.get(index) ?? 0
        const eligible = seen > (rule.after ?? 0) && (rule.times === undefined || fired < rule.times)
        if (!eligible || draw >= (rule.probability ?? 1)) continue
        if (rule.kind === "latency") {
          const jitter = rule.jitterMs === undefined ? 0 : Math.floor((yield* random.next) * rule.jitterMs)
          if (rule.during === "response") stallMs += rule.ms + jitter
          else latencyMs += rule.ms + jitter
          this.fired.set(index, fired + 1)
        } else if (fault === undefined) {
          fault = rule
          this.fired.set(index, fired + 1)
        }
      }
      return { outage, fault, latencyMs, stallMs }
    })
  }

  /** Counts the request in its rate-limit window: the first matching `rateLimit` rule, else the vendor's default. */
  rateLimit(
    request: SimRequest,
    defaults: { readonly limit: number; readonly windowMs: number }
  ): RateLimitState & { readonly exceeded: boolean } {
    const index = this.rules.findIndex((rule) => rule.kind === "rateLimit" && matches(rule, request))
    const rule = index < 0 ? undefined : (this.rules[index] as RateLimit)
    const limit = rule?.limit ?? defaults.limit
    const windowMs = rule?.windowMs ?? defaults.windowMs
    const key = rule === undefined ? `default ${request.vendor}` : `rule ${index} ${rule.route === undefined ? "" : request.route}`
    const elapsed = request.now - this.startedAt
    const start = this.startedAt + Math.floor(elapsed / windowMs) * windowMs
    let window = this.windows.get(key)
    if (window === undefined || window.start !== start) {
      window = { start, count: 0 }
      this.windows.set(key, window)
    }
    window.count++
    return {
      limit,
      remaining: Math.max(0, limit - window.count),
      windowMs,
      resetMs: start + windowMs - request.now,
      now: request.now,
      exceeded: window.count > limit
    }
  }
}

/** Applies a schema drift to a JSON value (a copy). @internal */
export const drift = (value: unknown, rule: Extract<Rule, { readonly kind: "drift" }>): unknown => {
  const segments = rule.path.split(".")
  const go = (node: unknown, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((item) => go(item, depth))
    if (!isRecord(node)) return node
    const segment = segments[depth]!
    if (!(segment in node)) return node
    if (depth < segments.length - 1) return { ...node, [segment]: go(node[segment], depth + 1) }
    const { [segment]: current, ...rest } = node
    switch (rule.op) {
      case "remove":
        return rest
      case "rename":
        return { ...rest, [rule.to]: current }
      case "retype":
        return { ...node, [segment]: retype(current, rule.as) }
    }
  }
  return go(value, 0)
}

// The value becomes the JSON type `as` (`1000` → `"1000"`, `"42"` → `42`); a value of that type already is unchanged.
const retype = (value: unknown, as: "string" | "number" | "boolean" | "null" | "object" | "array"): unknown => {
  switch (as) {
    case "string":
      return typeof value === "string" ? value : JSON.stringify(value)
    case "number": {
      if (typeof value === "number") return value
      const n = Number(value)
      return Number.isFinite(n) ? n : 0
    }
    case "boolean":
      return Boolean(value)
    case "null":
      return null
    case "object":
      return isRecord(value) ? value : { value }
    case "array":
      return Array.isArray(value) ? value : [value]
  }
}

/** Text that no JSON parser accepts: a trailing comma before the closing bracket. @internal */
export const malform = (text: string): string => {
  const trimmed = text.trimEnd()
  const last = trimmed[trimmed.length - 1]
  return last === "}" || last === "]" ? `${trimmed.slice(0, -1)},${last}` : `${trimmed},`
}

/** Applies `drift` to every JSON event of a stream. @internal */
export const driftEvents = (events: ReadonlyArray<SseEvent>, rule: Extract<Rule, { readonly kind: "drift" }>) =>
  events.map((event): SseEvent => event._tag === "Json" ? { ...event, data: drift(event.data, rule) } : event)

/** @internal */
export const driftResponse = (response: SimResponse, rule: Extract<Rule, { readonly kind: "drift" }>): SimResponse => {
  switch (response._tag) {
    case "Json":
      return { ...response, body: drift(response.body, rule) }
    case "Sse":
      return { ...response, events: driftEvents(response.events, rule) }
    default:
      return response
  }
}
