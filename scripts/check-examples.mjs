#!/usr/bin/env node
/**
 * Type-checks every `@example` in `src`, and every ```ts block of `README.md` and `docs/*.md`: each ```ts block inside
 * a JSDoc `@example` (or a Markdown file) is written as a module of its own under `node_modules/.cache/check-examples/`
 * and all of them are compiled together with the project's strict settings (`tsconfig.base.json`). Examples import the package by name (`effect-integrations`, `effect-integrations/stripe`,
 * ...): each name resolves through the package's own `exports` to its source in `src/`, so an example that imports an
 * entry the package does not export, or an `internal/` module, fails like it would for a user.
 *
 * The convention (docs/ADDING_A_VENDOR.md, "Examples"): an `@example` holds one or more ```ts blocks, each a complete
 * module with its imports. Unused declarations are allowed (an example often defines a `program` it does not run);
 * everything else is as strict as `npm run typecheck`.
 *
 *     node scripts/check-examples.mjs            # src/, README.md and docs/
 *     node scripts/check-examples.mjs src/core   # only these files or folders
 *
 * Prints `file:line: message` for each broken example (the line in the source file) and exits 1; exits 0 when every
 * example compiles.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import ts from "typescript"

const JSDOC = /\/\*\*[\s\S]*?\*\//g
/** The start of a JSDoc line: indentation, `*`, and the one space after it. */
const MARGIN = /^[ \t]*\*(?: |(?=$))/
const TAG = /^@([A-Za-z]+)/
const FENCE = /^```(\S*)\s*$/
const TS_LANGUAGES = new Set(["ts", "typescript"])

/**
 * The examples of one source file. Each is `{ file, line, code }` (`line`: the 1-based source line of the example's
 * first code line) or, for an `@example` that cannot be checked, `{ file, line, problem }`.
 */
export const extractExamples = (file, text) => {
  const found = []
  for (const match of text.matchAll(JSDOC)) {
    const firstLine = text.slice(0, match.index).split("\n").length
    const lines = match[0].split("\n").map((line, index) => {
      // The first line holds `/**`, the last `*/`: what follows or precedes them is content too.
      let content = index === 0 ? line.replace(/^\/\*\*\s?/, "") : line.replace(MARGIN, "")
      content = content.replace(/\s*\*\/$/, "")
      return { line: firstLine + index, content: content.replace(/\*\\\//g, "*/") }
    })
    let example // the `@example` being read: { line, blocks }
    let fence // the open fence: { line, language, code: [] }
    const close = () => {
      if (example === undefined) return
      if (example.blocks === 0) {
        found.push({ file, line: example.line, problem: "@example has no ```ts block (see docs/ADDING_A_VENDOR.md, Examples)" })
      }
      example = undefined
    }
    for (const { line, content } of lines) {
      if (fence !== undefined) {
        if (/^```\s*$/.test(content)) {
          if (TS_LANGUAGES.has(fence.language) && example !== undefined) {
            found.push({ file, line: fence.line + 1, code: fence.code.join("\n") })
            example.blocks += 1
          }
          fence = undefined
        } else {
          fence.code.push(content)
        }
        continue
      }
      const tag = TAG.exec(content.trimStart())
      if (tag !== null) {
        close()
        if (tag[1] === "example") example = { line, blocks: 0 }
        continue
      }
      const opening = FENCE.exec(content.trimStart())
      if (opening !== null) fence = { line, language: opening[1].toLowerCase(), code: [] }
    }
    if (fence !== undefined && example !== undefined) {
      found.push({ file, line: fence.line, problem: "@example has a ``` block that is never closed" })
      example = undefined
    }
    close()
  }
  return found
}

/** The ```ts blocks of a Markdown file, each at the line of its first code line. */
export const extractMarkdown = (file, text) => {
  const found = []
  let fence
  text.split("\n").forEach((content, index) => {
    const line = index + 1
    if (fence === undefined) {
      const opening = FENCE.exec(content.trimStart())
      if (opening !== null) fence = { line, language: opening[1].toLowerCase(), code: [] }
    } else if (/^```\s*$/.test(content.trimStart())) {
      if (TS_LANGUAGES.has(fence.language)) found.push({ file, line: fence.line + 1, code: fence.code.join("\n") })
      fence = undefined
    } else {
      fence.code.push(content)
    }
  })
  if (fence !== undefined && TS_LANGUAGES.has(fence.language)) {
    found.push({ file, line: fence.line, problem: "a ```ts block that is never closed" })
  }
  return found
}

/** The examples of a source or Markdown file. */
export const examplesOf = (file, text) => (file.endsWith(".md") ? extractMarkdown(file, text) : extractExamples(file, text))

/** `.ts` and `.md` files under each path (files or folders), sorted, declaration files left out. */
export const sourceFiles = (paths) => {
  const out = []
  const visit = (path) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry))
    } else if ((path.endsWith(".ts") && !path.endsWith(".d.ts")) || path.endsWith(".md")) {
      out.push(path)
    }
  }
  for (const path of paths) visit(path)
  return out
}

