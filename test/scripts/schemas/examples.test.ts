/**
 * Every generated module against its own slice: each example the spec gives for a sliced operation (request and
 * response bodies, every status, `example` and `examples`, including those on component schemas and fields), and
 * samples of every body built from the spec's field examples (one with every field and each union member, one with
 * the required fields only), must be valid for the corrected slice (Ajv) and decode with the Schema the module's
 * `operations` table names for it. A spec example that fails Ajv is a spec error to correct in vendors.mjs; one that
 * passes Ajv but not the Schema is a generator error.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as NodePath from "node:path"
import * as Generator from "../../../scripts/schemas/generate.mjs"
import * as OpenApi from "../../contract/support/OpenApi.js"

type Json = Generator.Json
type JsonObject = { readonly [key: string]: Json }

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value)

interface Row {
  readonly method: string
  readonly path: string
  readonly params?: Schema.Schema.AnyNoContext
  readonly request?: Schema.Schema.AnyNoContext
  readonly responses?: Readonly<Record<string, Schema.Schema.AnyNoContext>>
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isRow = (value: unknown): value is Row =>
  isObject(value) && typeof value.method === "string" && typeof value.path === "string"

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/

const jsonMedia = (content: Json | undefined): JsonObject | undefined => {
  if (!isObject(content)) return undefined
  const type = Object.keys(content).sort().find((name) => JSON_MEDIA.test(name))
  const media = type === undefined ? undefined : content[type]
  return isObject(media) && media.schema !== undefined ? media : undefined
}

/** `example` and every `examples[*].value` of a media type. */
const mediaExamples = (media: JsonObject): Array<Json> => {
  const out: Array<Json> = []
  if (media.example !== undefined) out.push(media.example)
  if (isObject(media.examples)) {
    for (const example of Object.values(media.examples)) if (isObject(example) && example.value !== undefined) out.push(example.value)
  }
  return out
}

/**
 * A body built from the schema, preferring the spec's own examples at every level: `full` has every property and
 * takes union member `variant`; otherwise only required properties are kept.
 */
const sampler = (document: JsonObject) => {
  const resolve = (node: Json | undefined): JsonObject => {
    let current = node
    for (let i = 0; i < 32 && isObject(current) && typeof current.$ref === "string"; i++) {
      current = current.$ref.slice(2).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce<Json | undefined>((n, key) => (isObject(n) ? n[key] : undefined), document)
    }
    return isObject(current) ? current : {}
  }
  const sample = (node: Json | undefined, variant: number, full: boolean, depth: number): Json => {
    const s = resolve(node)
    if (s.example !== undefined) return s.example
    if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0]!
    if (s.const !== undefined) return s.const
    if (Array.isArray(s.enum)) {
      const values = s.enum.filter((value) => value !== null)
      return values.length === 0 ? null : values[variant % values.length]!
    }
    const alternatives = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined
    if (alternatives !== undefined) {
      const usable = alternatives.filter((alternative) => resolve(alternative).type !== "null")
      return usable.length === 0 ? null : sample(usable[variant % usable.length], variant, full, depth + 1)
    }
    if (Array.isArray(s.allOf)) {
      return s.allOf.reduce<JsonObject>((acc, part) => {
        const value = sample(part, variant, full, depth + 1)
        return isObject(value) ? { ...acc, ...value } : acc
      }, {})
    }
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type
    switch (type) {
      case "string":
        return "text"
      case "integer":
        return typeof s.minimum === "number" ? Math.ceil(s.minimum) : 1
      case "number":
        return typeof s.minimum === "number" ? s.minimum : 1.5
      case "boolean":
        return variant % 2 === 0
      case "array": {
        const count = Math.max(1, typeof s.minItems === "number" ? s.minItems : 1)
        return depth > 8 ? [] : Array.from({ length: count }, () => sample(s.items, variant, full, depth + 1))
      }
      default: {
        const properties = isObject(s.properties) ? s.properties : {}
        const required = new Set(Array.isArray(s.required) ? s.required.map(String) : [])
        const out: Record<string, Json> = {}
        for (const [name, property] of Object.entries(properties)) {
          if (full || required.has(name)) out[name] = sample(property, variant, full, depth + 1)
        }
        if (Object.keys(properties).length === 0 && isObject(s.additionalProperties)) {
          out.key = sample(s.additionalProperties, variant, full, depth + 1)
        }
        return out
      }
    }
  }
  /** The most union members any schema reachable from `node` offers (each gets a variant of its own). */
  const widest = (node: Json | undefined, seen: Set<JsonObject> = new Set()): number => {
    const s = resolve(node)
    if (seen.has(s)) return 1
    seen.add(s)
    const alternatives = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : []
    const children = [
      ...alternatives,
      ...(Array.isArray(s.allOf) ? s.allOf : []),
      ...(isObject(s.properties) ? Object.values(s.properties) : []),
      ...(s.items === undefined ? [] : [s.items]),
      ...(isObject(s.additionalProperties) ? [s.additionalProperties] : [])
    ]
    return Math.max(alternatives.length, 2, ...children.map((child) => widest(child, seen)))
  }
  return (schema: Json): Array<Json> => {
    const variants = widest(schema)
    return [
      ...Array.from({ length: variants }, (_, variant) => sample(schema, variant, true, 0)),
      sample(schema, 0, false, 0)
    ]
  }
}

const decodes = (schema: Schema.Schema.AnyNoContext, value: unknown): string => {
  const result = Schema.decodeUnknownEither(schema)(value)
  return Either.isLeft(result) ? result.left.message : ""
}

