/**
 * JSON Schema (OpenAPI 3.0 and 3.1) to Effect Schema expressions, following this SDK's conventions for vendor bodies:
 *
 * - plain `Schema.Struct`s, never `Schema.Class`: values are plain objects the kernel encodes and decodes as is;
 * - an optional field is `Schema.optional(X)`: absent stays absent (a spec `default` is documented, never filled in,
 *   so the vendor applies its own), and `null` is accepted only where the spec says `nullable` / `type: [.., "null"]`,
 *   except that in responses an optional field also accepts `null` (`Schema.optional(Schema.NullOr(X))`, the
 *   hand-written `optionalNullable`), since vendors send `null` for unset fields their specs call optional;
 * - in requests, enums are closed `Schema.Literal`s and the spec's bounds (lengths, patterns, ranges, item counts) are
 *   checked, so a bad request fails before any I/O; in responses, a string enum of more than one value is an open
 *   `openLiteral` (a value the vendor adds later still decodes) and bounds are not checked (they are the vendor's
 *   promise, not ours to enforce on its answers);
 * - descriptions, defaults and deprecations become doc comments.
 *
 * A keyword this converter does not understand is an error naming where it is, never silently dropped.
 */
import { call, object, pipe, raw } from "./print.mjs"

const UNKNOWN = raw("Schema.Unknown")

// Keywords that only document, or that the conventions above deliberately leave to the vendor.
const ignored = new Set([
  "description",
  "title",
  "example",
  "examples",
  "default",
  "format",
  "deprecated",
  "readOnly",
  "writeOnly",
  "discriminator",
  "uniqueItems",
  "multipleOf",
  "minProperties",
  "maxProperties",
  "contentEncoding",
  "contentMediaType",
  "$schema",
  "$id"
])
const understood = new Set([
  ...ignored,
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "nullable",
  "oneOf",
  "anyOf",
  "allOf",
  "$ref",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems"
])

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value)

/** `~` and `/` escaped for a JSON pointer segment. */
export const segment = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1")

const literal = (value) => raw(JSON.stringify(value))

const nullOr = (node) => (node.kind === "call" && node.callee === "Schema.NullOr" ? node : call("Schema.NullOr", [node]))

const isNullSchema = (schema) =>
  isObject(schema) && (schema.type === "null" || (Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null))

/**
 * The doc comment of a field or a schema: its description (or title), its default and a correction note, if any.
 * Returns `undefined` when there is nothing to say.
 */
export const describe = (schema) => {
  if (!isObject(schema)) return undefined
  const parts = []
  const text = typeof schema.description === "string" && schema.description.trim() !== ""
    ? schema.description.trim()
    : typeof schema.title === "string" && schema.title.trim() !== ""
    ? schema.title.trim()
    : undefined
  if (text !== undefined) parts.push(text)
  if (schema.default !== undefined) parts.push(`Default: \`${JSON.stringify(schema.default)}\` (applied by the vendor).`)
  if (typeof schema["x-corrected"] === "string") parts.push(`Corrected from the spec: ${schema["x-corrected"]}`)
  if (schema.deprecated === true) parts.push("@deprecated")
  return parts.length === 0 ? undefined : parts.join("\n\n")
}

/**
 * Converts one schema. `ctx` carries `mode` (`"request"` or `"response"`), `ref(ref)` (the identifier a `$ref` names in
 * this mode; records the dependency), `resolve(ref)` (the referenced schema, for `allOf`) and `uses` (a Set of the
 * helpers the module must import).
 */
export const convert = (schema, ctx, at) => {
  if (schema === undefined || schema === true) return UNKNOWN
  if (!isObject(schema)) throw new Error(`${at}: not a schema (${JSON.stringify(schema)})`)
  for (const key of Object.keys(schema)) {
    if (!understood.has(key) && !key.startsWith("x-")) {
      throw new Error(`${at}: unsupported keyword "${key}" (add a patch in scripts/schemas/vendors.mjs or extend convert.mjs)`)
    }
  }
  const { node, nullable } = base(schema, ctx, at)
  return nullable || schema.nullable === true ? nullOr(node) : node
}

