#!/usr/bin/env node
/**
 * Packs the package and installs it as a user would: a fresh app in a temporary directory with the tarball, an
 * `effect` patch version other than ours, and only the peers a Stripe user needs. Then it checks what the user gets:
 *
 * - the tarball: dist/src, bin, src, README.md, LICENSE; no dist/bench, no .tsbuildinfo, no tests; publint and
 *   arethetypeswrong (ESM profile) find nothing;
 * - the tree: exactly one copy of `effect`; no better-sqlite3, pg or ioredis (no native build, no store driver);
 * - the types: a program importing `effect-integrations/stripe`, `/transport` and `/testing` by name type-checks
 *   under a strict tsconfig without skipLibCheck;
 * - the program runs against the simulator (a 503 retried, then the customer) and prints the right result;
 * - a missing optional peer is named: the Redis stores without ioredis, the CLI without @effect/cli.
 *
 * Needs a fresh `npm run build` (it packs dist/ as it is). Installs with `--offline` from the npm cache, falling back
 * to `--prefer-offline` the first time a version is not cached. Prints one JSON summary as its last line; exits 1 when
 * a check fails. `--keep` keeps the temporary app.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"
import * as BuildStamp from "./build-stamp.mjs"

const root = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")
const keep = process.argv.includes("--keep")
const started = performance.now()
const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8"))
const devVersion = (name) => pkg.devDependencies[name]

/** The `effect` the app installs: a patch of our minor that is not the one we develop against. */
const APP_EFFECT = devVersion("effect") === "3.22.2" ? "3.22.3" : "3.22.2"

const checks = []
let last = started
const check = (name, ok, detail = "") => {
  const now = performance.now()
  checks.push({ name, ok: Boolean(ok), ms: Math.round(now - last), ...(detail === "" ? {} : { detail }) })
  last = now
  process.stderr.write(`${ok ? "ok  " : "FAIL"} ${name}${detail === "" ? "" : `: ${detail}`}\n`)
}

const run = (command, args, options = {}) => {
  const result = ChildProcess.spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options })
  return { code: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", error: result.error }
}

const npm = (args, cwd) => run(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd })

const walk = (dir, visit) => {
  for (const entry of Fs.readdirSync(dir, { withFileTypes: true })) {
    const full = Path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, visit)
    else visit(full)
  }
}

const fail = (message) => {
  check(message, false)
  finish(undefined)
}

let app
const finish = (nodeModulesBytes) => {
  const failed = checks.filter((c) => !c.ok)
  const summary = {
    ok: failed.length === 0,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    effect: APP_EFFECT,
    ...(nodeModulesBytes === undefined ? {} : { nodeModulesMB: Math.round(nodeModulesBytes / 1024 / 102.4) / 10 }),
    ...(keep && app !== undefined ? { app } : {}),
    checks
  }
  if (!keep && app !== undefined) Fs.rmSync(Path.dirname(app), { recursive: true, force: true })
  process.stdout.write(`${JSON.stringify(summary)}\n`)
  process.exit(failed.length === 0 ? 0 : 1)
}

// 1. dist/ must be what src/ compiles to: the tarball ships it as it is.
{
  const stale = BuildStamp.staleSources(root)
  if (stale.length > 0) fail(`dist/ is older than src/ (${stale.slice(0, 3).join(", ")}): run npm run build first`)
}

