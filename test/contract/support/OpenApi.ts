/**
 * Reading the vendors' official OpenAPI documents for contract checks: validators for an operation's request and
 * response bodies (Ajv; OpenAPI 3.0 `nullable` and 3.1 JSON Schema 2020-12 both handled), the spec's own examples,
 * deterministic sample responses, and Stripe's bracket form decoding. Specs live in `../shared/specs` beside the project
 * (override with `SPECS_DIR`).
 */
import { Ajv } from "ajv"
import { Ajv2020 } from "ajv/dist/2020.js"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import * as Yaml from "yaml"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
type JsonObject = { readonly [key: string]: Json }

export interface Spec {
  readonly file: string
  readonly document: JsonObject
  readonly version: "3.0" | "3.1"
}

export interface ValidationResult {
  readonly valid: boolean
  readonly errors: string
}

const here = NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url))
export const specsDir = process.env.SPECS_DIR ?? NodePath.resolve(here, "../../../../shared/specs")

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const cache = new Map<string, Spec>()

/** Loads a spec by its path under the specs folder, e.g. `openai/openapi.json` or `stripe/spec3.yaml`. */
export const load = (relative: string): Spec => {
  const cached = cache.get(relative)
  if (cached !== undefined) return cached
  const file = NodePath.join(specsDir, relative)
  const text = NodeFs.readFileSync(file, "utf8")
  const parsed: unknown = text.trimStart().startsWith("{") ? JSON.parse(text) : Yaml.parse(text, { maxAliasCount: -1 })
  if (!isObject(parsed) || typeof parsed.openapi !== "string") {
    throw new Error(`${file}: not an OpenAPI document (no "openapi" field)`)
  }
  const document = bundle(parsed, file)
  const spec: Spec = { file, document, version: parsed.openapi.startsWith("3.1") ? "3.1" : "3.0" }
  cache.set(relative, spec)
  return spec
}

/**
 * Brings the component schemas a document takes from a sibling file (`../common/x.json#/components/schemas/Y`, as
 * GoHighLevel's apps do) into its own components, so every `$ref` is local (as `scripts/slice-specs.mjs` does).
 */
const bundle = (document: JsonObject, file: string): JsonObject => {
  const imported: Record<string, Json> = {}
  const rewrite = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(rewrite)
    if (!isObject(node)) return node
    const out: Record<string, Json> = {}
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) {
        const [target = "", fragment = ""] = value.split("#")
        const name = fragment.replace(/^\/components\/schemas\//, "")
        const other = JSON.parse(NodeFs.readFileSync(NodePath.resolve(NodePath.dirname(file), target), "utf8")) as JsonObject
        const schemas = isObject(other.components) ? other.components.schemas : undefined
        const schema = isObject(schemas) ? schemas[name] : undefined
        if (schema === undefined || name.includes("/")) throw new Error(`${file}: unresolved $ref ${value}`)
        imported[name] = schema
        out[key] = `#/components/schemas/${name}`
      } else {
        out[key] = rewrite(value)
      }
    }
    return out
  }
  const rewritten = rewrite(document) as JsonObject
  if (Object.keys(imported).length === 0) return document
  const components = isObject(rewritten.components) ? rewritten.components : {}
  const schemas = isObject(components.schemas) ? components.schemas : {}
  return { ...rewritten, components: { ...components, schemas: { ...schemas, ...imported } } }
}

const pointer = (spec: Spec, ref: string): Json => {
  if (!ref.startsWith("#/")) throw new Error(`${spec.file}: only local $refs are supported, got ${ref}`)
  let current: Json = spec.document
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~")
    if (!isObject(current) || !(key in current)) throw new Error(`${spec.file}: $ref ${ref} does not resolve`)
    current = current[key]!
  }
  return current
}

const deref = (spec: Spec, value: Json | undefined): Json | undefined => {
  let current = value
  for (let i = 0; i < 20 && isObject(current) && typeof current.$ref === "string"; i++) current = pointer(spec, current.$ref)
  return current
}

const operation = (spec: Spec, method: string, path: string): JsonObject => {
  const paths = spec.document.paths
  const item = isObject(paths) ? deref(spec, paths[path]) : undefined
  const op = isObject(item) ? item[method.toLowerCase()] : undefined
  if (!isObject(op)) throw new Error(`${spec.file}: no operation ${method.toUpperCase()} ${path}`)
  return op
}

