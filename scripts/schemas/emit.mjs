/**
 * Builds one generated module from a spec slice: the component schemas the slice's operations reach (in dependency
 * order, names sorted), then each operation's parameters, request body and response bodies (in the order the vendor's
 * entry lists them), then an `operations` table. Identical inline bodies are declared once (Tavily's error body serves
 * 36 statuses); a component used by requests and responses alike is declared twice, since the two follow different
 * rules (see convert.mjs), the request form with an `Input` suffix.
 */
import { convert, describe, segment } from "./convert.mjs"
import { docComment, object, print, raw } from "./print.mjs"

const COMPONENT_PREFIX = "#/components/schemas/"
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value)

const pascal = (text) =>
  String(text)
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, next) => (next === undefined ? "" : next.toUpperCase()))
    .replace(/^[a-z]/, (first) => first.toUpperCase())

const camel = (text) => pascal(text).replace(/^[A-Z]/, (first) => first.toLowerCase())

/** A component's name as an exported identifier. */
const identifier = (name) => {
  const id = pascal(name)
  if (!/^[A-Z][A-Za-z0-9]*$/.test(id)) throw new Error(`component "${name}" has no usable identifier (got "${id}")`)
  return id
}

const componentOf = (ref) => {
  if (!ref.startsWith(COMPONENT_PREFIX)) throw new Error(`unsupported $ref ${ref} (only ${COMPONENT_PREFIX}*)`)
  return ref.slice(COMPONENT_PREFIX.length).replace(/~1/g, "/").replace(/~0/g, "~")
}

/** The JSON body schema of a request body or response, if it has one. */
const jsonSchema = (content) => {
  if (!isObject(content)) return undefined
  const type = Object.keys(content).sort().find((name) => JSON_MEDIA.test(name))
  return type === undefined ? undefined : content[type].schema
}

/** A schema without its documentation, for recognising identical bodies. */
const shape = (schema) => {
  if (Array.isArray(schema)) return schema.map(shape)
  if (!isObject(schema)) return schema
  const out = {}
  for (const key of Object.keys(schema).sort()) {
    if (["description", "title", "example", "examples", "default", "x-corrected"].includes(key)) continue
    out[key] = key === "properties" && isObject(schema[key])
      ? Object.fromEntries(Object.entries(schema[key]).map(([name, value]) => [name, shape(value)]))
      : shape(schema[key])
  }
  return out
}

const statusOrder = (a, b) => (a === "default" ? 1 : b === "default" ? -1 : Number(a) - Number(b))

/** Every component a schema refers to, directly or not, by mode. */
const collectUsage = (slice, operations, extraSchemas) => {
  const usage = new Map()
  const schemas = slice.components?.schemas ?? {}
  const visit = (node, mode) => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, mode))
    if (!isObject(node)) return
    if (typeof node.$ref === "string") {
      const name = componentOf(node.$ref)
      const modes = usage.get(name) ?? new Set()
      if (!modes.has(mode)) {
        modes.add(mode)
        usage.set(name, modes)
        if (schemas[name] === undefined) throw new Error(`$ref ${node.$ref} is not in the slice`)
        visit(schemas[name], mode)
      }
    }
    for (const [key, value] of Object.entries(node)) {
      // Field names are not keywords: a field called `example` is still a schema.
      if (key === "properties" && isObject(value)) Object.values(value).forEach((field) => visit(field, mode))
      else if (key !== "$ref" && key !== "example" && key !== "examples") visit(value, mode)
    }
  }
  for (const { operation } of operations) {
    for (const parameter of operation.parameters ?? []) visit(parameter.schema, "request")
    visit(jsonSchema(operation.requestBody?.content), "request")
    for (const response of Object.values(operation.responses ?? {})) visit(jsonSchema(response.content), "response")
  }
  for (const name of extraSchemas) visit({ $ref: `${COMPONENT_PREFIX}${segment(name)}` }, "response")
  return usage
}

/**
 * The module's source text. `vendor` is its entry in vendors.mjs; `info` carries the slice's provenance for the header.
 */
