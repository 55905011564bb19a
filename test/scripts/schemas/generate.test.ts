/**
 * The Schema generator (scripts/schemas): the committed modules match their slices (`npm run schemas:check`, run here
 * so `npm test` fails on a stale module), the check fails on every kind of difference, output is byte-for-byte
 * deterministic, corrections cannot go stale, and the conversion rules hold on a synthetic slice.
 */
import { describe, expect, it } from "@effect/vitest"
import * as NodeChildProcess from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as NodeUtil from "node:util"
import * as Generator from "../../../scripts/schemas/generate.mjs"

const execFile = NodeUtil.promisify(NodeChildProcess.execFile)
const script = NodePath.join(Generator.projectRoot, "scripts", "schemas", "generate.mjs")

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const run = async (...args: ReadonlyArray<string>): Promise<Run> => {
  try {
    const { stdout, stderr } = await execFile(process.execPath, [script, ...args], { cwd: Generator.projectRoot })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { readonly code?: number; readonly stdout?: string; readonly stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" }
  }
}

const withTempDir = async <A>(f: (dir: string) => Promise<A>): Promise<A> => {
  const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "schemagen-test-"))
  try {
    return await f(dir)
  } finally {
    NodeFs.rmSync(dir, { recursive: true, force: true })
  }
}

const tavily = Generator.vendors.find((vendor) => vendor.folder === "tavily")!

describe("schemas:check", () => {
  it("finds the committed modules identical to what their slices generate", async () => {
    expect(await Generator.check()).toEqual([])
  })

  it("exits 0 on an up-to-date tree and 1 naming each changed, missing or extra file", () =>
    withTempDir(async (root) => {
      expect((await run("--root", root)).code).toBe(0)
      const ok = await run("--check", "--root", root)
      expect(ok).toMatchObject({ code: 0 })
      expect(ok.stdout).toContain("up to date")

      const tavilyPath = NodePath.join(root, Generator.outputPath(tavily))
      const original = NodeFs.readFileSync(tavilyPath, "utf8")
      NodeFs.writeFileSync(tavilyPath, original.replace("query: Schema.String,", "query: Schema.optional(Schema.String),"))
      const changed = await run("--check", "--root", root)
      expect(changed.code).toBe(1)
      expect(changed.stderr).toContain(`${Generator.outputPath(tavily)} differs`)
      expect(changed.stderr).toContain("query: Schema.String,")

      NodeFs.rmSync(tavilyPath)
      const missing = await run("--check", "--root", root)
      expect(missing.code).toBe(1)
      expect(missing.stderr).toContain(`${Generator.outputPath(tavily)} is missing`)

      NodeFs.writeFileSync(tavilyPath, original)
      const stray = NodePath.join(root, "src", "vendors", "tavily", "generated", "Extra.ts")
      NodeFs.writeFileSync(stray, "export {}\n")
      const extra = await run("--check", "--root", root)
      expect(extra.code).toBe(1)
      expect(extra.stderr).toContain("src/vendors/tavily/generated/Extra.ts is not generated")
    }))

  it("fails, naming the spec, when the specs folder is missing", async () => {
    await expect(Generator.generateVendor(tavily, "/nonexistent/specs")).rejects.toThrow("tavily/openapi.tryAGI.json not found")
  })
})

describe("schemas:generate", () => {
  it("writes byte-identical modules in separate runs", () =>
    withTempDir(async (dir) => {
      const first = NodePath.join(dir, "first")
      const second = NodePath.join(dir, "second")
      expect((await run("--root", first)).code).toBe(0)
      expect((await run("--root", second)).code).toBe(0)
      for (const vendor of Generator.vendors) {
        const path = Generator.outputPath(vendor)
        expect(NodeFs.readFileSync(NodePath.join(first, path)).equals(NodeFs.readFileSync(NodePath.join(second, path)))).toBe(true)
      }
      expect(Generator.committedFiles(first)).toEqual(Generator.vendors.map(Generator.outputPath).sort())
    }))

  it("does not depend on the order of the spec's paths or component schemas", () =>
    withTempDir(async (specs) => {
      for (const vendor of Generator.vendors) {
        const document = JSON.parse(NodeFs.readFileSync(NodePath.join(Generator.specsDir(), vendor.spec), "utf8"))
        const reversed = (record: Record<string, unknown> | undefined) =>
          record === undefined ? undefined : Object.fromEntries(Object.entries(record).reverse())
        document.paths = reversed(document.paths)
        if (document.components?.schemas !== undefined) document.components.schemas = reversed(document.components.schemas)
        NodeFs.mkdirSync(NodePath.dirname(NodePath.join(specs, vendor.spec)), { recursive: true })
        NodeFs.writeFileSync(NodePath.join(specs, vendor.spec), JSON.stringify(document))
      }
      expect(await Generator.generateAll(specs)).toEqual(await Generator.generateAll())
    }))

  it("heads each module with its spec, slice, digest and a do-not-edit notice", async () => {
    const { text } = await Generator.generateVendor(tavily)
    const { sha256 } = await Generator.loadSlice(tavily)
    expect(text).toContain("GENERATED by `npm run schemas:generate`")
    expect(text).toContain("do not edit by hand")
    expect(text).toContain("Spec: tavily/openapi.tryAGI.json")
    expect(text).toContain("Slice: `POST /search`, `POST /extract`, `POST /crawl`, `POST /map`, `POST /research`,")
    expect(text).toContain(`Slice sha256: ${sha256}`)
    expect(text).not.toContain(Generator.projectRoot)
  })

  it("imports only effect/Schema and the open-enum helper: no @effect/platform, no client code", async () => {
    for (const { text } of await Generator.generateAll()) {
      const imports = [...text.matchAll(/^import .* from "([^"]+)"$/gm)].map((match) => match[1])
      expect(imports.filter((from) => from !== "effect/Schema" && from !== "../../internal/openLiteral.js")).toEqual([])
      expect(text).not.toContain("Schema.Class")
    }
  })

  it("refuses a module over its size limit", async () => {
    await expect(Generator.generateVendor({ ...tavily, maxBytes: 10_000 })).rejects.toThrow("over its limit of 10000")
  })
})

