#!/usr/bin/env node
/**
 * Generates the committed Schema modules `src/vendors/<vendor>/generated/*.ts` from slices of the vendors' OpenAPI
 * documents (see vendors.mjs and scripts/README.md), or checks that the committed ones are what it would generate.
 *
 *     node scripts/schemas/generate.mjs                 # npm run schemas:generate: writes the modules
 *     node scripts/schemas/generate.mjs --check         # npm run schemas:check: regenerates into a temporary folder,
 *                                                       # exits 1 naming every file that differs, is missing or is extra
 *     node scripts/schemas/generate.mjs --root DIR      # writes or checks DIR/src/vendors/... instead of this project
 *     SPECS_DIR=/path/to/specs node scripts/schemas/generate.mjs
 *
 * The slices are cut by scripts/slice-specs.mjs (`sliceDocument` with `keepDocs`), so a generated module and the
 * contract slices read the specs the same way. Output depends only on the spec and vendors.mjs: no dates, no
 * machine paths, stable ordering; the same input gives the same bytes.
 */
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { load, sliceDocument } from "../slice-specs.mjs"
import { emitModule } from "./emit.mjs"
import { vendors } from "./vendors.mjs"

/** This project's root. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..")

/** Where the specs are: `$SPECS_DIR`, else `shared/specs` beside the project (as the contract tests read them). */
export const specsDir = () => process.env.SPECS_DIR ?? resolve(projectRoot, "../shared/specs")

const DEFAULT_MAX_BYTES = 200_000

export { emitModule, vendors }

/** The module's path, relative to the project root. */
export const outputPath = (vendor) => `src/vendors/${vendor.folder}/generated/${vendor.module}.ts`

const pointerSegments = (pointer) => {
  if (!pointer.startsWith("/")) throw new Error(`not a JSON pointer: ${pointer}`)
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
}

const at = (document, pointer) =>
  pointerSegments(pointer).reduce((node, key) => (node !== null && typeof node === "object" ? node[key] : undefined), document)

const applyPatch = (node, patch) => {
  for (const key of patch.unset ?? []) delete node[key]
  Object.assign(node, structuredClone(patch.set ?? {}))
  for (const [from, to] of Object.entries(patch.renameProperty ?? {})) {
    if (node.properties?.[from] === undefined) return false
    node.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k === from ? to : k, v]))
    if (Array.isArray(node.required)) node.required = node.required.map((name) => (name === from ? to : name))
    node.properties[to]["x-corrected"] = patch.why
    return true
  }
  node["x-corrected"] = patch.why
  return true
}

/** Every `properties` map in the slice, wherever it sits (examples are data, not schemas: skipped). */
const propertyMaps = (node, out = []) => {
  if (Array.isArray(node)) node.forEach((item) => propertyMaps(item, out))
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples") continue
      if (key === "properties" && value !== null && typeof value === "object" && !Array.isArray(value)) {
        out.push(value)
        // Its keys are field names (one may be called `example`); each value is a schema.
        Object.values(value).forEach((field) => propertyMaps(field, out))
      } else {
        propertyMaps(value, out)
      }
    }
  }
  return out
}

/** Applies a vendor's corrections to its slice, failing on a correction that no longer matches anything. */
export const applyPatches = (slice, patches, label) => {
  for (const patch of patches) {
    if (typeof patch.why !== "string" || patch.why.trim() === "") throw new Error(`${label}: every patch needs a why`)
    let hits = 0
    if (patch.at !== undefined) {
      const node = at(slice, patch.at)
      if (node !== null && typeof node === "object" && applyPatch(node, patch)) hits++
    } else if (patch.property !== undefined) {
      for (const map of propertyMaps(slice)) {
        const node = map[patch.property]
        if (node !== null && typeof node === "object" && applyPatch(node, patch)) hits++
      }
    } else {
      throw new Error(`${label}: a patch needs "at" or "property"`)
    }
    if (hits === 0) {
      throw new Error(`${label}: patch ${JSON.stringify(patch.at ?? patch.property)} matches nothing: the spec changed? update or drop it`)
    }
  }
  return slice
}

/**
 * A vendor's slice as the generator reads it: cut with docs and examples kept, corrected by its patches. `sha256`
 * identifies the uncorrected slice (it changes when the spec's part that matters changes).
 */