export const emitModule = (slice, vendor, info) => {
  const since = vendor.since
  const schemas = slice.components?.schemas ?? {}
  const operations = vendor.operations.map((entry) => {
    const operation = slice.paths?.[entry.path]?.[entry.method]
    if (operation === undefined) throw new Error(`${vendor.folder}: the slice has no ${entry.method.toUpperCase()} ${entry.path}`)
    const name = entry.name ?? operation.operationId
    if (name === undefined) throw new Error(`${vendor.folder}: ${entry.method.toUpperCase()} ${entry.path} has no operationId: give it a name`)
    return { entry, operation, name: pascal(name), key: camel(name), label: `${entry.method.toUpperCase()} ${entry.path}` }
  })
  const usage = collectUsage(slice, operations, vendor.schemas ?? [])
  const uses = new Set()
  const names = new Map()
  const taken = new Set(["Schema", "openLiteral", "operations"])
  const claim = (name, what) => {
    if (taken.has(name)) throw new Error(`${vendor.folder}: two schemas would be named ${name} (${what}); rename one in vendors.mjs`)
    taken.add(name)
    return name
  }
  const componentName = (name, mode) => {
    const key = `${mode}:${name}`
    if (!names.has(key)) {
      const both = usage.get(name)?.size === 2
      names.set(key, identifier(name) + (both && mode === "request" ? "Input" : ""))
    }
    return names.get(key)
  }

  // Declarations in output order; components are emitted depth-first so each follows what it refers to.
  const declarations = []
  const state = new Map()
  const context = (mode, dependencies) => ({
    mode,
    uses,
    nullableOptionals: vendor.nullableOptionals !== false,
    ref: (ref) => {
      const name = componentOf(ref)
      dependencies.push([name, mode])
      return componentName(name, mode)
    },
    resolve: (ref) => {
      const schema = schemas[componentOf(ref)]
      if (schema === undefined) throw new Error(`$ref ${ref} is not in the slice`)
      return schema
    }
  })
  const emitComponent = (name, mode, path) => {
    const key = `${mode}:${name}`
    if (state.get(key) === "done") return
    if (state.get(key) === "active") {
      throw new Error(
        `${vendor.folder}: ${[...path, name].join(" -> ")} is recursive; generated Schemas are not: cut the cycle with a patch (replace the $ref with {})`
      )
    }
    state.set(key, "active")
    const dependencies = []
    const node = convert(schemas[name], context(mode, dependencies), `#/components/schemas/${segment(name)}`)
    for (const [dependency, dependencyMode] of dependencies) emitComponent(dependency, dependencyMode, [...path, name])
    declarations.push({ name: claim(componentName(name, mode), `component ${name}`), node, doc: describe(schemas[name]) })
    state.set(key, "done")
  }
  for (const name of [...usage.keys()].sort()) {
    for (const mode of ["response", "request"]) if (usage.get(name).has(mode)) emitComponent(name, mode, [])
  }

  // Inline bodies: a bare $ref names its component; identical inline bodies share the first one's declaration.
  const inline = new Map()
  const renames = vendor.rename ?? {}
  const body = (schema, mode, proposed, use, at) => {
    if (isObject(schema) && typeof schema.$ref === "string" && Object.keys(schema).every((k) => k === "$ref" || k === "description")) {
      return componentName(componentOf(schema.$ref), mode)
    }
    const key = `${mode}:${JSON.stringify(shape(schema))}`
    const existing = inline.get(key)
    if (existing !== undefined) {
      existing.uses.push(use)
      return existing.name
    }
    const dependencies = []
    const node = convert(schema, context(mode, dependencies), at)
    const declaration = { name: claim(renames[proposed] ?? proposed, use.label), node, uses: [use], schema }
    inline.set(key, declaration)
    declarations.push(declaration)
    return declaration.name
  }

  const table = []
  for (const { entry, operation, name, key, label } of operations) {
    const at = `#/paths/${segment(entry.path)}/${entry.method}`
    const texts = [operation.summary, operation.description].filter((text) => typeof text === "string" && text.trim() !== "")
      .map((text) => text.trim())
    const summary = texts[0]
    const row = [
      { key: "method", value: raw(JSON.stringify(entry.method.toUpperCase())) },
      { key: "path", value: raw(JSON.stringify(entry.path)) }
    ]
    const parameters = (operation.parameters ?? []).filter((p) => p.in === "path" || p.in === "query")
    if (parameters.length > 0) {
      const schema = {
        type: "object",
        properties: Object.fromEntries(
          parameters.map((p) => [p.name, { ...(p.schema ?? {}), ...(p.description ? { description: p.description } : {}) }])
        ),
        required: parameters.filter((p) => p.required === true || p.in === "path").map((p) => p.name)
      }
      const use = { what: "Path and query parameters", label, summary }
      row.push({ key: "params", value: raw(body(schema, "request", `${name}Params`, use, `${at}/parameters`)) })
    }
    const request = jsonSchema(operation.requestBody?.content)
    if (request !== undefined) {
      const use = { what: "Request body", label, summary, details: [...texts.slice(1), operation.requestBody.description] }
      row.push({ key: "request", value: raw(body(request, "request", `${name}Request`, use, `${at}/requestBody`)) })
    }
    const statuses = Object.keys(operation.responses ?? {}).sort(statusOrder)
    const withBodies = statuses.filter((status) => jsonSchema(operation.responses[status].content) !== undefined)
    const responses = []
    for (const group of [withBodies.filter((s) => s.startsWith("2")), withBodies.filter((s) => !s.startsWith("2"))]) {
      const distinct = new Set(group.map((s) => JSON.stringify(shape(jsonSchema(operation.responses[s].content)))))
      for (const status of group) {
        const response = operation.responses[status]
        const suffix = status.startsWith("2") ? "Response" : "Error"
        const proposed = `${name}${suffix}${distinct.size > 1 ? pascal(status) : ""}`
        const use = { what: "Body", label, status, summary: response.description?.trim() }
        const value = body(jsonSchema(response.content), "response", proposed, use, `${at}/responses/${status}`)
        responses.push({ key: status, value: raw(value) })
      }
    }
    if (responses.length > 0) row.push({ key: "responses", value: object(responses) })
    table.push({ key, value: object(row), doc: `\`${label}\`${summary === undefined ? "" : `: ${summary}`}` })
  }
  for (const declaration of declarations) if (declaration.uses !== undefined) declaration.doc = inlineDoc(declaration)

  const parts = [header(slice, vendor, info), "import * as Schema from \"effect/Schema\""]
  if (uses.has("openLiteral")) parts[1] += "\nimport { openLiteral } from \"../../internal/openLiteral.js\""
  for (const declaration of declarations) parts.push(declare(declaration, since))
  parts.push(
    [
      docComment(
        "The slice's operations: method, path, and the Schemas of their parameters, request body and response bodies by " +
          `status.\n\n@since ${since}\n@category Models`,
        ""
      ),
      `export const operations = ${print(object(table), 0, 26)} as const`
    ].join("\n")
  )
  return `${parts.join("\n\n")}\n`
}

