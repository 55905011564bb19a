#!/usr/bin/env node
/**
 * Generates test/contract/slices/*.json: for each vendor, the operations our clients call (and the vendor simulator
 * serves) and every component schema they reference, cut from the vendors' official OpenAPI documents in
 * /work/shared/specs (or $SPECS_DIR). Documentation-only keywords are dropped so the slices stay small; nothing else is
 * changed, so a slice validates exactly what its spec does. The contract suite runs Prism on the OpenAI and Anthropic
 * slices (the whole OpenAI document takes Prism ~15 s and ~400 MB to load); since examples are dropped, Prism answers
 * from a slice are generated from the schemas.
 *
 * The slices are generated files, committed so that tests need neither the specs nor a YAML parser. Never edit them by
 * hand. Regenerate after changing the operation lists below or updating a spec:
 *
 *     node scripts/slice-specs.mjs            # writes test/contract/slices/
 *     SPECS_DIR=/path/to/specs node scripts/slice-specs.mjs
 *
 * Stripe's spec is YAML: the script reads it with the `yaml` package (a dev dependency), a dev tool only.
 *
 * The Schema generator (scripts/schemas/generate.mjs) imports `load` and `sliceDocument` to cut its own slices with
 * `keepDocs: true`, which keeps descriptions and examples (doc comments and the decode tests need them); importing this
 * module writes nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const specsDir = process.env.SPECS_DIR ?? "/work/shared/specs"
const outDir = join(root, "test", "contract", "slices")

/** Which operations of which document each slice keeps, plus schemas used outside operations (stream events). */
const slices = [
  {
    name: "stripe",
    file: "stripe/spec3.yaml",
    operations: [
      ["get", "/v1/customers"],
      ["post", "/v1/customers"],
      ["get", "/v1/customers/{customer}"],
      ["post", "/v1/customers/{customer}"],
      ["post", "/v1/payment_intents"],
      ["get", "/v1/payment_intents/{intent}"],
      ["post", "/v1/payment_intents/{intent}/confirm"],
      ["post", "/v1/payment_intents/{intent}/cancel"],
      ["post", "/v1/checkout/sessions"],
      ["get", "/v1/checkout/sessions/{session}"],
      ["get", "/v1/subscriptions"],
      ["post", "/v1/subscriptions"],
      ["get", "/v1/subscriptions/{subscription_exposed_id}"],
      ["post", "/v1/subscriptions/{subscription_exposed_id}"],
      ["delete", "/v1/subscriptions/{subscription_exposed_id}"],
      ["post", "/v1/refunds"],
      ["get", "/v1/balance"]
    ],
    schemas: []
  },
  {
    name: "openai",
    file: "openai/openapi.json",
    operations: [
      ["post", "/responses"],
      ["post", "/chat/completions"],
      ["post", "/embeddings"],
      ["post", "/audio/transcriptions"],
      ["get", "/models"]
    ],
    schemas: ["ResponseStreamEvent", "CreateChatCompletionStreamResponse", "ErrorResponse"]
  },
  {
    name: "anthropic",
    file: "anthropic/openapi.community-mirror.yaml",
    operations: [
      ["post", "/v1/messages"],
      ["post", "/v1/messages/count_tokens"],
      ["get", "/v1/models"]
    ],
    schemas: ["MessageStreamEvent", "ErrorResponse"]
  },
  {
    name: "resend",
    file: "resend/resend.json",
    operations: [
      ["post", "/emails"],
      ["post", "/emails/batch"],
      ["get", "/emails/{email_id}"],
      ["get", "/domains"]
    ],
    schemas: []
  },
  {
    name: "twilio",
    file: "twilio/twilio_api_v2010.json",
    operations: [
      ["post", "/2010-04-01/Accounts/{AccountSid}/Messages.json"],
      ["get", "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"],
      ["get", "/2010-04-01/Accounts/{AccountSid}/Balance.json"]
    ],
    schemas: []
  },
  {
    name: "hubspot-contacts",
    file: "hubspot/crm-contacts-v3.json",
    operations: [
      ["get", "/crm/v3/objects/contacts"],
      ["post", "/crm/v3/objects/contacts"],
      ["get", "/crm/v3/objects/contacts/{contactId}"],
      ["patch", "/crm/v3/objects/contacts/{contactId}"],
      ["delete", "/crm/v3/objects/contacts/{contactId}"],
      ["post", "/crm/v3/objects/contacts/search"],
      ["post", "/crm/v3/objects/contacts/batch/upsert"]
    ],
    schemas: []
  },
  {
    name: "hubspot-objects",
    file: "hubspot/crm-objects-v3.json",
    operations: [["post", "/crm/v3/objects/{objectType}"]],
    schemas: []
  },
  {
    name: "gohighlevel-contacts",
    file: "gohighlevel/apps/contacts.json",
    operations: [
      ["post", "/contacts/"],
      ["get", "/contacts/{contactId}"],
      ["put", "/contacts/{contactId}"],
      ["delete", "/contacts/{contactId}"],
      ["post", "/contacts/upsert"],
      ["post", "/contacts/search"]
    ],
    schemas: []
  },
  {
    name: "gohighlevel-opportunities",
    file: "gohighlevel/apps/opportunities.json",
    operations: [
      ["post", "/opportunities/"],
      ["get", "/opportunities/{id}"],
      ["put", "/opportunities/{id}"],
      ["put", "/opportunities/{id}/status"],
      ["delete", "/opportunities/{id}"],
      ["get", "/opportunities/search"],
      ["get", "/opportunities/pipelines"]
    ],
    schemas: []
  },
  {
    name: "gohighlevel-calendars",
    file: "gohighlevel/apps/calendars.json",
    operations: [
      ["get", "/calendars/"],
      ["get", "/calendars/{calendarId}/free-slots"],
      ["post", "/calendars/events/appointments"],
      ["get", "/calendars/events/appointments/{eventId}"],
      ["put", "/calendars/events/appointments/{eventId}"]
    ],
    schemas: []
  },
  {
    name: "gohighlevel-oauth",
    file: "gohighlevel/apps/oauth.json",
    operations: [["post", "/oauth/token"], ["post", "/oauth/locationToken"]],
    schemas: []
  },
  {
    name: "calcom",
    file: "calcom/documentation.json",
    operations: [
      ["get", "/v2/event-types"],
      ["get", "/v2/slots/available"],
      ["post", "/v2/bookings"],
      ["get", "/v2/bookings/{bookingUid}"],
      ["post", "/v2/bookings/{bookingUid}/cancel"],
      ["post", "/v2/bookings/{bookingUid}/reschedule"]
    ],
    schemas: []
  },
  {
    name: "tavily",
    file: "tavily/openapi.tryAGI.json",
    operations: [
      ["post", "/search"],
      ["post", "/extract"],
      ["post", "/crawl"],
      ["post", "/map"],
      ["post", "/research"],
      ["get", "/research/{request_id}"],
      ["get", "/usage"]
    ],
    schemas: []
  },
  {
    // Stale community copy: `/v3/list-calls`, `/v2/list-agents`, `/v2/stop-call/{call_id}` and
    // `/publish-agent-version/{agent_id}` are not in it (capture-tested only, see retell.contract.test.ts).
    name: "retell",
    file: "retell/openapi.tryAGI-processed.yaml",
    operations: [
      ["post", "/v2/create-phone-call"],
      ["post", "/v2/create-web-call"],
      ["post", "/v2/register-phone-call"],
      ["get", "/v2/get-call/{call_id}"],
      ["patch", "/v2/update-call/{call_id}"],
      ["delete", "/v2/delete-call/{call_id}"],
      ["post", "/create-agent"],
      ["get", "/get-agent/{agent_id}"],
      ["patch", "/update-agent/{agent_id}"],
      ["get", "/get-agent-versions/{agent_id}"],
      ["delete", "/delete-agent/{agent_id}"],
      ["get", "/get-phone-number/{phone_number}"],
      ["get", "/v2/list-phone-numbers"]
    ],
    schemas: []
  },
  {
    // The spec predates message streams: those routes are capture-only (test/contract/postmark.contract.test.ts).
    name: "postmark",
    file: "postmark/server.openapi.json",
    operations: [
      ["post", "/email"],
      ["post", "/email/batch"],
      ["post", "/email/withTemplate"],
      ["post", "/email/batchWithTemplates"],
      ["get", "/templates"],
      ["post", "/templates"],
      ["get", "/templates/{templateIdOrAlias}"],
      ["put", "/templates/{templateIdOrAlias}"],
      ["delete", "/templates/{templateIdOrAlias}"],
      ["post", "/templates/validate"],
      ["get", "/bounces"],
      ["get", "/bounces/{bounceid}"],
      ["put", "/bounces/{bounceid}/activate"],
      ["get", "/server"]
    ],
    schemas: []
  },
  {
    // Community-generated: checked against Apollo's API reference in test/contract/apollo.contract.test.ts. The legacy
    // `/mixed_people/search` is kept for its filter parameters, which People API Search shares.
    name: "apollo",
    file: "apollo/openapi.jentic.json",
    operations: [
      ["post", "/people/match"],
      ["post", "/people/bulk_match"],
      ["get", "/organizations/enrich"],
      ["post", "/mixed_people/search"]
    ],
    schemas: []
  },
  {
    name: "llamaparse",
    file: "llamacloud/openapi.tryAGI-processed.json",
    operations: [
      ["post", "/api/v1/parsing/upload"],
      ["get", "/api/v1/parsing/job/{job_id}"],
      ["get", "/api/v1/parsing/job/{job_id}/result/markdown"],
      ["get", "/api/v1/parsing/job/{job_id}/result/text"],
      ["get", "/api/v1/parsing/job/{job_id}/result/json"],
      ["get", "/api/v2/parse"]
    ],
    schemas: ["WebhookConfiguration"]
  },
  {
    name: "firecrawl",
    file: "firecrawl/v2-openapi.json",
    operations: [
      ["post", "/scrape"],
      ["post", "/map"],
      ["post", "/search"],
      ["post", "/extract"],
      ["get", "/extract/{id}"],
      ["post", "/crawl"],
      ["get", "/crawl/{id}"],
      ["delete", "/crawl/{id}"],
      ["post", "/batch/scrape"],
      ["get", "/batch/scrape/{id}"],
      ["delete", "/batch/scrape/{id}"],
      ["get", "/team/credit-usage"]
    ],
    schemas: []
  },
  {
    name: "lemlist",
    file: "lemlist/openapi.v2.json",
    operations: [
      ["get", "/team"],
      ["get", "/campaigns"],
      ["post", "/campaigns"],
      ["get", "/campaigns/{campaignId}"],
      ["post", "/campaigns/{campaignId}/start"],
      ["post", "/campaigns/{campaignId}/pause"],
      ["get", "/campaigns/{campaignId}/leads/"],
      ["post", "/campaigns/{campaignId}/leads/"],
      ["patch", "/campaigns/{campaignId}/leads/{leadId}"],
      ["delete", "/campaigns/{campaignId}/leads/{leadId}"],
      ["delete", "/campaigns/{campaignId}/leads/{email}"],
      ["get", "/leads/{email}"],
      ["get", "/activities"],
      ["get", "/hooks"],
      ["post", "/hooks"],
      ["delete", "/hooks/{hookId}"]
    ],
    schemas: []
  },
  {
    name: "waha",
    file: "waha/openapi.v202409.json",
    operations: [
      ["get", "/api/sessions"],
      ["post", "/api/sessions"],
      ["get", "/api/sessions/{session}"],
      ["post", "/api/sessions/{session}/start"],
      ["post", "/api/sessions/{session}/stop"],
      ["post", "/api/sessions/{session}/logout"],
      ["post", "/api/sessions/{session}/restart"],
      ["get", "/api/sessions/{session}/me"],
      ["get", "/api/{session}/auth/qr"],
      ["post", "/api/sendText"],
      ["post", "/api/sendImage"],
      ["post", "/api/sendFile"],
      ["post", "/api/sendVoice"],
      ["post", "/api/sendSeen"],
      ["post", "/api/startTyping"],
      ["post", "/api/stopTyping"],
      ["get", "/api/{session}/chats"],
      ["get", "/api/{session}/chats/{chatId}/messages"]
    ],
    schemas: ["WAHAWebhookMessage", "WAHAWebhookMessageAck", "WAHAWebhookSessionStatus"]
  }
]

