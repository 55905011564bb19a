/**
 * Public modules declare the types and errors, `internal/` modules implement them and import those declarations back:
 * an import cycle. A cycle is harmless only while neither side reads the other's bindings as it loads, which no type
 * checker sees. This loads, in a fresh Node process, each compiled module that takes part in a cycle before anything
 * else, as an app that imports that module first would.
 */
import { describe, expect, it } from "@effect/vitest"
import * as NodeChildProcess from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import { promisify } from "node:util"
import { ensureBuilt } from "./support/Build.js"

const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "..")
const dist = NodePath.join(root, "dist", "src")

const files = (dir: string, extension: string): ReadonlyArray<string> =>
  NodeFs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = NodePath.join(dir, entry.name)
    return entry.isDirectory() ? files(path, extension) : entry.name.endsWith(extension) ? [path] : []
  })

/** Relative imports and re-exports of a compiled module (types are erased, so each one runs at load time). */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']|(?:^|\n)\s*import\s*["'](\.{1,2}\/[^"']+)["']/g

const graph = (modules: ReadonlyArray<string>): ReadonlyMap<string, ReadonlyArray<string>> =>
  new Map(modules.map((module) => {
    const text = NodeFs.readFileSync(module, "utf8")
    const targets = [...text.matchAll(IMPORT)].map((match) => NodePath.resolve(NodePath.dirname(module), match[1] ?? match[2]!))
    return [module, targets.filter((target) => NodeFs.existsSync(target))]
  }))

/** Modules that lie on an import cycle (strongly connected components of more than one module, or a self-import). */
const cyclic = (edges: ReadonlyMap<string, ReadonlyArray<string>>): ReadonlyArray<string> => {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: Array<string> = []
  const onStack = new Set<string>()
  const found: Array<string> = []
  const visit = (node: string): void => {
    index.set(node, counter)
    low.set(node, counter)
    counter++
    stack.push(node)
    onStack.add(node)
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!))
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: Array<string> = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1 || (edges.get(node) ?? []).includes(node)) found.push(...component)
    }
  }
  for (const node of edges.keys()) if (!index.has(node)) visit(node)
  return found.sort()
}

const run = promisify(NodeChildProcess.execFile)

describe("module load order", () => {
  it("every module on an import cycle loads when it is imported first", async () => {
    ensureBuilt()
    const modules = cyclic(graph(files(dist, ".js")))
    // The parse found the cycles the public/internal rule creates (a check that sees none proves nothing).
    expect(modules).toContain(NodePath.join(dist, "outbox", "SsrfGuard.js"))
    expect(modules).toContain(NodePath.join(dist, "core", "VendorClient.js"))
    const failures: Array<string> = []
    // Two at a time: the machine has two cores.
    for (let i = 0; i < modules.length; i += 2) {
      await Promise.all(modules.slice(i, i + 2).map((module) =>
        run(process.execPath, ["--input-type=module", "-e", `await import(${JSON.stringify(NodeUrl.pathToFileURL(module).href)})`], {
          cwd: root
        }).catch((error: { stderr?: string }) => {
          const reason = (error.stderr ?? "").split("\n").find((line) => /Error/.test(line)) ?? "failed"
          failures.push(`${NodePath.relative(root, module)}: ${reason}`)
        })
      ))
    }
    expect(failures).toEqual([])
  }, 300_000)
})