const sentence = (text) => (/[.!?:]$/.test(text) ? text : `${text}.`)

/**
 * The doc comment of an inline body: what it is and where it is used (`Body of \`POST /search\` 200: ...`), grouped by
 * operation when several share it, then the schema's own description.
 */
const inlineDoc = ({ uses, schema }) => {
  const first = uses[0]
  const byOperation = new Map()
  for (const use of uses) byOperation.set(use.label, [...(byOperation.get(use.label) ?? []), ...(use.status === undefined ? [] : [use.status])])
  const where = [...byOperation].map(([label, statuses]) => `\`${label}\`${statuses.length === 0 ? "" : ` ${statuses.join(", ")}`}`)
  const lead = uses.length === 1
    ? `${first.what} of ${where[0]}${first.summary === undefined ? "." : `: ${sentence(first.summary)}`}`
    : `${first.what} of ${where.join("; ")}.`
  return [lead, ...(uses.length === 1 ? first.details ?? [] : []), describe(schema)]
    .filter((text) => typeof text === "string" && text.trim() !== "")
    .join("\n\n")
}

const declare = ({ name, node, doc }, since) => {
  const schemaDoc = `${doc === undefined ? "" : `${doc}\n\n`}@since ${since}\n@category Schemas`
  const isStruct = node.kind === "call" && node.callee === "Schema.Struct"
  const type = isStruct
    ? `export interface ${name} extends Schema.Schema.Type<typeof ${name}> {}`
    : `export type ${name} = Schema.Schema.Type<typeof ${name}>`
  const prefix = `export const ${name} = `
  return [
    docComment(schemaDoc, ""),
    `${prefix}${print(node, 0, prefix.length)}`,
    "",
    docComment(`@since ${since}\n@category Models`, ""),
    type
  ].join("\n")
}

const header = (slice, vendor, info) => {
  const operations = vendor.operations.map((o) => `\`${o.method.toUpperCase()} ${o.path}\``).join(", ")
  const corrections = vendor.patches?.length ?? 0
  const lines = [
    `${vendor.title} request and response Schemas for the operations this SDK calls, generated from ${vendor.title}'s OpenAPI document.`,
    "",
    "GENERATED by `npm run schemas:generate` (scripts/schemas/generate.mjs): do not edit by hand. Change the vendor's",
    "entry in scripts/schemas/vendors.mjs (operations, corrections) and regenerate; `npm run schemas:check` fails while",
    "this file and its slice disagree. Refinements and open unions belong in the hand-written module beside this folder.",
    "",
    `Spec: ${vendor.spec} (${slice.info?.title ?? "untitled"} ${slice.info?.version ?? ""}, OpenAPI ${slice.openapi})`,
    `Slice: ${operations}${(vendor.schemas ?? []).length > 0 ? `; schemas ${vendor.schemas.join(", ")}` : ""}`,
    `Slice sha256: ${info.sha256}`,
    `Corrections to the spec: ${corrections === 0 ? "none" : `${corrections}, each noted at the field it corrects`}`,
    "",
    `@since ${vendor.since}`
  ]
  return docComment(lines.join("\n"), "")
}
