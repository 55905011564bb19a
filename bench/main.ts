/**
 * `npm run bench`: runs every benchmark (call overhead, Effect instructions per call, heap per in-flight call, cold
 * start, webhook verification, outbox delivery, Redis stores) and writes `bench/REPORT.md` and `bench/report.json`.
 * `-- --quick` runs each at reduced size; `-- --only=overhead,instructions,memory,coldstart` picks sections; `-- --profile` / `-- --no-profile` force or skip diagnosing our client
 * (a layer-by-layer breakdown and a `node --cpu-prof` profile; by default a full run diagnoses it when it misses a
 * call-overhead target).
 *
 * @since 0.1.0
 */
import * as NodeChild from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import { type Operation, operations } from "./harness/jobs.js"
import * as Profile from "./report/profile.js"
import * as Render from "./report/render.js"
import type { Results } from "./report/results.js"
import * as Sections from "./sections.js"

const CLIENT_CALL: Readonly<Record<Operation, string>> = {
  "stripe.retrieve": "StripeClient customers.retrieve",
  "stripe.create": "StripeClient customers.create",
  "openai.chat": "OpenAIClient chat.completions.create"
}

const SECTIONS = ["overhead", "instructions", "memory", "coldstart", "webhooks", "outbox", "durable", "redis"] as const
type Section = (typeof SECTIONS)[number]

// dist/bench/main.js → the package root, where bench/REPORT.md lives.
const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../..")

const parseArgs = (argv: ReadonlyArray<string>) => {
  const only = argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length).split(",")
  const unknown = only?.filter((name) => !SECTIONS.includes(name as Section)) ?? []
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`)
  return {
    quick: argv.includes("--quick"),
    sections: (only ?? SECTIONS) as ReadonlyArray<Section>,
    profile: argv.includes("--profile") ? "always" : argv.includes("--no-profile") ? "never" : "auto"
  } as const
}

const commit = (): string | undefined => {
  try {
    return NodeChild.execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8", stdio: "pipe" }).trim()
  } catch {
    return undefined
  }
}

const main = async () => {
  const args = parseArgs(process.argv.slice(2))
  const sizes = Sections.sizes(args.quick)
  const started = performance.now()
  const results: Results = {
    meta: {
      date: new Date().toISOString(),
      mode: args.quick ? "quick" : "full",
      node: process.versions.node,
      cpu: NodeOs.cpus()[0]?.model.trim() ?? "unknown CPU",
      cores: NodeOs.cpus().length,
      loadAverageBefore: NodeOs.loadavg(),
      loadAverageAfter: [],
      commit: commit(),
      sections: args.sections,
      sizes: { ...sizes },
      seconds: 0
    },
    figures: {},
    ratios: {},
    targets: [],
    notes: [],
    gaps: [],
    failures: [],
    profiles: {}
  }
  const log = (line: string) => console.log(line)
  const ctx: Sections.Context = { results, sizes, log }
  for (const section of args.sections) {
    log(`[${section}]`)
    await Sections[section](ctx)
  }
  const targets: Array<Sections.ProfileTarget> = []
  for (const operation of operations) {
    const missed = results.targets.some((t) => t.key.startsWith(`overhead.c64.${operation}.`) && t.met === false)
    if (args.profile === "always" ? args.sections.includes("overhead") : missed) targets.push({ _tag: "client", operation })
  }
  for (const scheme of ["standard", "stripe"] as const) {
    const missed = results.targets.some((t) => t.key === `webhooks.${scheme}.ours_vs_official` && t.met === false)
    if (args.profile === "always" ? args.sections.includes("webhooks") : missed) targets.push({ _tag: "webhook", scheme })
  }
  // Diagnosis (a layer-by-layer breakdown of the client and CPU profiles) runs for what misses a target in a full run,
  // or on request; a quick run skips it unless asked, to stay within its time budget.
  const diagnose = args.profile === "always" || (args.profile === "auto" && !args.quick)
  if (diagnose && targets.some((target) => target._tag === "client")) {
    log("[breakdown]")
    await Sections.breakdown(ctx)
  }
  const profileDir = NodePath.join(NodeOs.tmpdir(), "effect-integrations-bench-profiles")
  for (const target of diagnose ? targets : []) {
    const label = target._tag === "client" ? target.operation : `webhook-${target.scheme}`
    log(`[profile ${label}]`)
    const file = await Sections.profile(ctx, target, profileDir)
    if (file === undefined) {
      results.failures.push({ section: "profile", label, error: "no .cpuprofile was written" })
      continue
    }
    const summary = Profile.summarise(file, root)
    const what = target._tag === "webhook"
      ? `Webhooks.verify with the ${target.scheme === "standard" ? "Standard Webhooks" : "Stripe"} scheme`
      : `${CLIENT_CALL[target.operation]}, concurrency 64`
    results.profiles[label] = { ...summary, file, what }
    log(`  ${file}`)
    for (const entry of summary.topSelf.slice(0, 8)) log(`  ${entry.percent.toFixed(1)} %  ${entry.name}  ${entry.location}`)
  }
  results.meta.loadAverageAfter = NodeOs.loadavg()
  results.meta.seconds = (performance.now() - started) / 1000
  NodeFs.writeFileSync(NodePath.join(root, "bench/report.json"), `${JSON.stringify(results, null, 2)}\n`)
  NodeFs.writeFileSync(NodePath.join(root, "bench/REPORT.md"), Render.markdown(results))
  log(`wrote bench/REPORT.md and bench/report.json in ${results.meta.seconds.toFixed(0)} s`)
  for (const target of results.targets) {
    log(`  ${target.met === null ? "?" : target.met ? "met" : "MISSED"}  ${target.label}: ${target.value?.toFixed(2) ?? "-"}`)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