const pickContent = (content: Json | undefined, contentType: string | undefined, what: string): JsonObject => {
  if (!isObject(content)) throw new Error(`${what}: no content`)
  const key = contentType ?? Object.keys(content).find((k) => k.includes("json")) ?? Object.keys(content)[0]
  const media = key === undefined ? undefined : content[key]
  if (!isObject(media)) throw new Error(`${what}: no content for ${contentType ?? "application/json"} (has ${Object.keys(content).join(", ")})`)
  return media
}

/** The request body schema of an operation. */
export const requestSchema = (spec: Spec, method: string, path: string, contentType?: string): Json => {
  const body = deref(spec, operation(spec, method, path).requestBody)
  if (!isObject(body)) throw new Error(`${spec.file}: ${method} ${path} has no request body`)
  const schema = pickContent(body.content, contentType, `${spec.file} ${method} ${path} request`).schema
  if (schema === undefined) throw new Error(`${spec.file}: ${method} ${path} request has no schema`)
  return schema
}

const responseMedia = (spec: Spec, method: string, path: string, status: string): JsonObject => {
  const responses = operation(spec, method, path).responses
  if (!isObject(responses)) throw new Error(`${spec.file}: ${method} ${path} has no responses`)
  const response = deref(spec, responses[status] ?? responses.default)
  if (!isObject(response)) throw new Error(`${spec.file}: ${method} ${path} has no ${status} response`)
  return pickContent(response.content, undefined, `${spec.file} ${method} ${path} ${status} response`)
}

/** The response body schema of an operation for a status (default 200, falling back to `default`). */
export const responseSchema = (spec: Spec, method: string, path: string, status = "200"): Json => {
  const schema = responseMedia(spec, method, path, status).schema
  if (schema === undefined) throw new Error(`${spec.file}: ${method} ${path} ${status} response has no schema`)
  return schema
}

/**
 * OpenAPI 3.0's `nullable` is not JSON Schema: rewrite it as a `null` type (or a `null` alternative) so Ajv checks it.
 * Nothing else uses a `nullable: true` keyword, so the rewrite is safe on 3.1 documents too. Boolean exclusive bounds
 * (3.0) become JSON Schema's numeric ones; 3.1 documents never have boolean ones.
 */
const withoutNullable = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(withoutNullable)
  if (!isObject(node)) return node
  const out: Record<string, Json> = {}
  for (const [key, value] of Object.entries(node)) if (key !== "nullable") out[key] = withoutNullable(value)
  // OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` (Retell's copy has them) are numbers in JSON Schema.
  for (const [exclusive, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof out[exclusive] !== "boolean") continue
    if (out[exclusive] === true && typeof out[bound] === "number") out[exclusive] = out[bound]
    else delete out[exclusive]
  }
  if (node.nullable !== true) return out
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"] }
  return { anyOf: [out, { type: "null" }] }
}

const compilers = new Map<string, Ajv>()

const ajvFor = (spec: Spec): Ajv => {
  const existing = compilers.get(spec.file)
  if (existing !== undefined) return existing
  const options = { strict: false, allErrors: true, validateFormats: false, discriminator: false } as const
  const ajv: Ajv = spec.version === "3.1" ? new Ajv2020(options) : new Ajv(options)
  // The whole document is registered once so that `#/components/...` refs resolve inside it.
  // 3.1 documents are JSON Schema, yet some (OpenAI's) still carry 3.0's `nullable`: rewrite it everywhere.
  const document = withoutNullable(spec.document)
  ajv.addSchema({ ...(document as JsonObject), $id: "spec" } as object, "spec")
  compilers.set(spec.file, ajv)
  return ajv
}

/** Rewrites local refs to point into the registered document. */
const anchored = (schema: Json): Json => {
  if (Array.isArray(schema)) return schema.map(anchored)
  if (!isObject(schema)) return schema
  const out: Record<string, Json> = {}
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `spec${value}` : anchored(value)
  }
  return out
}

const validatorFor = (spec: Spec, schema: Json) => {
  const ajv = ajvFor(spec)
  const validate = ajv.compile(anchored(withoutNullable(schema)) as object)
  return (value: unknown): ValidationResult => {
    const valid = validate(value) === true
    return { valid, errors: valid ? "" : ajv.errorsText(validate.errors, { separator: "; " }) }
  }
}

export const requestValidator = (spec: Spec, method: string, path: string, contentType?: string) =>
  validatorFor(spec, requestSchema(spec, method, path, contentType))

export const responseValidator = (spec: Spec, method: string, path: string, status = "200") =>
  validatorFor(spec, responseSchema(spec, method, path, status))

/** Validates a value against a schema of one's own built from the spec's parts (e.g. an operation's parameters). */
export const validateSchema = (spec: Spec, schema: unknown, value: unknown): ValidationResult =>
  validatorFor(spec, schema as Json)(value)