export const loadSlice = async (vendor, dir = specsDir()) => {
  const file = join(dir, vendor.spec)
  if (!existsSync(file)) throw new Error(`${vendor.folder}: spec ${file} not found (set SPECS_DIR to the specs folder)`)
  const original = sliceDocument(await load(vendor.spec, dir), {
    name: vendor.folder,
    file: vendor.spec,
    operations: vendor.operations.map((operation) => [operation.method, operation.path]),
    schemas: vendor.schemas ?? [],
    keepDocs: true
  })
  const sha256 = createHash("sha256").update(JSON.stringify(original)).digest("hex")
  const slice = applyPatches(structuredClone(original), vendor.patches ?? [], vendor.folder)
  return { slice, original, sha256 }
}

/** One vendor's module: its path and text. */
export const generateVendor = async (vendor, dir = specsDir()) => {
  const { slice, sha256 } = await loadSlice(vendor, dir)
  const text = emitModule(slice, vendor, { sha256 })
  const limit = vendor.maxBytes ?? DEFAULT_MAX_BYTES
  const size = Buffer.byteLength(text)
  if (size > limit) throw new Error(`${vendor.folder}: ${size} bytes generated, over its limit of ${limit}: slice fewer operations`)
  return { path: outputPath(vendor), text }
}

/** Every configured module, in vendors.mjs order. */
export const generateAll = async (dir = specsDir(), entries = vendors) => {
  const out = []
  for (const vendor of entries) out.push(await generateVendor(vendor, dir))
  return out
}

/** Writes generated files under `root`. */
export const writeFiles = (files, root) => {
  for (const { path, text } of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
}

/** Every file in a `src/vendors/<vendor>/generated/` folder under `root`. */
export const committedFiles = (root) => {
  const vendorsDir = join(root, "src", "vendors")
  if (!existsSync(vendorsDir)) return []
  const out = []
  for (const vendor of readdirSync(vendorsDir, { withFileTypes: true })) {
    if (!vendor.isDirectory()) continue
    const generated = join(vendorsDir, vendor.name, "generated")
    if (!existsSync(generated)) continue
    const walk = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name))
        else out.push(relative(root, join(dir, entry.name)).split("\\").join("/"))
      }
    }
    walk(generated)
  }
  return out.sort()
}

/** How the files under `root` differ from `expectedRoot`'s (which holds exactly the generated files). */
export const compare = (expectedRoot, expected, root) => {
  const changed = []
  const missing = []
  for (const path of expected) {
    const target = join(root, path)
    if (!existsSync(target)) missing.push(path)
    else if (!readFileSync(target).equals(readFileSync(join(expectedRoot, path)))) changed.push(path)
  }
  const extra = committedFiles(root).filter((path) => !expected.includes(path))
  return { changed, missing, extra }
}

/** The first line on which two texts differ, for the check's report. */
const firstDifference = (expected, actual) => {
  const a = expected.split("\n")
  const b = actual.split("\n")
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: expected ${JSON.stringify(a[i] ?? "<end of file>")}, found ${JSON.stringify(b[i] ?? "<end of file>")}`
  }
  return "identical text"
}

/** Regenerates into a temporary folder and compares with `root`; returns the problems found (none: up to date). */
export const check = async (root = projectRoot, dir = specsDir()) => {
  const files = await generateAll(dir)
  const temp = mkdtempSync(join(tmpdir(), "schemas-check-"))
  try {
    writeFiles(files, temp)
    const { changed, missing, extra } = compare(temp, files.map((f) => f.path), root)
    return [
      ...changed.map((path) => {
        const difference = firstDifference(readFileSync(join(temp, path), "utf8"), readFileSync(join(root, path), "utf8"))
        return `${path} differs from what its slice generates (${difference})`
      }),
      ...missing.map((path) => `${path} is missing`),
      ...extra.map((path) => `${path} is not generated by any entry of scripts/schemas/vendors.mjs`)
    ]
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }
}

const main = async (args) => {
  const rootIndex = args.indexOf("--root")
  const root = rootIndex === -1 ? projectRoot : resolve(args[rootIndex + 1] ?? ".")
  if (args.includes("--check")) {
    const problems = await check(root)
    if (problems.length > 0) {
      console.error(`Generated Schemas are out of date:\n${problems.map((p) => `- ${p}`).join("\n")}\nRun npm run schemas:generate.`)
      process.exitCode = 1
    } else {
      console.log(`Generated Schemas are up to date (${vendors.length} vendors).`)
    }
    return
  }
  const started = performance.now()
  const files = await generateAll()
  writeFiles(files, root)
  for (const { path, text } of files) console.log(`${path}: ${text.split("\n").length - 1} lines, ${Buffer.byteLength(text)} bytes`)
  console.log(`${files.length} modules in ${Math.round(performance.now() - started)} ms`)
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
