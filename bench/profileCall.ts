/**
 * A developer's micro-harness for the per-call cost of the HTTP kernel, outside the full bench: starts the target
 * server in its own process, runs each named variant or stage (`undici`, `official`, `ours`, `effect-undici`,
 * `platform`, `kernel-bare`, `kernel`, `client-untraced`) in a fresh worker at concurrency 64 and prints its CPU µs per
 * call. `--operation=stripe.create` or `--operation=openai.chat` picks the call (default `stripe.retrieve`; stages
 * exist for that one only).
 * With `--profile` each worker runs under `node --cpu-prof` and the profile's hot spots are printed.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/profileCall.js kernel ours --calls=20000 --profile
 *
 * @since 0.1.0
 */
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import { type Job, operations } from "./harness/jobs.js"
import * as Processes from "./harness/process.js"
import * as Profile from "./report/profile.js"

const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../..")
const VARIANTS = ["undici", "official", "ours", "effect-undici", "platform", "lean", "kernel-bare", "kernel", "client-untraced", "client-platform"] as const
type Name = (typeof VARIANTS)[number]

const flag = (argv: ReadonlyArray<string>, name: string): string | undefined =>
  argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)

const main = async () => {
  const argv = process.argv.slice(2)
  const names = argv.filter((arg) => !arg.startsWith("--"))
  const unknown = names.filter((name) => !VARIANTS.includes(name as Name))
  if (unknown.length > 0) throw new Error(`unknown variant(s) ${unknown.join(", ")}; known: ${VARIANTS.join(", ")}`)
  const calls = Number(flag(argv, "calls") ?? "20000")
  const concurrency = Number(flag(argv, "concurrency") ?? "64")
  const requested = flag(argv, "operation") ?? "stripe.retrieve"
  const operation = operations.find((op) => op === requested)
  if (operation === undefined) throw new Error(`unknown operation ${requested}; known: ${operations.join(", ")}`)
  const profile = argv.includes("--profile")
  const top = Number(flag(argv, "top") ?? "25")
  const directory = NodePath.join(NodeOs.tmpdir(), `effect-integrations-profile-${process.pid}`)
  const server = await Processes.startServer()
  try {
    for (const variant of (names.length > 0 ? names : VARIANTS) as ReadonlyArray<Name>) {
      const job: Job = {
        kind: "overhead",
        operation,
        variant,
        concurrency,
        calls,
        warmup: Math.max(500, Math.round(calls / 10)),
        port: server.port
      }
      NodeFs.mkdirSync(directory, { recursive: true })
      const before = new Set(NodeFs.readdirSync(directory))
      const execArgv = profile ? ["--cpu-prof", `--cpu-prof-dir=${directory}`, "--cpu-prof-interval=200"] : []
      const result = await Processes.runJob(job, { timeoutMs: 600_000, execArgv })
      if (!result.ok) {
        console.log(`${variant}: FAILED ${result.error}`)
        continue
      }
      const f = result.figures
      console.log(
        `${variant.padEnd(16)} ${(f["cpu_us_per_call"] ?? 0).toFixed(1).padStart(8)} µs CPU/call  ` +
          `${(f["throughput_rps"] ?? 0).toFixed(0).padStart(7)} req/s  server ${(f["server_cpu_percent"] ?? 0).toFixed(0)} %  ` +
          `failures ${f["failures"]}  spans ${f["spans_ended"] ?? "-"}`
      )
      const file = NodeFs.readdirSync(directory).find((name) => name.endsWith(".cpuprofile") && !before.has(name))
      if (!profile || file === undefined) continue
      const summary = Profile.summarise(NodePath.join(directory, file), root, top)
      console.log(`  profile ${NodePath.join(directory, file)}`)
      for (const area of summary.byArea) console.log(`  area ${area.percent.toFixed(1).padStart(5)} %  ${area.area}`)
      for (const entry of summary.byFile) console.log(`  file ${entry.percent.toFixed(1).padStart(5)} %  ${entry.file}`)
      for (const entry of summary.topSelf) {
        console.log(`  self ${entry.percent.toFixed(1).padStart(5)} %  ${entry.name}  ${entry.location}`)
      }
      for (const entry of summary.oursInclusive) {
        console.log(`  ours ${entry.percent.toFixed(1).padStart(5)} %  ${entry.name}  ${entry.location}`)
      }
    }
  } finally {
    await server.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