/**
 * The package's public entries as `paths` for the compiler: each `exports` key whose `types` points into `dist/`
 * maps to the same file's source in the repository (`./stripe` → `src/vendors/stripe/index.ts`).
 */
export const entryPaths = (root) => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
  const paths = {}
  for (const [key, target] of Object.entries(pkg.exports ?? {})) {
    const types = typeof target === "object" && target !== null ? target.types : undefined
    if (typeof types !== "string" || key.includes("*")) continue
    const source = types.replace(/^\.\/dist\//, "./").replace(/\.d\.ts$/, ".ts")
    const name = key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`
    paths[name] = [join(root, source)]
  }
  return paths
}

/** Inside the package's `node_modules`, so that an example's imports of dependencies resolve as the package's do. */
const defaultCacheDir = (root) =>
  process.env.CHECK_EXAMPLES_CACHE ?? join(root, "node_modules", ".cache", "check-examples")

const moduleName = (root, example) =>
  `${relative(root, example.file).split(sep).join("__").replace(/\.ts$/, "")}__L${example.line}.ts`

/**
 * Compiles `examples` (from `extractExamples`) and returns one problem per broken example, located in its source
 * file: `{ file, line, message }`. Examples that could not be extracted are problems as they are.
 */
export const checkExamples = (examples, { root, cacheDir = defaultCacheDir(root) }) => {
  const problems = examples.filter((example) => example.problem !== undefined).map(({ file, line, problem }) => ({
    file,
    line,
    message: problem,
    example: `${file}:${line}`
  }))
  const modules = examples.filter((example) => example.code !== undefined)
  if (modules.length === 0) return problems
  rmSync(cacheDir, { recursive: true, force: true })
  mkdirSync(cacheDir, { recursive: true })
  // Outside the package's own scope (node_modules stops the lookup), so the modules need their own `type`.
  writeFileSync(join(cacheDir, "package.json"), JSON.stringify({ type: "module", private: true }))
  const byPath = new Map()
  for (const example of modules) {
    const path = join(cacheDir, moduleName(root, example))
    // `export {}` makes an example without imports a module too, so examples never share a scope.
    writeFileSync(path, `${example.code}\nexport {}\n`)
    byPath.set(resolve(path), example)
  }
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile)
  if (base.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(base.error.messageText, "\n"))
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, root)
  const options = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    incremental: false,
    // Examples may declare what they do not use; every type rule stays as strict as the project's.
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: entryPaths(root)
  }
  const program = ts.createProgram([...byPath.keys()], options)
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")
    const code = `TS${diagnostic.code}`
    if (diagnostic.file === undefined) {
      problems.push({ file: undefined, line: undefined, message: `${code}: ${message}` })
      continue
    }
    const at = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
    const example = byPath.get(resolve(diagnostic.file.fileName))
    if (example === undefined) {
      // A problem in the sources the examples import: reported where it is.
      problems.push({ file: diagnostic.file.fileName, line: at.line + 1, message: `${code}: ${message}` })
    } else {
      problems.push({
        file: example.file,
        line: example.line + at.line,
        message: `${code}: ${message}`,
        example: `${example.file}:${example.line}`
      })
    }
  }
  return problems
}

const main = () => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
  const args = process.argv.slice(2)
  const defaults = [join(root, "src"), join(root, "README.md"), join(root, "docs")].filter((path) => existsSync(path))
  const files = sourceFiles(args.length === 0 ? defaults : args.map((arg) => resolve(arg)))
  const examples = files.flatMap((file) => examplesOf(file, readFileSync(file, "utf8")))
  const problems = checkExamples(examples, { root }).sort((a, b) =>
    (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0)
  )
  const shown = (file) => (file.startsWith(root + sep) ? relative(root, file) : file)
  const where = (problem) => (problem.file === undefined ? "" : `${shown(problem.file)}:${problem.line}: `)
  for (const problem of problems) console.error(`${where(problem)}${problem.message}`)
  const count = examples.length
  if (problems.length > 0) {
    const broken = new Set(problems.flatMap((problem) => (problem.example === undefined ? [] : [problem.example]))).size
    const outside = problems.filter((problem) => problem.example === undefined).length
    console.error(
      `\n${broken} of ${count} example(s) broken` + (outside > 0 ? `, ${outside} problem(s) in the sources they import` : "")
    )
    process.exitCode = 1
  } else {
    console.log(`${count} example(s) in ${new Set(examples.map((example) => example.file)).size} file(s) type-check`)
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main()