const base = (schema, ctx, at) => {
  if (typeof schema.$ref === "string") return { node: raw(ctx.ref(schema.$ref)), nullable: false }
  if (schema.const !== undefined) {
    return schema.const === null
      ? { node: raw("Schema.Null"), nullable: false }
      : { node: call("Schema.Literal", [literal(schema.const)]), nullable: false }
  }
  if (Array.isArray(schema.enum)) return enumeration(schema, ctx)
  const alternatives = schema.oneOf ?? schema.anyOf
  if (Array.isArray(alternatives)) return union(schema, alternatives, ctx, at)
  if (Array.isArray(schema.allOf)) return { node: allOf(schema, ctx, at), nullable: false }
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((type) => type !== "null")
    const nullable = types.length < schema.type.length
    if (types.length === 1) return { node: typed(schema, types[0], ctx, at), nullable }
    if (types.length === 0) return { node: raw("Schema.Null"), nullable: false }
    return { node: call("Schema.Union", types.map((type) => typed(schema, type, ctx, at))), nullable }
  }
  return { node: typed(schema, schema.type, ctx, at), nullable: false }
}

const enumeration = (schema, ctx) => {
  const values = schema.enum.filter((value) => value !== null)
  const nullable = values.length < schema.enum.length
  if (values.length === 0) return { node: raw("Schema.Null"), nullable: false }
  if (ctx.mode === "response" && values.length > 1) {
    if (values.every((value) => typeof value === "string")) {
      ctx.uses.add("openLiteral")
      return { node: call("openLiteral", values.map(literal)), nullable }
    }
    if (values.every((value) => typeof value === "number")) {
      return { node: raw(schema.type === "integer" ? "Schema.Int" : "Schema.Number"), nullable }
    }
  }
  return { node: call("Schema.Literal", values.map(literal)), nullable }
}

const union = (schema, alternatives, ctx, at) => {
  if (isObject(schema.properties)) throw new Error(`${at}: oneOf/anyOf beside properties is not supported`)
  const key = schema.oneOf === undefined ? "anyOf" : "oneOf"
  const nullable = alternatives.some(isNullSchema)
  const members = []
  const seen = new Set()
  alternatives.forEach((alternative, index) => {
    if (isNullSchema(alternative)) return
    const node = convert(alternative, ctx, `${at}/${key}/${index}`)
    const text = JSON.stringify(node)
    if (!seen.has(text)) {
      seen.add(text)
      members.push(node)
    }
  })
  if (members.length === 0) return { node: raw("Schema.Null"), nullable: false }
  return { node: members.length === 1 ? members[0] : call("Schema.Union", members), nullable }
}

/** `allOf` of object schemas (inline or referenced) merged into one object: properties, `required` and docs. */
const allOf = (schema, ctx, at) => {
  const { allOf: parts, ...own } = schema
  if (parts.length === 1 && !isObject(own.properties)) {
    const node = convert(parts[0], ctx, `${at}/allOf/0`)
    return own.nullable === true ? nullOr(node) : node
  }
  const merged = { type: "object", properties: {}, required: [] }
  const add = (part, where) => {
    const resolved = typeof part.$ref === "string" ? ctx.resolve(part.$ref) : part
    if (Array.isArray(resolved.allOf)) resolved.allOf.forEach((inner, i) => add(inner, `${where}/allOf/${i}`))
    if (resolved.type !== undefined && resolved.type !== "object") throw new Error(`${where}: allOf of a non-object schema`)
    if (Array.isArray(resolved.oneOf) || Array.isArray(resolved.anyOf)) throw new Error(`${where}: allOf with oneOf/anyOf is not supported`)
    Object.assign(merged.properties, resolved.properties ?? {})
    for (const name of resolved.required ?? []) if (!merged.required.includes(name)) merged.required.push(name)
    if (resolved.additionalProperties !== undefined) merged.additionalProperties = resolved.additionalProperties
  }
  parts.forEach((part, index) => add(part, `${at}/allOf/${index}`))
  add(own, at)
  return objectSchema(merged, ctx, at)
}

const bounds = (schema, ctx, node, checks) => {
  if (ctx.mode !== "request") return node
  const refinements = checks(schema).filter((check) => check !== undefined).map(raw)
  return refinements.length === 0 ? node : pipe(node, refinements)
}

