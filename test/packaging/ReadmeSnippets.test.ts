/**
 * Every TypeScript snippet in README.md type-checks as it stands, imports included, against the package's entries by
 * name (resolved to src/ through tsconfig.json's paths): a snippet that drifts from the API, or leans on an import it
 * does not show, fails here.
 */
import { describe, expect, it } from "@effect/vitest"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import ts from "typescript"

const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../..")

const snippets = (): ReadonlyArray<{ readonly line: number; readonly code: string }> => {
  const text = NodeFs.readFileSync(NodePath.join(root, "README.md"), "utf8")
  const found: Array<{ line: number; code: string }> = []
  const fence = /^```ts\n([\s\S]*?)^```/gm
  for (const match of text.matchAll(fence)) {
    found.push({ line: text.slice(0, match.index).split("\n").length, code: match[1]! })
  }
  return found
}

describe("README.md", () => {
  it("has TypeScript snippets, and each type-checks with the imports it shows", () => {
    const blocks = snippets()
    expect(blocks.length).toBeGreaterThanOrEqual(5)
    const dir = NodePath.join(root, "node_modules", ".cache", "readme-snippets")
    NodeFs.rmSync(dir, { recursive: true, force: true })
    NodeFs.mkdirSync(dir, { recursive: true })
    const files = blocks.map((block, index) => {
      const file = NodePath.join(dir, `snippet-${index}.ts`)
      // Each snippet is its own module; names it declares but does not use are fine in prose.
      NodeFs.writeFileSync(file, `${block.code}\nexport {}\n`)
      return { file, line: block.line }
    })
    const config = ts.getParsedCommandLineOfConfigFile(NodePath.join(root, "tsconfig.json"), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
      }
    })!
    const program = ts.createProgram(files.map((f) => f.file), {
      ...config.options,
      noEmit: true,
      incremental: false,
      noUnusedLocals: false,
      noUnusedParameters: false
    })
    const problems = ts.getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && d.file.fileName.startsWith(dir))
      .map((d) => {
        const at = files.find((f) => f.file === d.file!.fileName)!
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0)
        return `README.md:${at.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`
      })
    expect(problems).toEqual([])
  }, 120_000)
})