export const load = async (file, dir = specsDir) => {
  const text = readFileSync(join(dir, file), "utf8")
  try {
    return bundle(JSON.parse(text), file, dir)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    const YAML = await import("yaml")
    return YAML.parse(text, { maxAliasCount: -1 })
  }
}

/**
 * Brings the component schemas a document takes from a sibling file (`../common/x.json#/components/schemas/Y`, as
 * GoHighLevel's apps do) into its own components, so every `$ref` is local. A name already taken locally is an error.
 */
const bundle = (doc, file, dir) => {
  const imported = {}
  const rewrite = (node) => {
    if (Array.isArray(node)) return node.map(rewrite)
    if (node === null || typeof node !== "object") return node
    const out = {}
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) {
        const [target, fragment = ""] = value.split("#")
        const name = fragment.replace(/^\/components\/schemas\//, "")
        if (name === fragment || name.includes("/")) throw new Error(`${file}: unsupported external $ref ${value}`)
        const other = JSON.parse(readFileSync(join(dir, dirname(file), target), "utf8"))
        const schema = other.components?.schemas?.[name]
        if (schema === undefined) throw new Error(`${file}: unresolved $ref ${value}`)
        if (doc.components?.schemas?.[name] !== undefined) throw new Error(`${file}: ${value} clashes with a local schema`)
        imported[name] = schema
        out[key] = `#/components/schemas/${name}`
      } else {
        out[key] = rewrite(value)
      }
    }
    return out
  }
  const rewritten = rewrite(doc)
  if (Object.keys(imported).length === 0) return doc
  return {
    ...rewritten,
    components: { ...rewritten.components, schemas: { ...rewritten.components?.schemas, ...imported } }
  }
}