interface Case {
  readonly what: string
  readonly schema: Schema.Schema.AnyNoContext | undefined
  readonly validate: (value: unknown) => OpenApi.ValidationResult
  readonly examples: ReadonlyArray<Json>
  readonly samples: ReadonlyArray<Json>
}

const casesOf = async (vendor: Generator.VendorEntry): Promise<ReadonlyArray<Case>> => {
  const { slice } = await Generator.loadSlice(vendor)
  const spec: OpenApi.Spec = {
    file: `${vendor.spec} (slice)`,
    document: slice,
    version: String(slice.openapi).startsWith("3.1") ? "3.1" : "3.0"
  }
  // The module's own path, so every configured vendor is covered without listing it here.
  const file = NodePath.join(Generator.projectRoot, Generator.outputPath(vendor))
  const module: Record<string, unknown> = await import(file)
  const table = module.operations
  if (!isRecord(table)) throw new Error(`${vendor.module} has no operations table`)
  const rows = Object.values(table).filter(isRow)
  const samplesOf = sampler(slice)
  const paths = isObject(slice.paths) ? slice.paths : {}
  const cases: Array<Case> = []
  for (const { method, path } of vendor.operations) {
    const item = paths[path]
    const operation = isObject(item) ? item[method] : undefined
    if (!isObject(operation)) throw new Error(`the slice has no ${method} ${path}`)
    const row = rows.find((r) => r.method === method.toUpperCase() && r.path === path)
    const label = `${method.toUpperCase()} ${path}`
    if (row === undefined) throw new Error(`${vendor.module}.operations has no ${label}`)
    const parameters = (Array.isArray(operation.parameters) ? operation.parameters : []).filter(isObject)
      .filter((p) => p.in === "path" || p.in === "query")
    if (parameters.length > 0) {
      const params = {
        type: "object",
        properties: Object.fromEntries(parameters.map((p) => [String(p.name), p.schema ?? {}])),
        required: parameters.filter((p) => p.required === true || p.in === "path").map((p) => String(p.name))
      }
      const explicit = parameters.filter((p) => p.example !== undefined)
      cases.push({
        what: `${label} parameters`,
        schema: row.params,
        validate: () => ({ valid: true, errors: "" }),
        examples: explicit.length === 0 ? [] : [Object.fromEntries(explicit.map((p) => [String(p.name), p.example!]))],
        samples: samplesOf(params)
      })
    }
    const body = isObject(operation.requestBody) ? jsonMedia(operation.requestBody.content) : undefined
    if (body !== undefined) {
      cases.push({
        what: `${label} request body`,
        schema: row.request,
        validate: OpenApi.requestValidator(spec, method, path),
        examples: mediaExamples(body),
        samples: samplesOf(body.schema!)
      })
    }
    for (const [status, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
      const media = isObject(response) ? jsonMedia(response.content) : undefined
      if (media === undefined) continue
      cases.push({
        what: `${label} ${status}`,
        schema: row.responses?.[status],
        validate: OpenApi.responseValidator(spec, method, path, status),
        examples: mediaExamples(media),
        samples: samplesOf(media.schema!)
      })
    }
  }
  return cases
}

describe("generated Schemas decode their spec's examples", () => {
  for (const vendor of Generator.vendors) {
    describe(vendor.module, () => {
      it("names a Schema for every parameter set and JSON body of every sliced operation", async () => {
        const cases = await casesOf(vendor)
        expect(cases.length).toBeGreaterThan(0)
        expect(cases.filter((c) => c.schema === undefined).map((c) => c.what)).toEqual([])
      })

      it("every example the spec gives is valid for the corrected slice and decodes", async () => {
        const failures: Array<string> = []
        for (const c of await casesOf(vendor)) {
          for (const example of c.examples) {
            const valid = c.validate(example)
            if (!valid.valid) failures.push(`${c.what}: the spec's example contradicts the spec (${valid.errors})`)
            const error = c.schema === undefined ? "no Schema" : decodes(c.schema, example)
            if (error !== "") failures.push(`${c.what}: ${error}`)
          }
        }
        expect(failures).toEqual([])
      })

      it("samples of every body, built from the spec's field examples, are valid and decode", async () => {
        const failures: Array<string> = []
        let decoded = 0
        for (const c of await casesOf(vendor)) {
          for (const sample of c.samples) {
            const valid = c.validate(sample)
            if (!valid.valid) failures.push(`${c.what}: sample invalid for the slice (${valid.errors}): ${JSON.stringify(sample)}`)
            const error = c.schema === undefined ? "no Schema" : decodes(c.schema, sample)
            if (error === "") decoded++
            else failures.push(`${c.what}: ${error}`)
          }
        }
        expect(failures).toEqual([])
        expect(decoded).toBeGreaterThan(0)
      })
    })
  }

  // How many examples each spec gives for its slice: a count that drops means examples stopped being read. Postmark's
  // document carries none, so its Schemas are checked by the samples alone.
  const specExamples: Readonly<Record<string, number>> = { tavily: 39, postmark: 0, firecrawl: 1, lemlist: 20 }

  for (const vendor of Generator.vendors) {
    it(`reads all ${specExamples[vendor.folder] ?? "?"} examples of ${vendor.folder}'s slice`, async () => {
      const count = (await casesOf(vendor)).reduce((n, c) => n + c.examples.length, 0)
      expect(specExamples[vendor.folder], `add ${vendor.folder}'s example count to specExamples`).toBe(count)
    })
  }
})