/** Examples the spec gives for a response (`example` and every `examples[*].value`). */
export const examples = (spec: Spec, method: string, path: string, status = "200"): ReadonlyArray<unknown> => {
  const media = responseMedia(spec, method, path, status)
  const out: Array<unknown> = []
  if (media.example !== undefined && media.example !== null) out.push(media.example)
  if (isObject(media.examples)) {
    for (const example of Object.values(media.examples)) {
      const resolved = deref(spec, example)
      if (isObject(resolved) && resolved.value !== undefined) out.push(resolved.value)
    }
  }
  return out
}

const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  email: "someone@example.com",
  uri: "https://example.com/x",
  url: "https://example.com/x",
  uuid: "00000000-0000-4000-8000-000000000000",
  binary: "binary"
}

/**
 * A deterministic instance of a schema: every declared property, the first enum value or union member, one array item.
 * Recursion is cut at `maxDepth` by taking the first non-object alternative or omitting optional properties.
 */
export const sampleSchema = (spec: Spec, schema: Json, maxDepth = 6): unknown => {
  const go = (node: Json | undefined, depth: number): unknown => {
    const s = deref(spec, node)
    if (!isObject(s)) return null
    if (s.const !== undefined) return s.const
    if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.find((v) => v !== null) ?? s.enum[0]
    if (s.example !== undefined && typeof s.example !== "object") return s.example
    const alternatives = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined) as
      | ReadonlyArray<Json>
      | undefined
    if (alternatives !== undefined) {
      const usable = alternatives.filter((alt) => {
        const resolved = deref(spec, alt)
        return !(isObject(resolved) && resolved.type === "null")
      })
      // Deep in the tree prefer a scalar alternative (Stripe's expandable fields: id string or object).
      const scalar = usable.find((alt) => {
        const resolved = deref(spec, alt)
        return isObject(resolved) && typeof resolved.type === "string" && resolved.type !== "object" && resolved.type !== "array"
      })
      return go(depth >= maxDepth - 2 && scalar !== undefined ? scalar : usable[0], depth + 1)
    }
    if (Array.isArray(s.allOf)) {
      return s.allOf.reduce<Record<string, unknown>>((acc, part) => {
        const value = go(part, depth + 1)
        return isObject(value as Json) ? { ...acc, ...(value as object) } : acc
      }, {})
    }
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type
    switch (type) {
      case "string":
        return typeof s.format === "string" && FORMAT_SAMPLES[s.format] !== undefined ? FORMAT_SAMPLES[s.format] : "string"
      case "integer":
        return typeof s.minimum === "number" ? Math.ceil(s.minimum) : 1
      case "number":
        return typeof s.minimum === "number" ? s.minimum : 1.5
      case "boolean":
        return false
      case "array":
        return depth >= maxDepth ? [] : [go(s.items, depth + 1)]
      default: {
        const properties = isObject(s.properties) ? s.properties : {}
        const required = new Set(Array.isArray(s.required) ? s.required.map(String) : [])
        const out: Record<string, unknown> = {}
        for (const [key, value] of Object.entries(properties)) {
          if (depth >= maxDepth && !required.has(key)) continue
          out[key] = go(value, depth + 1)
        }
        return out
      }
    }
  }
  return go(schema, 0)
}

/** A deterministic sample of an operation's response. */
export const sample = (spec: Spec, method: string, path: string, status = "200"): unknown =>
  sampleSchema(spec, responseSchema(spec, method, path, status))

/** Decodes `a[b][0][c]=v&list[]=x` into nested objects and arrays, as Stripe reads its form bodies. */
export const formToObject = (body: string): Record<string, unknown> => {
  const root: Record<string, unknown> = {}
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey)
    if (match === null) throw new Error(`malformed form key: ${rawKey}`)
    const keys = [match[1]!, ...Array.from(match[2]!.matchAll(/\[([^[\]]*)\]/g), (m) => m[1]!)]
    let node: Record<string, unknown> | Array<unknown> = root
    keys.forEach((key, index) => {
      const last = index === keys.length - 1
      const nextIsArray = !last && (keys[index + 1] === "" || /^\d+$/.test(keys[index + 1]!))
      const slot: string | number = Array.isArray(node) ? (key === "" ? node.length : Number(key)) : key
      const container = node as Record<string | number, unknown>
      if (last) {
        container[slot] = value
        return
      }
      if (container[slot] === undefined) container[slot] = nextIsArray ? [] : {}
      node = container[slot] as Record<string, unknown> | Array<unknown>
    })
  }
  return root
}