const pointer = (doc, ref) => {
  if (!ref.startsWith("#/")) throw new Error(`external $ref not supported: ${ref}`)
  return ref.slice(2).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, key) => {
      if (node === undefined || !(key in node)) throw new Error(`unresolved $ref ${ref}`)
      return node[key]
    }, doc)
}

// Keywords that only document: dropped from schemas (never from `properties`, whose keys are field names).
const docOnly = new Set(["description", "title", "example", "examples", "externalDocs", "xml", "summary", "$comment"])
const schemaMaps = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"])
const schemaLists = new Set(["allOf", "anyOf", "oneOf", "prefixItems"])
const schemaSingles = new Set([
  "items",
  "additionalProperties",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
  "additionalItems"
])

// With `keepDocs`, these documentation keywords stay (the generator turns them into doc comments and decodes examples).
const keptDocs = new Set(["description", "title", "example", "examples", "summary"])
const dropped = (key, keepDocs) => key.startsWith("x-") || (docOnly.has(key) && !(keepDocs && keptDocs.has(key)))

/** Copies a schema without documentation keywords, collecting the component schemas it references. */
const cleanSchema = (schema, refs, keepDocs = false) => {
  if (Array.isArray(schema)) return schema.map((s) => cleanSchema(s, refs, keepDocs))
  if (schema === null || typeof schema !== "object") return schema
  const out = {}
  for (const [key, value] of Object.entries(schema)) {
    if (dropped(key, keepDocs)) continue
    if (key === "$ref") {
      refs.add(value)
      out[key] = value
    } else if (schemaMaps.has(key) && value !== null && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanSchema(v, refs, keepDocs)]))
    } else if (schemaLists.has(key) && Array.isArray(value)) {
      out[key] = value.map((v) => cleanSchema(v, refs, keepDocs))
    } else if (schemaSingles.has(key)) {
      out[key] = typeof value === "object" ? cleanSchema(value, refs, keepDocs) : value
    } else {
      out[key] = value
    }
  }
  return out
}