// 2. The tarball.
const work = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-integrations-pack-"))
app = Path.join(work, "app")
Fs.mkdirSync(Path.join(app, "src"), { recursive: true })
const packed = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", work], root)
if (packed.code !== 0) fail(`npm pack failed: ${packed.stderr.trim().split("\n").pop()}`)
const [info] = JSON.parse(packed.stdout)
const tarball = Path.join(work, info.filename)
const files = info.files.map((f) => f.path)
const has = (prefix) => files.some((f) => f === prefix || f.startsWith(`${prefix}/`))
check("tarball ships LICENSE, README.md, bin, dist/src", ["LICENSE", "README.md", "bin/effect-integrations.js", "dist/src/index.js", "dist/src/index.d.ts"].every(has))
const unwanted = files.filter((f) => f.startsWith("dist/bench") || f.endsWith(".tsbuildinfo") || f.startsWith("test/") || /\.test\.[jt]s$/.test(f))
check("tarball has no dist/bench, .tsbuildinfo or tests", unwanted.length === 0, unwanted.slice(0, 3).join(", "))
const publint = run(process.execPath, [Path.join(root, "node_modules/publint/src/cli.js"), "run", tarball, "--strict"])
check("publint finds nothing", publint.code === 0 && /All good/.test(publint.stdout), publint.code === 0 ? "" : publint.stdout.trim().split("\n").slice(-3).join(" | "))
const attw = run(process.execPath, [
  Path.join(root, "node_modules/@arethetypeswrong/cli/dist/index.js"), tarball, "--profile", "esm-only", "--format", "json", "--no-color"
])
let attwProblems = "unreadable output"
try {
  // Problems by kind; the ESM-only profile ignores the node10 and CommonJS resolutions (the package is ESM only).
  const ignored = new Set(["node10", "node16-cjs"])
  attwProblems = Object.values(JSON.parse(attw.stdout).problems ?? {})
    .flat()
    .filter((p) => !ignored.has(p.resolutionKind))
    .map((p) => `${p.kind} ${p.entrypoint ?? ""} ${p.resolutionKind ?? ""}`.trim())
    .join(", ")
} catch {
  // keeps "unreadable output"
}
check("arethetypeswrong (ESM profile) finds nothing", attw.code === 0 && attwProblems === "", attwProblems)

// 3. A fresh app: the tarball, another effect patch, and the peers of a Stripe user who also tests on the simulator.
Fs.writeFileSync(Path.join(app, "package.json"), JSON.stringify({
  name: "pack-check-app",
  private: true,
  type: "module",
  dependencies: {
    "effect": APP_EFFECT,
    "@effect/platform": devVersion("@effect/platform"),
    "@effect/platform-node": devVersion("@effect/platform-node"),
    "effect-integrations": `file:${tarball}`
  },
  devDependencies: { "@types/node": devVersion("@types/node") }
}, null, 2))
const install = (mode) => npm(["install", mode, "--no-audit", "--no-fund", "--loglevel=error"], app)
let installed = install("--offline")
// The first run on a machine may miss a version in the cache (the other effect patch): fetch it once.
if (installed.code !== 0) installed = install("--prefer-offline")
if (installed.code !== 0) fail(`npm install failed: ${installed.stderr.trim().split("\n").slice(-3).join(" | ")}`)

// 4. The tree.
const copies = []
walk(Path.join(app, "node_modules"), (file) => {
  if (file.endsWith(`${Path.sep}effect${Path.sep}package.json`) && Path.basename(Path.dirname(Path.dirname(file))) === "node_modules") {
    const manifest = JSON.parse(Fs.readFileSync(file, "utf8"))
    if (manifest.name === "effect") copies.push(`${Path.relative(app, Path.dirname(file))}@${manifest.version}`)
  }
})
check(`exactly one effect in the app, ${APP_EFFECT}`, copies.length === 1 && copies[0] === `node_modules/effect@${APP_EFFECT}`, copies.join(", "))
const ls = npm(["ls", "effect", "--all", "--json"], app)
const versions = new Set()
const collect = (node) => {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    if (name === "effect") versions.add(child.version)
    collect(child)
  }
}
try {
  collect(JSON.parse(ls.stdout))
} catch {
  versions.add("unreadable npm ls output")
}
check("npm ls effect --all: one version", ls.code === 0 && versions.size === 1 && versions.has(APP_EFFECT), [...versions].join(", "))
const drivers = ["better-sqlite3", "pg", "ioredis", "@effect/sql-sqlite-node", "@effect/sql-pg", "@opentelemetry/sdk-trace-base"]
  .filter((name) => Fs.existsSync(Path.join(app, "node_modules", name)))
check("no store driver, native module or OpenTelemetry SDK installed", drivers.length === 0, drivers.join(", "))
// Prebuilt binaries shipped inside a package (msgpackr's) are fine; a compile leaves node-gyp's build/ behind.
const builds = []
walk(Path.join(app, "node_modules"), (file) => {
  if (Path.basename(file) === "config.gypi" || file.includes(`${Path.sep}build${Path.sep}Release${Path.sep}`)) builds.push(Path.relative(app, file))
})
check("no native build", builds.length === 0, builds.slice(0, 3).join(", "))

