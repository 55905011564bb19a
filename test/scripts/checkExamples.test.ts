import { describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { promisify } from "node:util"
import { checkExamples, entryPaths, extractExamples, extractMarkdown } from "../../scripts/check-examples.mjs"

const root = resolve(import.meta.dirname, "..", "..")
const script = join(root, "scripts", "check-examples.mjs")

/** A JSDoc comment from its lines, as they are written in the sources. */
const jsdoc = (...lines: ReadonlyArray<string>) => ["/**", ...lines.map((line) => ` *${line === "" ? "" : ` ${line}`}`), " */"]

const source = (...blocks: ReadonlyArray<ReadonlyArray<string>>) => blocks.flatMap((block) => [...block, "export const x = 1", ""]).join("\n")

/** A folder for generated modules inside the package's `node_modules`, where an example's imports resolve. */
const cacheDir = () => join(root, "node_modules", ".cache", `check-examples-test-${process.pid}-${Math.random().toString(36).slice(2)}`)

describe("check-examples", () => {
  describe("extractExamples", () => {
    it("finds each ```ts block of an @example at its source line, with JSDoc's escapes undone", () => {
      const text = source(
        jsdoc(
          "Mentions jane@example.com, which is no tag.",
          "",
          "@example",
          "```ts",
          "import { Effect } from \"effect\"",
          "const glob = \"*\\/*\"",
          "```",
          "",
          "@since 0.1.0"
        ),
        jsdoc("A block outside any @example is prose:", "```ts", "not checked", "```")
      )
      const examples = extractExamples("/repo/src/A.ts", text)
      expect(examples).toEqual([
        { file: "/repo/src/A.ts", line: 6, code: "import { Effect } from \"effect\"\nconst glob = \"*/*\"" }
      ])
    })

    it("reads every @example of every comment, and every ```ts block of one @example", () => {
      const text = source(
        jsdoc("@example", "```ts", "const a = 1", "```", "```sh", "npm test", "```", "```typescript", "const b = 2", "```"),
        jsdoc("@since 0.1.0", "@example", "```ts", "const c = 3", "```")
      )
      expect(extractExamples("A.ts", text).map((example) => [example.line, example.code])).toEqual([
        [4, "const a = 1"],
        [10, "const b = 2"],
        [19, "const c = 3"]
      ])
    })

    it("reports an @example that has no ```ts block, or whose block never closes", () => {
      const text = source(
        jsdoc("@example", "import { Redaction } from \"effect-integrations\"", "", "@since 0.1.0"),
        jsdoc("@example", "```ts", "const open = 1")
      )
      const examples = extractExamples("A.ts", text)
      expect(examples).toEqual([
        { file: "A.ts", line: 2, problem: expect.stringContaining("no ```ts block") },
        { file: "A.ts", line: 11, problem: expect.stringContaining("never closed") }
      ])
    })
  })

  it("finds each ```ts block of a Markdown file at its line, and no other language's", () => {
    const text = ["# Title", "", "```sh", "npm test", "```", "", "```ts", "const a = 1", "```", "```typescript", "const b = 2", "```"]
    expect(extractMarkdown("README.md", text.join("\n"))).toEqual([
      { file: "README.md", line: 8, code: "const a = 1" },
      { file: "README.md", line: 11, code: "const b = 2" }
    ])
    expect(extractMarkdown("README.md", "```ts\nconst open = 1")).toEqual([
      { file: "README.md", line: 1, problem: expect.stringContaining("never closed") }
    ])
  })

  it("maps the package's entries to their sources, never an internal folder", () => {
    const paths = entryPaths(root)
    expect(paths["effect-integrations"]).toEqual([join(root, "src", "index.ts")])
    expect(paths["effect-integrations/resend"]).toEqual([join(root, "src", "vendors", "resend", "index.ts")])
    expect(Object.keys(paths).some((name) => name.includes("internal"))).toBe(false)
  })

  it("passes examples that compile and locates each compiler error of the others in its source file", () => {
    const dir = cacheDir()
    try {
      const good = [
        "import { Effect } from \"effect\"",
        "import { Redaction } from \"effect-integrations\"",
        "import { ResendClient } from \"effect-integrations/resend\"",
        "const text: string = Redaction.scrubText(\"key sk_test_4eC39HqLyjWDarjtT1zdp7dc\")",
        "const layer = ResendClient.layerTest({ emails: { send: () => Effect.succeed({ id: \"email_1\" }) } })"
      ]
      // Declares the same names as the good one: examples are separate modules.
      const broken = [
        "import * as Fallback from \"effect-integrations/Fallback\"",
        "import { Redaction } from \"effect-integrations\"",
        "const text: number = Redaction.scrubText(\"x\")",
        "const layer = Fallback"
      ]
      const internal = ["import * as Fake from \"effect-integrations/core/internal/fake\"", "const layer = Fake"]
      const problems = checkExamples(
        [
          { file: "/repo/src/Good.ts", line: 10, code: good.join("\n") },
          { file: "/repo/src/Broken.ts", line: 20, code: broken.join("\n") },
          { file: "/repo/src/Internal.ts", line: 30, code: internal.join("\n") },
          { file: "/repo/src/Bare.ts", line: 40, problem: "@example has no ```ts block" }
        ],
        { root, cacheDir: dir }
      )
      expect(problems.map((problem) => [problem.file, problem.line, problem.message.slice(0, 7)]).sort()).toEqual([
        ["/repo/src/Bare.ts", 40, "@exampl"],
        ["/repo/src/Broken.ts", 20, "TS2307:"],
        ["/repo/src/Broken.ts", 22, "TS2322:"],
        ["/repo/src/Internal.ts", 30, "TS2307:"]
      ])
      expect(problems.find((problem) => problem.line === 20)?.message).toContain("effect-integrations/Fallback")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("fails from the command line listing file:line and the message of a broken example", async () => {
    const dir = mkdtempSync(join(tmpdir(), "check-examples-"))
    const cache = cacheDir()
    try {
      mkdirSync(join(dir, "src"))
      const file = join(dir, "src", "Broken.ts")
      writeFileSync(file, source(jsdoc("@example", "```ts", "const n: number = \"one\"", "```")))
      const run = promisify(execFile)(process.execPath, [script, join(dir, "src")], {
        cwd: root,
        env: { ...process.env, CHECK_EXAMPLES_CACHE: cache }
      })
      const failure = await run.then(() => undefined, (error: { code: number; stderr: string }) => error)
      expect(failure?.code).toBe(1)
      expect(failure?.stderr).toContain(`${file}:4: TS2322: Type 'string' is not assignable to type 'number'.`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
      rmSync(cache, { recursive: true, force: true })
    }
  })
})