/** Follows a non-schema `$ref` (parameters, responses, request bodies) so operations carry their own definitions. */
const deref = (doc, node) => (node && typeof node === "object" && typeof node.$ref === "string" ? deref(doc, pointer(doc, node.$ref)) : node)

/** A media type's examples (`example`, or `examples` with each entry's `$ref` followed), kept with `keepDocs`. */
const mediaExamples = (doc, media) => {
  const out = {}
  if (media.example !== undefined) out.example = media.example
  if (media.examples !== undefined && media.examples !== null && typeof media.examples === "object") {
    out.examples = Object.fromEntries(Object.entries(media.examples).map(([name, example]) => [name, deref(doc, example)]))
  }
  return out
}

const cleanContent = (doc, content, refs, keepDocs = false) =>
  content === undefined ? undefined : Object.fromEntries(
    Object.entries(content).map(([type, media]) => [
      type,
      {
        ...(media.schema === undefined ? {} : { schema: cleanSchema(media.schema, refs, keepDocs) }),
        ...(keepDocs ? mediaExamples(doc, media) : {})
      }
    ])
  )

const cleanOperation = (doc, op, pathParameters, refs, keepDocs = false) => {
  const parameters = [...(pathParameters ?? []), ...(op.parameters ?? [])].map((p) => {
    const param = deref(doc, p)
    const out = { name: param.name, in: param.in }
    if (keepDocs && param.description) out.description = param.description
    if (param.required) out.required = true
    if (param.schema) out.schema = cleanSchema(param.schema, refs, keepDocs)
    if (param.style) out.style = param.style
    if (param.explode !== undefined) out.explode = param.explode
    return out
  })
  const out = {}
  if (op.operationId) out.operationId = op.operationId
  if (keepDocs && op.summary) out.summary = op.summary
  if (keepDocs && op.description) out.description = op.description
  if (parameters.length > 0) out.parameters = parameters
  if (op.requestBody) {
    const body = deref(doc, op.requestBody)
    out.requestBody = { required: body.required === true, content: cleanContent(doc, body.content, refs, keepDocs) }
    if (keepDocs && body.description) out.requestBody.description = body.description
  }
  out.responses = Object.fromEntries(
    Object.entries(op.responses ?? {}).map(([status, response]) => {
      const r = deref(doc, response)
      const cleaned = {}
      if (keepDocs && r.description) cleaned.description = r.description
      if (r.headers) {
        cleaned.headers = Object.fromEntries(
          Object.entries(r.headers).map(([name, h]) => [name, { schema: cleanSchema(deref(doc, h).schema ?? {}, refs, keepDocs) }])
        )
      }
      if (r.content) cleaned.content = cleanContent(doc, r.content, refs, keepDocs)
      return [status, cleaned]
    })
  )
  return out
}