// 5. The program, type-checked strictly (no skipLibCheck) against the installed package, then run.
Fs.writeFileSync(Path.join(app, "tsconfig.json"), JSON.stringify({
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2022"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    outDir: "dist",
    rootDir: "src"
  },
  include: ["src"]
}, null, 2))
Fs.writeFileSync(Path.join(app, "src", "main.ts"), `import { Effect, Redacted } from "effect"
import { IntegrationError } from "effect-integrations"
import { StripeClient } from "effect-integrations/stripe"
import { Faults, VendorSimulator } from "effect-integrations/testing"
import { UndiciTransport } from "effect-integrations/transport"

const program = Effect.gen(function*() {
  // The first customer creation fails with a 503; the client retries it with the same idempotency key.
  const simulator = yield* VendorSimulator.make({
    faults: Faults.make({ rules: [{ kind: "status", vendor: "stripe", route: "POST /v1/customers", status: 503, times: 1 }] })
  })
  const stripe = yield* StripeClient.make({ apiKey: Redacted.make("sk_test_pack_check"), baseUrl: simulator.baseUrl("stripe") })
  const customer = yield* stripe.customers.create({ email: "pack@example.com" })
  const missing = yield* Effect.flip(stripe.customers.retrieve("cus_missing"))
  const stats = yield* simulator.stats
  return {
    email: customer.email,
    id: customer.id.slice(0, 4),
    requests: stats.requests["stripe POST /v1/customers"] ?? 0,
    missing: IntegrationError.isIntegrationError(missing) ? missing.reason : "not an IntegrationError"
  }
})

const result = await Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(UndiciTransport.layer())))
console.log(JSON.stringify(result))
`)
const tsc = run(process.execPath, [Path.join(root, "node_modules/typescript/bin/tsc"), "-p", app])
check("the program type-checks with skipLibCheck off", tsc.code === 0, tsc.stdout.trim().split("\n").slice(0, 4).join(" | "))
if (tsc.code === 0) {
  const program = run(process.execPath, [Path.join(app, "dist", "main.js")], { cwd: app, timeout: 120_000 })
  let output
  try {
    output = JSON.parse(program.stdout.trim().split("\n").pop())
  } catch {
    output = undefined
  }
  const expected = { email: "pack@example.com", id: "cus_", requests: 2, missing: "NotFound" }
  check(
    "the program runs against the simulator: the 503 retried, the customer created, a NotFound typed",
    program.code === 0 && JSON.stringify(output) === JSON.stringify(expected),
    program.code === 0 ? JSON.stringify(output) : program.stderr.trim().split("\n").slice(0, 3).join(" | ")
  )
}

// 6. Optional peers that are missing are named, with the command that installs them.
Fs.writeFileSync(Path.join(app, "state.mjs"), `import { Cause, Effect, Exit } from "effect"
import { Redis } from "effect-integrations/state"
const exit = await Effect.runPromiseExit(Effect.scoped(Redis.make({ url: "redis://127.0.0.1:6379" })))
console.log(JSON.stringify(Exit.isFailure(exit) ? Cause.pretty(exit.cause).split("\\n")[0] : "built"))
`)
const state = run(process.execPath, [Path.join(app, "state.mjs")], { cwd: app, timeout: 60_000 })
check(
  "the Redis stores without ioredis name the package to install",
  state.code === 0 && /needs the package ioredis, which is not installed: npm install ioredis@/.test(state.stdout),
  state.code === 0 ? state.stdout.trim() : state.stderr.trim().split("\n")[0]
)
const cli = run(process.execPath, [Path.join(app, "node_modules", ".bin", "effect-integrations"), "--version"], { cwd: app, timeout: 60_000 })
const cliLines = cli.stderr.trim().split("\n").filter((line) => line !== "")
check(
  "the CLI without @effect/cli says what to install, in one line, exit 1",
  cli.code === 1 && cliLines.length === 1 && /needs the package @effect\/cli, which is not installed: npm install/.test(cliLines[0]),
  cli.stderr.trim().split("\n")[0] ?? ""
)

const du = run("du", ["-sk", Path.join(app, "node_modules")])
finish(du.code === 0 ? Number(du.stdout.split(/\s/)[0]) * 1024 : undefined)
