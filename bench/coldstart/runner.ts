/**
 * Runs a cold-start script in a fresh `node` process and times it from spawn to exit, as the parent sees it. The
 * script's own report (peak RSS, time to result, import time) comes back on its stdout.
 *
 * @since 0.1.0
 */
import * as NodeChild from "node:child_process"
import * as NodeUrl from "node:url"
import type { Report } from "./exit.js"

/**
 * @since 0.1.0
 * @category Models
 */
export type Script = "stripeOurs" | "stripeOfficial" | "openaiOurs" | "openaiOfficial" | "importOne"

/**
 * One run: wall time from spawn to exit, and the script's report.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Run extends Report {
  readonly wall_ms: number
}

/**
 * @since 0.1.0
 * @category Running
 */
export const run = (script: Script, args: ReadonlyArray<string>, timeoutMs: number): Promise<Run> =>
  new Promise((resolve, reject) => {
    const path = NodeUrl.fileURLToPath(new URL(`./${script}.js`, import.meta.url))
    const started = performance.now()
    const child = NodeChild.spawn(process.execPath, [path, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let exitedAt = 0
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.once("error", reject)
    child.once("exit", () => {
      exitedAt = performance.now()
    })
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      if (code !== 0) {
        return reject(new Error(`${script} ${args.join(" ")} exited with ${signal ?? `code ${code}`}: ${stderr.trim().split("\n")[0]}`))
      }
      try {
        const report = JSON.parse(stdout.trim().split("\n").pop() ?? "") as Report
        resolve({ ...report, wall_ms: exitedAt - started })
      } catch {
        reject(new Error(`${script} ${args.join(" ")} printed no report: ${stdout.slice(0, 200)}`))
      }
    })
  })