/**
 * Cuts a slice out of a loaded document: the listed operations (`[method, path]`), the component schemas they and
 * `schemas` reference, sorted by name. `keepDocs` keeps descriptions, summaries and examples.
 */
export const sliceDocument = (doc, { name, file, operations, schemas = [], keepDocs = false }) => {
  const refs = new Set(schemas.map((s) => `#/components/schemas/${s}`))
  const paths = {}
  for (const [method, path] of operations) {
    const item = doc.paths?.[path]
    const op = item?.[method]
    if (op === undefined) throw new Error(`${file}: no operation ${method.toUpperCase()} ${path}`)
    paths[path] ??= {}
    paths[path][method] = cleanOperation(doc, op, item.parameters, refs, keepDocs)
  }
  const components = {}
  const done = new Set()
  const queue = [...refs]
  while (queue.length > 0) {
    const ref = queue.shift()
    if (done.has(ref)) continue
    done.add(ref)
    const parts = ref.slice(2).split("/")
    if (parts[0] !== "components" || parts.length !== 3) throw new Error(`${file}: unsupported $ref ${ref}`)
    const more = new Set()
    const cleaned = cleanSchema(pointer(doc, ref), more, keepDocs)
    components[parts[1]] ??= {}
    components[parts[1]][parts[2].replace(/~1/g, "/").replace(/~0/g, "~")] = cleaned
    for (const r of more) if (!done.has(r)) queue.push(r)
  }
  for (const group of Object.values(components)) {
    const sorted = Object.fromEntries(Object.entries(group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    for (const key of Object.keys(group)) delete group[key]
    Object.assign(group, sorted)
  }
  return {
    openapi: doc.openapi,
    info: {
      title: doc.info?.title ?? name,
      version: doc.info?.version ?? "unknown",
      "x-slice-of": file,
      "x-generated-by": "scripts/slice-specs.mjs (do not edit by hand)"
    },
    paths,
    components
  }
}

const slice = async ({ name, file, operations, schemas }) => {
  const out = sliceDocument(await load(file), { name, file, operations, schemas })
  mkdirSync(outDir, { recursive: true })
  const target = join(outDir, `${name}.json`)
  writeFileSync(target, JSON.stringify(out) + "\n")
  const count = Object.values(out.components).reduce((n, group) => n + Object.keys(group).length, 0)
  console.log(`${name}: ${operations.length} operations, ${count} schemas -> ${target}`)
}

// Run as a script only: the generator imports this module for `load` and `sliceDocument`.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const s of slices) await slice(s)
}
