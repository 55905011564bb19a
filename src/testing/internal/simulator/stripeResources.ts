/**
 * Stripe objects as the 2023-08-16 API returns them (every field present, `null` where unset), the parameter
 * readers Stripe's form encoding needs (integers and booleans arrive as strings), its error bodies and list pages.
 *
 * @internal
 */
import type { FormObject, FormValue, SimRequest, SimResponse } from "./http.js"
import { decodeForm, json, rejected, unixSeconds } from "./http.js"

/** @internal */
export type StripeObject = Record<string, unknown>

/** @internal */
export const apiVersion = "2023-08-16"

/** @internal */
export interface StripeErrorFields {
  readonly type: "api_error" | "card_error" | "idempotency_error" | "invalid_request_error"
  readonly message: string
  readonly code?: string | undefined
  readonly param?: string | undefined
  readonly decline_code?: string | undefined
  readonly payment_intent?: StripeObject | undefined
}

/** @internal */
export const errorBody = (request: SimRequest, fields: StripeErrorFields) => ({
  error: {
    ...(fields.code === undefined ? {} : { code: fields.code, doc_url: `https://stripe.com/docs/error-codes/${fields.code.replace(/_/g, "-")}` }),
    ...(fields.decline_code === undefined ? {} : { decline_code: fields.decline_code }),
    message: fields.message,
    ...(fields.param === undefined ? {} : { param: fields.param }),
    ...(fields.payment_intent === undefined ? {} : { payment_intent: fields.payment_intent }),
    request_log_url: `https://dashboard.stripe.com/test/logs/${request.requestId}?t=${unixSeconds(request.now)}`,
    type: fields.type
  }
})

/** A 400 for bad parameters: never stored for idempotent replay. @internal */
export const invalid = (request: SimRequest, message: string, param?: string, code?: string): SimResponse =>
  rejected(400, errorBody(request, { type: "invalid_request_error", message, param, code }))

/** @internal */
export const missing = (request: SimRequest, resource: string, id: string, param = "id", status = 404): SimResponse =>
  rejected(
    status,
    errorBody(request, { type: "invalid_request_error", code: "resource_missing", message: `No such ${resource}: '${id}'`, param })
  )

/** @internal */
export const fail = (request: SimRequest, status: number, fields: StripeErrorFields): SimResponse =>
  json(status, errorBody(request, fields))

/** Reading form parameters: each reader returns the value or an error response. @internal */
export class Params {
  constructor(readonly request: SimRequest, readonly values: FormObject) {}

  /** Stripe rejects parameters an endpoint does not know. */
  unknown(allowed: ReadonlyArray<string>): SimResponse | undefined {
    const extra = Object.keys(this.values).find((key) => !allowed.includes(key))
    return extra === undefined
      ? undefined
      : invalid(this.request, `Received unknown parameter: ${extra}`, extra, "parameter_unknown")
  }

  required(names: ReadonlyArray<string>): SimResponse | undefined {
    const absent = names.find((name) => this.values[name] === undefined || this.values[name] === "")
    return absent === undefined
      ? undefined
      : invalid(this.request, `Missing required param: ${absent}.`, absent, "parameter_missing")
  }

  string(name: string): string | undefined {
    const value = this.values[name]
    return typeof value === "string" && value !== "" ? value : undefined
  }

  int(name: string, options: { readonly min?: number; readonly max?: number } = {}): number | undefined | SimResponse {
    const value = this.values[name]
    if (value === undefined || value === "") return undefined
    if (typeof value !== "string" || !/^-?\d+$/.test(value)) {
      return invalid(this.request, `Invalid integer: ${typeof value === "string" ? value : "object"}`, name, "parameter_invalid_integer")
    }
    const n = Number(value)
    if (options.min !== undefined && n < options.min) {
      return invalid(this.request, `This value must be greater than or equal to ${options.min}.`, name, "parameter_invalid_integer")
    }
    if (options.max !== undefined && n > options.max) {
      return invalid(this.request, `This value must be less than or equal to ${options.max}.`, name, "parameter_invalid_integer")
    }
    return n
  }

  bool(name: string): boolean | undefined | SimResponse {
    const value = this.values[name]
    if (value === undefined) return undefined
    if (value === "true") return true
    if (value === "false") return false
    return invalid(this.request, `Invalid boolean: ${String(value)}`, name)
  }

  oneOf<const A extends string>(name: string, allowed: ReadonlyArray<A>): A | undefined | SimResponse {
    const value = this.values[name]
    if (value === undefined || value === "") return undefined
    if (typeof value === "string" && (allowed as ReadonlyArray<string>).includes(value)) return value as A
    return invalid(this.request, `Invalid ${name}: must be one of ${allowed.join(", ")}`, name)
  }

