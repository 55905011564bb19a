import { describe, expect, it } from "@effect/vitest"
import * as NodeChildProcess from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"

const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../..")
const bin = NodePath.join(root, "bin/effect-integrations.js")

const runBin = (args: ReadonlyArray<string>) =>
  NodeChildProcess.spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", timeout: 60_000 })

describe("effect-integrations (bin)", () => {
  it("prints the package version", () => {
    const pkg = JSON.parse(NodeFs.readFileSync(NodePath.join(root, "package.json"), "utf8")) as { version: string }
    const result = runBin(["--version"])
    expect(result.status).toBe(0)
    expect(result.stdout.trim()).toBe(pkg.version)
  })

  it("prints help naming the demo command", () => {
    const result = runBin(["--help"])
    expect(result.status).toBe(0)
    expect(result.stdout).toContain("effect-integrations")
    expect(result.stdout).toContain("demo")
  })
})