describe("corrections (patches)", () => {
  const slice = () => ({
    components: { schemas: { A: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] } } }
  })

  it("apply by pointer or by property name and mark what they corrected", () => {
    const byPointer = Generator.applyPatches(slice(), [{ at: "/components/schemas/A/properties/n", set: { type: "number" }, why: "w" }], "t")
    expect(byPointer.components.schemas.A.properties.n).toEqual({ type: "number", "x-corrected": "w" })
    const byName = Generator.applyPatches(slice(), [{ property: "n", unset: ["type"], why: "w" }], "t")
    expect(byName.components.schemas.A.properties.n).toEqual({ "x-corrected": "w" })
  })

  it("fail when they match nothing (the spec was fixed or moved) or give no reason", () => {
    expect(() => Generator.applyPatches(slice(), [{ at: "/components/schemas/B", set: {}, why: "w" }], "t")).toThrow("matches nothing")
    expect(() => Generator.applyPatches(slice(), [{ property: "missing", set: {}, why: "w" }], "t")).toThrow("matches nothing")
    expect(() => Generator.applyPatches(slice(), [{ at: "/components/schemas/A", set: {}, why: "" }], "t")).toThrow("needs a why")
  })
})

describe("conversion rules", () => {
  const entry: Generator.VendorEntry = {
    folder: "acme",
    module: "AcmeOpenApi",
    title: "Acme",
    spec: "acme/openapi.json",
    since: "0.1.0",
    operations: [{ method: "post", path: "/things", name: "createThing" }]
  }
  const emit = (components: Record<string, Generator.Json>, request: Generator.Json = { $ref: "#/components/schemas/Thing" }) =>
    Generator.emitModule(
      {
        openapi: "3.1.0",
        info: { title: "Acme", version: "1" },
        paths: {
          "/things": {
            post: {
              requestBody: { required: true, content: { "application/json": { schema: request } } },
              responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } }
            }
          }
        },
        components: { schemas: components }
      },
      entry,
      { sha256: "0" }
    )

  it("declares a component used by requests and responses twice, the request form checked, the response form open", () => {
    const text = emit({
      Thing: {
        type: "object",
        required: ["kind"],
        properties: {
          kind: { type: "string", enum: ["a", "b"] },
          label: { type: ["string", "null"], maxLength: 3 },
          count: { type: "integer", exclusiveMinimum: 0 },
          parent: { allOf: [{ $ref: "#/components/schemas/Base" }, { type: "object", properties: { extra: { type: "boolean" } } }] }
        }
      },
      Base: { type: "object", required: ["id"], properties: { id: { type: "string" } } }
    })
    expect(text).toContain("export const Thing = Schema.Struct({\n  kind: openLiteral(\"a\", \"b\"),")
    expect(text).toContain("export const ThingInput = Schema.Struct({\n  kind: Schema.Literal(\"a\", \"b\"),")
    expect(text).toContain("label: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(3))))")
    expect(text).toContain("label: Schema.optional(Schema.NullOr(Schema.String)),")
    expect(text).toContain("count: Schema.optional(Schema.Int.pipe(Schema.greaterThan(0)))")
    expect(text).toContain("parent: Schema.optional(Schema.Struct({ id: Schema.String, extra: Schema.optional(Schema.Boolean) }))")
    expect(text).toContain("request: ThingInput, responses: { 200: Thing }")
  })

  it("refuses what it cannot represent faithfully, naming where", () => {
    expect(() => emit({ Thing: { type: "object", properties: { self: { $ref: "#/components/schemas/Thing" } } } })).toThrow(
      "Thing -> Thing is recursive"
    )
    expect(() => emit({ Thing: { type: "object", properties: { x: { not: { type: "string" } } } } })).toThrow(
      "#/components/schemas/Thing/properties/x: unsupported keyword \"not\""
    )
    expect(() => emit({ Thing: { type: "object", required: ["y"], properties: { x: { type: "string" } } } })).toThrow(
      "required y not among its properties"
    )
    // An inline request body is named `<Op>Request`, which a component of the spec already is.
    const inlineBody = { type: "object", properties: { a: { $ref: "#/components/schemas/CreateThingRequest" } } }
    expect(() => emit({ Thing: { type: "string" }, CreateThingRequest: { type: "string" } }, inlineBody)).toThrow(
      "two schemas would be named CreateThingRequest"
    )
  })
})