  /** `metadata[key]=value`, merged over `current`; an empty value deletes the key, `metadata=` clears all. */
  metadata(current: Record<string, string> = {}): Record<string, string> | SimResponse {
    const value = this.values.metadata
    if (value === undefined) return current
    if (value === "") return {}
    if (typeof value !== "object" || Array.isArray(value)) return invalid(this.request, "Invalid object", "metadata")
    const out: Record<string, string> = { ...current }
    for (const [key, v] of Object.entries(value as FormObject)) {
      if (typeof v !== "string") return invalid(this.request, "Invalid string", `metadata[${key}]`)
      if (v === "") delete out[key]
      else out[key] = v
    }
    return out
  }

  object(name: string): FormObject | undefined {
    const value = this.values[name]
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as FormObject) : undefined
  }

  list(name: string): ReadonlyArray<FormValue> | undefined {
    const value = this.values[name]
    if (Array.isArray(value)) return value
    // `items[0][price]` can also arrive as an object keyed by index when indexes are sparse.
    if (typeof value === "object" && value !== null) return Object.values(value as FormObject)
    return undefined
  }
}

/** @internal */
export const isError = (value: unknown): value is SimResponse =>
  typeof value === "object" && value !== null && "_tag" in value && "status" in value

/** @internal */
export const str = (value: FormValue | undefined): string | undefined => typeof value === "string" && value !== "" ? value : undefined

/** @internal */
export const address = (value: FormValue | undefined): StripeObject | null => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null
  const v = value as FormObject
  return {
    city: str(v.city) ?? null,
    country: str(v.country) ?? null,
    line1: str(v.line1) ?? null,
    line2: str(v.line2) ?? null,
    postal_code: str(v.postal_code) ?? null,
    state: str(v.state) ?? null
  }
}

/** @internal */
export const shipping = (value: FormValue | undefined): StripeObject | null => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null
  const v = value as FormObject
  return {
    address: address(v.address) ?? address({}),
    carrier: null,
    name: str(v.name) ?? "",
    phone: str(v.phone) ?? null,
    tracking_number: null
  }
}

/** The page of a Stripe list (newest first) for `limit`, `starting_after` and `ending_before`. @internal */
export const listPage = (
  request: SimRequest,
  all: ReadonlyArray<StripeObject>,
  url: string,
  resource: string
): SimResponse => {
  const params = new Params(request, decodeForm(request.query.toString()))
  const limit = params.int("limit", { min: 1, max: 100 })
  if (isError(limit)) return limit
  const size = limit ?? 10
  const after = params.string("starting_after")
  const before = params.string("ending_before")
  if (after !== undefined && before !== undefined) {
    return invalid(request, "You may only specify one of these parameters: ending_before, starting_after.", "ending_before")
  }
  const indexOf = (id: string) => all.findIndex((o) => o.id === id)
  let data: ReadonlyArray<StripeObject>
  let hasMore: boolean
  if (before !== undefined) {
    const index = indexOf(before)
    if (index < 0) return missing(request, resource, before, "ending_before", 400)
    const start = Math.max(0, index - size)
    data = all.slice(start, index)
    hasMore = start > 0
  } else {
    const start = after === undefined ? 0 : indexOf(after) + 1
    if (after !== undefined && start === 0) return missing(request, resource, after, "starting_after", 400)
    data = all.slice(start, start + size)
    hasMore = start + size < all.length
  }
  return json(200, { object: "list", data, has_more: hasMore, url })
}

/** Stripe keeps no price objects here: any `price_...` id is a $10.00 monthly price. @internal */
export const price = (id: string, created: number, overrides: Partial<StripeObject> = {}): StripeObject => ({
  id,
  object: "price",
  active: true,
  billing_scheme: "per_unit",
  created,
  currency: "usd",
  custom_unit_amount: null,
  livemode: false,
  lookup_key: null,
  metadata: {},
  nickname: null,
  product: `prod_${id.replace(/^price_/, "").slice(0, 14)}`,
  recurring: { aggregate_usage: null, interval: "month", interval_count: 1, trial_period_days: null, usage_type: "licensed" },
  tax_behavior: "unspecified",
  tiers_mode: null,
  transform_quantity: null,
  type: "recurring",
  unit_amount: 1000,
  unit_amount_decimal: "1000",
  ...overrides
})

/** A price from `price_data` (`currency`, `unit_amount`, `recurring[interval]`). @internal */
export const priceFromData = (id: string, created: number, data: FormObject): StripeObject => {
  const amount = Number(str(data.unit_amount) ?? "0")
  const recurring = typeof data.recurring === "object" && !Array.isArray(data.recurring) ? data.recurring as FormObject : undefined
  return price(id, created, {
    currency: str(data.currency) ?? "usd",
    unit_amount: amount,
    unit_amount_decimal: String(amount),
    product: str(data.product) ?? `prod_${id.slice(6, 20)}`,
    type: recurring === undefined ? "one_time" : "recurring",
    recurring: recurring === undefined ? null : {
      aggregate_usage: null,
      interval: str(recurring.interval) ?? "month",
      interval_count: Number(str(recurring.interval_count) ?? "1"),
      trial_period_days: null,
      usage_type: "licensed"
    }
  })
}