const stringChecks = (schema) => [
  typeof schema.minLength === "number" && schema.minLength > 0 ? `Schema.minLength(${schema.minLength})` : undefined,
  typeof schema.maxLength === "number" ? `Schema.maxLength(${schema.maxLength})` : undefined,
  typeof schema.pattern === "string" ? `Schema.pattern(new RegExp(${JSON.stringify(schema.pattern)}))` : undefined
]

const numberChecks = (schema) => {
  // OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum; 3.1 (JSON Schema) as numbers.
  const lower = typeof schema.exclusiveMinimum === "number"
    ? `Schema.greaterThan(${schema.exclusiveMinimum})`
    : typeof schema.minimum === "number"
    ? schema.exclusiveMinimum === true ? `Schema.greaterThan(${schema.minimum})` : `Schema.greaterThanOrEqualTo(${schema.minimum})`
    : undefined
  const upper = typeof schema.exclusiveMaximum === "number"
    ? `Schema.lessThan(${schema.exclusiveMaximum})`
    : typeof schema.maximum === "number"
    ? schema.exclusiveMaximum === true ? `Schema.lessThan(${schema.maximum})` : `Schema.lessThanOrEqualTo(${schema.maximum})`
    : undefined
  if (lower?.startsWith("Schema.greaterThanOrEqualTo") && upper?.startsWith("Schema.lessThanOrEqualTo")) {
    return [`Schema.between(${schema.minimum}, ${schema.maximum})`]
  }
  return [lower, upper]
}

const arrayChecks = (schema) => [
  typeof schema.minItems === "number" && schema.minItems > 0 ? `Schema.minItems(${schema.minItems})` : undefined,
  typeof schema.maxItems === "number" ? `Schema.maxItems(${schema.maxItems})` : undefined
]

const typed = (schema, type, ctx, at) => {
  switch (type) {
    case "string":
      return bounds(schema, ctx, raw("Schema.String"), stringChecks)
    case "integer":
      return bounds(schema, ctx, raw("Schema.Int"), numberChecks)
    case "number":
      return bounds(schema, ctx, raw("Schema.Number"), numberChecks)
    case "boolean":
      return raw("Schema.Boolean")
    case "null":
      return raw("Schema.Null")
    case "array": {
      const items = schema.items === undefined ? UNKNOWN : convert(schema.items, ctx, `${at}/items`)
      return bounds(schema, ctx, call("Schema.Array", [items]), arrayChecks)
    }
    case "object":
      return objectSchema(schema, ctx, at)
    case undefined:
      return isObject(schema.properties) || schema.additionalProperties !== undefined ? objectSchema(schema, ctx, at) : UNKNOWN
    default:
      throw new Error(`${at}: unsupported type "${type}"`)
  }
}

const recordOf = (value) => call("Schema.Record", [object([{ key: "key", value: raw("Schema.String") }, { key: "value", value }])])

const objectSchema = (schema, ctx, at) => {
  const properties = isObject(schema.properties) ? Object.entries(schema.properties) : []
  const extra = schema.additionalProperties
  if (properties.length === 0) {
    if (extra === false) return call("Schema.Struct", [object([])])
    return recordOf(isObject(extra) ? convert(extra, ctx, `${at}/additionalProperties`) : UNKNOWN)
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required : [])
  const names = new Set(properties.map(([name]) => name))
  const undeclared = [...required].filter((name) => !names.has(name))
  if (undeclared.length > 0 && !isObject(extra)) {
    throw new Error(`${at}: required ${undeclared.join(", ")} not among its properties (correct the spec with a patch)`)
  }
  const entries = properties.map(([name, property]) => {
    let value = convert(property, ctx, `${at}/properties/${segment(name)}`)
    if (!required.has(name)) {
      value = call("Schema.optional", [ctx.mode === "response" && ctx.nullableOptionals ? nullOr(value) : value])
    }
    return { key: name, value, doc: describe(property) }
  })
  const args = [object(entries)]
  if (isObject(extra)) args.push(recordOf(convert(extra, ctx, `${at}/additionalProperties`)))
  return call("Schema.Struct", args)
}
