/**
 * Validates the simulator's answers against the vendors' official OpenAPI documents, through the slices that
 * `scripts/slice-specs.mjs` cuts from them (test/contract/slices). OpenAPI 3.0 slices go through Ajv's draft-07 build,
 * 3.1 slices through Ajv's 2020-12 build; `nullable` is rewritten as JSON Schema in both.
 */
import { Ajv } from "ajv"
import { Ajv2020 } from "ajv/dist/2020.js"
import * as AjvFormats from "ajv-formats"
import type { FormatsPlugin } from "ajv-formats"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
type JsonObject = { readonly [key: string]: Json }

export type Slice =
  | "stripe"
  | "openai"
  | "anthropic"
  | "resend"
  | "twilio"
  | "hubspot-contacts"
  | "hubspot-objects"
  | "calcom"
  | "tavily"
  | "postmark"
  | "apollo"
  | "gohighlevel-contacts"
  | "gohighlevel-opportunities"
  | "gohighlevel-calendars"
  | "gohighlevel-oauth"
  | "llamaparse"
  | "vertex-ai"
  | "google-maps"
  | "firecrawl"
  | "lemlist"
  | "retell"
  | "waha"

const here = NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url))
const slicesDir = NodePath.resolve(here, "../../contract/slices")

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value)

/** OpenAPI 3.0's `nullable` and boolean `exclusiveMinimum` are not JSON Schema draft-07: rewrite them. */
const toJsonSchema = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (!isObject(node)) return node
  const out: Record<string, Json> = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" || key === "discriminator") continue
    out[key] = key === "properties" && isObject(value)
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]))
      : toJsonSchema(value)
  }
  if (typeof out.exclusiveMinimum === "boolean") {
    if (out.exclusiveMinimum && typeof out.minimum === "number") out.exclusiveMinimum = out.minimum
    else delete out.exclusiveMinimum
  }
  if (typeof out.exclusiveMaximum === "boolean") {
    if (out.exclusiveMaximum && typeof out.maximum === "number") out.exclusiveMaximum = out.maximum
    else delete out.exclusiveMaximum
  }
  if (node.nullable !== true) return out
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"] }
  return { anyOf: [out, { type: "null" }] }
}

// Vendor-specific formats the validators do not know: accepted as strings, checked where they matter.
const loose = ["unix-time", "unixtime", "binary", "double", "float", "int32", "int64", "phone-number", "date-time-rfc-2822", "currency", "uri-map", "decimal"]
const addFormats = ((AjvFormats as unknown as { default?: FormatsPlugin }).default ?? AjvFormats) as unknown as FormatsPlugin

interface Loaded {
  readonly document: JsonObject
  readonly ajv: Ajv
}

const cache = new Map<Slice, Loaded>()

const load = (slice: Slice): Loaded => {
  const cached = cache.get(slice)
  if (cached !== undefined) return cached
  const raw = JSON.parse(NodeFs.readFileSync(NodePath.join(slicesDir, `${slice}.json`), "utf8")) as JsonObject
  const is31 = typeof raw.openapi === "string" && raw.openapi.startsWith("3.1")
  const options = { strict: false, allErrors: true } as const
  const ajv: Ajv = is31 ? new Ajv2020(options) : new Ajv(options)
  addFormats(ajv)
  for (const format of loose) ajv.addFormat(format, true)
  // OpenAI's 3.1 document still uses 3.0's `nullable` in places: rewriting it everywhere is harmless.
  const document = toJsonSchema(raw) as JsonObject
  ajv.addSchema({ ...document, $id: slice } as object)
  const loaded = { document, ajv }
  cache.set(slice, loaded)
  return loaded
}

const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1")

export interface Result {
  readonly valid: boolean
  readonly errors: string
}

const check = (slice: Slice, pointer: string, value: unknown): Result => {
  const { ajv } = load(slice)
  const validate = ajv.getSchema(`${slice}#${pointer}`)
  if (validate === undefined) throw new Error(`${slice}: no schema at ${pointer}`)
  const valid = validate(value) === true
  return { valid, errors: valid ? "" : ajv.errorsText(validate.errors, { separator: "\n" }) }
}

/**
 * Checks a response body against the operation's schema for `status` (an exact status, then `4XX`, then `default`),
 * under its JSON media type (or `mediaType`).
 */
export const response = (
  slice: Slice,
  method: string,
  path: string,
  status: number,
  value: unknown,
  mediaType?: string
): Result => {
  const { document } = load(slice)
  const paths = document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>
  const op = paths[path]?.[method.toLowerCase()]
  if (op === undefined) throw new Error(`${slice}: no operation ${method} ${path}`)
  const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => op.responses[k] !== undefined)
  if (key === undefined) throw new Error(`${slice}: ${method} ${path} documents no ${status} response`)
  const content = op.responses[key]!.content ?? {}
  const type = mediaType ?? Object.keys(content).find((t) => t.includes("json")) ?? Object.keys(content)[0]
  if (type === undefined) throw new Error(`${slice}: ${method} ${path} ${key} has no body`)
  return check(slice, `/paths/${escape(path)}/${method.toLowerCase()}/responses/${key}/content/${escape(type)}/schema`, value)
}

/** Checks a value against a component schema (stream events, error bodies). */
export const schema = (slice: Slice, name: string, value: unknown): Result =>
  check(slice, `/components/schemas/${escape(name)}`, value)
