/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and summarises where the time went: by area (our `src/`, Effect,
 * platform, OpenTelemetry, undici, Node internals, GC), the top functions by self time, and our own functions by
 * inclusive time, each located as `file:line` in the TypeScript source when a source map exists.
 *
 * @since 0.1.0
 */
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import * as SourceMap from "./sourceMap.js"

interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
  readonly children?: ReadonlyArray<number>
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Entry {
  readonly name: string
  readonly location: string
  readonly ms: number
  readonly percent: number
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Summary {
  readonly totalMs: number
  readonly byArea: ReadonlyArray<{ readonly area: string; readonly ms: number; readonly percent: number }>
  /** Self time per source file: with Effect, costs spread over many small closures of one module. */
  readonly byFile: ReadonlyArray<{ readonly file: string; readonly ms: number; readonly percent: number }>
  readonly topSelf: ReadonlyArray<Entry>
  readonly oursInclusive: ReadonlyArray<Entry>
}

const AREAS: ReadonlyArray<readonly [string, RegExp]> = [
  ["effect-integrations src/", /^src\//],
  ["bench harness", /^bench\//],
  ["@effect/opentelemetry + @opentelemetry", /node_modules\/(@effect\/opentelemetry|@opentelemetry)\//],
  ["@effect/platform-node", /node_modules\/@effect\/platform-node\//],
  ["@effect/platform", /node_modules\/@effect\/platform\//],
  ["effect (Schema)", /node_modules\/effect\/src\/(Schema|ParseResult|SchemaAST)\.ts/],
  ["effect (core runtime)", /node_modules\/effect\//],
  ["undici", /node_modules\/undici\//],
  ["Node internals", /^node:/]
]

const SPECIAL = new Set(["(garbage collector)", "(program)", "(idle)", "(root)"])

const areaOf = (location: string, name: string): string => {
  if (SPECIAL.has(name)) return name
  return AREAS.find(([, pattern]) => pattern.test(location))?.[0] ?? (location === "" ? "native / V8 builtins" : "other")
}

const locate = (frame: CallFrame, root: string): string => {
  if (frame.url === "") return ""
  if (!frame.url.startsWith("file:")) return `${frame.url}:${frame.lineNumber + 1}`
  const file = NodeUrl.fileURLToPath(frame.url)
  const mapped = SourceMap.original(file, frame.lineNumber, frame.columnNumber)
  return `${NodePath.relative(root, mapped.file)}:${mapped.line}`
}

const top = (totals: Map<string, number>, names: Map<string, Omit<Entry, "ms" | "percent">>, totalMs: number, n: number) =>
  [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, ms]): Entry => ({ ...(names.get(key) ?? { name: key, location: "" }), ms, percent: (ms / totalMs) * 100 }))

/**
 * Summarises a profile; `root` is the project directory locations are shown relative to.
 *
 * @since 0.1.0
 * @category Profiling
 */
export const summarise = (profilePath: string, root: string, n = 15): Summary => {
  const profile = JSON.parse(NodeFs.readFileSync(profilePath, "utf8")) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfMs = new Map<number, number>()
  profile.samples.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000)
  })
  const keyOf = new Map<number, string>()
  const names = new Map<string, Omit<Entry, "ms" | "percent">>()
  for (const node of profile.nodes) {
    const name = node.callFrame.functionName === "" ? "(anonymous)" : node.callFrame.functionName
    const location = locate(node.callFrame, root)
    const key = `${name}@${location}`
    keyOf.set(node.id, key)
    names.set(key, { name, location })
  }
  const totalMs = [...selfMs.values()].reduce((a, b) => a + b, 0)
  const self = new Map<string, number>()
  const areas = new Map<string, number>()
  const files = new Map<string, number>()
  for (const [id, ms] of selfMs) {
    const key = keyOf.get(id) ?? ""
    self.set(key, (self.get(key) ?? 0) + ms)
    const entry = names.get(key)
    const area = areaOf(entry?.location ?? "", entry?.name ?? "")
    areas.set(area, (areas.get(area) ?? 0) + ms)
    const file = entry === undefined || entry.location === "" ? area : entry.location.replace(/:\d+$/, "")
    files.set(file, (files.get(file) ?? 0) + ms)
  }
  // Inclusive time of our own functions; a function already on the stack is not counted twice (recursion).
  const inclusive = new Map<string, number>()
  const subtree = (id: number, onStack: Map<string, number>): number => {
    const node = byId.get(id)
    if (node === undefined) return 0
    const key = keyOf.get(id) ?? ""
    onStack.set(key, (onStack.get(key) ?? 0) + 1)
    let ms = selfMs.get(id) ?? 0
    for (const child of node.children ?? []) ms += subtree(child, onStack)
    const depth = onStack.get(key) ?? 1
    onStack.set(key, depth - 1)
    if (depth === 1 && (names.get(key)?.location ?? "").startsWith("src/")) {
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms)
    }
    return ms
  }
  const children = new Set(profile.nodes.flatMap((node) => node.children ?? []))
  for (const node of profile.nodes) if (!children.has(node.id)) subtree(node.id, new Map())
  return {
    totalMs,
    byArea: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([area, ms]) => ({ area, ms, percent: (ms / totalMs) * 100 })),
    byFile: [...files.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([file, ms]) => ({ file, ms, percent: (ms / totalMs) * 100 })),
    topSelf: top(self, names, totalMs, n),
    oursInclusive: top(inclusive, names, totalMs, n)
  }
}
