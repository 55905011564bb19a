/**
 * Renders `bench/REPORT.md` from a run's results: how it was measured, one table per benchmark, the targets with
 * whether each is met, the profile of our client when it misses one, and anything that could not be measured.
 *
 * @since 0.1.0
 */
import { ratio, type Results } from "./results.js"
import * as Targets from "./targets.js"

const num = (value: number | undefined, digits = 0): string =>
  value === undefined || !Number.isFinite(value)
    ? "–"
    : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const mib = (bytes: number | undefined) => (bytes === undefined ? "–" : num(bytes / 1024 / 1024, 1))
const times = (value: number | undefined) => (value === undefined ? "–" : `${num(value, 2)}×`)

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`)
  ].join("\n")

const VARIANT_LABEL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  stripe: { undici: "raw undici 7", official: "stripe 23.1.0 (official)", ours: "StripeClient (ours)" },
  openai: { undici: "raw undici 7", official: "openai 6.49.0 (official)", ours: "OpenAIClient (ours)" }
}

const OPERATIONS: ReadonlyArray<readonly [operation: string, vendor: string, title: string]> = [
  ["stripe.retrieve", "stripe", "Stripe `customers.retrieve` (GET)"],
  ["stripe.create", "stripe", "Stripe `customers.create` (form POST, an idempotency key per call)"],
  ["openai.chat", "openai", "OpenAI chat completion (JSON POST)"]
]

const overhead = (r: Results): Array<string> => {
  const f = r.figures
  if (!Object.keys(f).some((key) => key.startsWith("overhead."))) return []
  const out = [
    "## Call overhead",
    "",
    "Same local JSON endpoints for every variant (Stripe: `GET /v1/customers/{id}` and `POST /v1/customers`, both",
    "answering a customer object; OpenAI: `POST /v1/chat/completions` answering a chat completion). Every Stripe create",
    "carries an `Idempotency-Key` of its own: ours generates one per call, the official SDK and raw undici are given one.",
    "Ours runs the default policy stack (retry, timeout, circuit breaker, bulkhead, retry budget, Schema validation both",
    "ways) with tracing on (`Observability.layer`: NodeSdk + BatchSpanProcessor). CPU is the client process's user + system",
    "time per call; RSS is that process's peak. Raw undici is the floor, shown for reference." +
      ((f["overhead.c64.stripe.retrieve.ours.rounds"] ?? 1) > 1
        ? ` Each figure is the median of ${num(f["overhead.c64.stripe.retrieve.ours.rounds"])} rounds in which the variants took turns.`
        : ""),
    ""
  ]
  for (const [operation, vendor, title] of OPERATIONS) {
    const rows: Array<Array<string>> = []
    for (const c of [1, 64]) {
      for (const variant of ["undici", "official", "ours"]) {
        const k = `overhead.c${c}.${operation}.${variant}`
        if (f[`${k}.throughput_rps`] === undefined) continue
        const vsOfficial = variant === "ours" ? times(r.ratios[`overhead.c${c}.${operation}.ours_vs_official`]) : ""
        rows.push([
          `${VARIANT_LABEL[vendor]?.[variant] ?? variant}`,
          String(c),
          num(f[`${k}.throughput_rps`]),
          num(f[`${k}.cpu_us_per_call`], 1),
          mib(f[`${k}.max_rss_bytes`]),
          num(f[`${k}.server_cpu_percent`]),
          times(ratio(f[`${k}.throughput_rps`], f[`overhead.c${c}.${operation}.undici.throughput_rps`])),
          vsOfficial
        ])
      }
    }
    if (rows.length === 0) continue
    out.push(
      `### ${title}`,
      "",
      table(
        ["client", "concurrency", "req/s", "CPU µs/call", "peak RSS MiB", "server CPU %", "vs undici", "ours vs official"],
        rows
      ),
      ""
    )
  }
  return out
}

const STAGES: ReadonlyArray<readonly [string, string]> = [
  ["effect-undici", "(floor) undici in `Effect.tryPromise` + JSON + Schema decode, no HttpClient"],
  ["platform", "@effect/platform-node HttpClient (undici, its span off) + JSON + Schema decode"],
  ["lean", "our `UndiciTransport` as an `HttpClient` (its span off) + JSON + Schema decode"],
  ["kernel-bare", "+ HttpIntegration pipeline (retry, timeout, span, metrics), no breaker/bulkhead/budget"],
  ["kernel", "+ default circuit breaker, bulkhead and retry budget"],
  ["client-untraced", "StripeClient as shipped, OpenTelemetry off"],
  ["client-platform", "StripeClient on `@effect/platform-node`'s HttpClient (the kernel's Effect path), OpenTelemetry off"]
]

const breakdown = (r: Results): Array<string> => {
  const f = r.figures
  const rows: Array<Array<string>> = []
  const undici = "overhead.c64.stripe.retrieve.undici"
  if (f[`${undici}.throughput_rps`] !== undefined) {
    rows.push(["raw undici 7", num(f[`${undici}.throughput_rps`]), num(f[`${undici}.cpu_us_per_call`], 1), "1.00×"])
  }
  for (const [stage, label] of STAGES) {
    const k = `breakdown.c64.${stage}`
    if (f[`${k}.throughput_rps`] === undefined) continue
    rows.push([label, num(f[`${k}.throughput_rps`]), num(f[`${k}.cpu_us_per_call`], 1), times(r.ratios[`${k}.vs_undici`])])
  }
  const ours = "overhead.c64.stripe.retrieve.ours"
  if (rows.length <= 1) return []
  if (f[`${ours}.throughput_rps`] !== undefined) {
    rows.push([
      "StripeClient with OpenTelemetry (the `ours` row above)",
      num(f[`${ours}.throughput_rps`]),
      num(f[`${ours}.cpu_us_per_call`], 1),
      times(r.ratios["overhead.c64.stripe.retrieve.ours_vs_undici"])
    ])
  }
  const platform = f["breakdown.c64.platform.cpu_us_per_call"]
  const official = f["overhead.c64.stripe.retrieve.official.cpu_us_per_call"]
  // Whether the transport alone already costs more than the official SDK: then no work in our own layers can close
  // the gap, and the reader should know that from this run's own figures.
  const bare = f["breakdown.c64.effect-undici.cpu_us_per_call"]
  const floor = platform !== undefined && official !== undefined && platform > official
    ? [
      `\`@effect/platform\`'s HttpClient with the decode, before any of our code, costs ${num(platform, 1)} µs of CPU per`,
      `call against ${num(official, 1)} µs for the official \`stripe\` SDK: on that transport the Stripe targets cannot be met`,
      "by trimming our layers." + (bare === undefined ? "" : ` The same request and decode in Effect straight over undici costs`),
      ...(bare === undefined ? [] : [`${num(bare, 1)} µs: the HttpClient is where most of the gap to raw undici goes.`]),
      ""
    ]
    : []
  return [
    "### Where the Stripe `customers.retrieve` overhead goes (concurrency 64)",
    "",
    "Our client built up one layer at a time, each in its own process against the same kind of server.",
    "",
    table(["stage", "req/s", "CPU µs/call", "vs undici"], rows),
    "",
    ...floor
  ]
}

const webhooks = (r: Results): Array<string> => {
  const f = r.figures
  const rows: Array<Array<string>> = []
  for (const scheme of ["standard", "stripe"]) {
    for (const variant of ["official", "ours"]) {
      const k = `webhooks.${scheme}.${variant}`
      if (f[`${k}.ops_per_sec`] === undefined) continue
      rows.push([
        scheme === "standard" ? "Standard Webhooks" : "Stripe",
        variant === "ours"
          ? "`Webhooks.verify` (ours)"
          : scheme === "standard"
          ? "standardwebhooks 1.1.1 `Webhook.verify`"
          : "stripe 23.1.0 `webhooks.constructEvent`",
        num(f[`${k}.ops_per_sec`]),
        num(f[`${k}.cpu_us_per_op`], 2),
        variant === "ours" ? times(r.ratios[`webhooks.${scheme}.ours_vs_official`]) : ""
      ])
    }
  }
  if (rows.length === 0) return []
  return [
    "## Webhook verification",
    "",
    `The same signed ${num(f["webhooks.standard.ours.payload_bytes"] ?? f["webhooks.stripe.ours.payload_bytes"])}-byte delivery`,
    "verified repeatedly (median of five rounds). The official verifiers also `JSON.parse` the body they return; ours",
    "returns the verified bytes (`verifyAndDecode` parses them once) and, for Stripe, reads the event id that keys the",
    "replay guard from the body's opening bytes (a full parse when it is not the first member). Ours records a",
    "`Webhooks.verify` span (Effect's default tracer) and a counter per verification.",
    "",
    table(["scheme", "verifier", "verifications/s", "CPU µs each", "ours vs official"], rows),
    ""
  ]
}

const outbox = (r: Results): Array<string> => {
  const f = r.figures
  const rows: Array<Array<string>> = []
  if (f["outbox.ceiling.delivered_per_sec"] !== undefined) {
    rows.push(["plain POST loop (ceiling)", num(f["outbox.ceiling.delivered_per_sec"]), "1.00×"])
  }
  for (const store of ["sqlite", "postgres"]) {
    const value = f[`outbox.${store}.delivered_per_sec`]
    if (value !== undefined) {
      rows.push([`outbox on ${store === "sqlite" ? "SQLite" : "Postgres"}`, num(value), times(r.ratios[`outbox.${store}.vs_ceiling`])])
    }
  }
  if (rows.length === 0) return []
  return [
    "## Outbox delivery",
    "",
    `${num(f["outbox.ceiling.messages"])} events to one local endpoint answering 204, dispatcher concurrency 16; the`,
    "ceiling is undici POSTing bodies of the same size to the same kind of receiver at the same concurrency, with no store",
    "and no signing. Enqueueing is not timed.",
    "",
    table(["path", "delivered/s", "vs ceiling"], rows),
    ""
  ]
}

const durable = (r: Results): Array<string> => {
  const f = r.figures
  const rows: Array<Array<string>> = []
  for (const store of ["sqlite", "postgres"]) {
    const plain = f[`durable.${store}.plain_per_sec`]
    const durable = f[`durable.${store}.durable_per_sec`]
    if (plain === undefined || durable === undefined) continue
    rows.push([store === "sqlite" ? "SQLite" : "Postgres", num(plain), num(durable), times(r.ratios[`durable.${store}.vs_plain`])])
  }
  if (rows.length === 0) return []
  const calls = r.meta.sizes["durableCalls"]
  return [
    "## Durable calls",
    "",
    `${num(typeof calls === "number" ? calls : undefined)} Resend e-mails to the simulator per store, once as plain calls of the client and`,
    "once as durable calls (recorded in the store, then run by one worker at the same concurrency).",
    "",
    table(["store", "plain calls/s", "durable calls/s", "durable vs plain"], rows),
    ""
  ]
}

const MEMORY_LABEL: ReadonlyArray<readonly [variant: string, label: string]> = [
  ["undici", "raw undici 7"],
  ["official", "stripe 23.1.0 (official)"],
  ["ours", "ours: Stripe pipeline, bulkhead raised, tracing on"],
  ["ours-untraced", "ours, tracing off"],
  ["effect-undici", "control: `Effect.tryPromise` over raw undici + Schema decode"],
  ["ours-all", "control: ours, tracing on, held by one `Effect.all`"],
  ["effect-undici-all", "control: `Effect.tryPromise` over raw undici, held by one `Effect.all`"]
]

/** What holding a variant's calls with one `Effect.all` adds per call over the shared Promise loops. */
const generatorCost = (f: Results["figures"], variant: string): number | undefined => {
  const all = f[`memory.${variant}-all.heap_bytes_per_call`]
  const each = f[`memory.${variant}.heap_bytes_per_call`]
  return all === undefined || each === undefined ? undefined : all - each
}

const memory = (r: Results): Array<string> => {
  const f = r.figures
  const rows: Array<Array<string>> = []
  for (const [variant, label] of MEMORY_LABEL) {
    const k = `memory.${variant}`
    if (f[`${k}.heap_bytes_per_call`] === undefined) continue
    rows.push([
      label,
      num(f[`${k}.held`]),
      mib(f[`${k}.heap_before_bytes`]),
      mib(f[`${k}.heap_held_bytes`]),
      num(f[`${k}.heap_bytes_per_call`]),
      num(f[`${k}.external_bytes_per_call`]),
      num(f[`${k}.rss_bytes_per_call`]),
      times(ratio(f[`${k}.heap_bytes_per_call`], f["memory.undici.heap_bytes_per_call"]))
    ])
  }
  if (rows.length === 0) return []
  return [
    "## Heap per in-flight call",
    "",
    `${num(f["memory.ours.inflight"] ?? f["memory.undici.inflight"])} Stripe customer retrievals started at once; the`,
    "server holds every answer until it has all of them. Each variant in its own process (`node --expose-gc`): the heap",
    "is read after a warm-up and a full GC, and again after a full GC at the moment the server holds every call; the",
    "difference divided by the number of calls is the heap one call in flight keeps alive. External memory (buffers) and",
    "RSS are read at the same two moments. `StripeClient.layer` has no bulkhead option and its default admits 100 calls",
    "in flight, so ours is `HttpIntegration.make` with StripeClient's definition and",
    `\`bulkhead: { maxConcurrent: ${String(f["memory.ours.inflight"] ?? "N")}, maxQueue: 0 }\`, carrying the client's own`,
    "`StripeCustomers` operations (only its `observeResponse` hook, a span attribute on replayed POSTs, is left out).",
    "",
    "Every client's calls are held by the same load generator: one `async` loop per call, awaiting it; an Effect call",
    "is entered through the runtime's `runPromise`, as an app's request handler calls an Effect service, so its row",
    "includes the fiber that runs it. `Effect.tryPromise` over raw undici is the least an Effect call can hold. The",
    "`Effect.all` controls hold the same calls with one `Effect.all` of fiber loops instead: that generator's own",
    `bookkeeping adds ${num(generatorCost(f, "ours"))} B per call to ours and ${num(generatorCost(f, "effect-undici"))} B to \`Effect.tryPromise\`, whatever the client.`,
    "",
    table(
      ["client", "held at once", "heap before MiB", "heap held MiB", "heap B/call", "external B/call", "RSS B/call", "heap vs undici"],
      rows
    ),
    ""
  ]
}

const INSTRUCTION_ROWS: ReadonlyArray<readonly [key: string, label: string]> = [
  ["stripe.retrieve.ours", "StripeClient `customers.retrieve` (ours, tracing on)"],
  ["stripe.create.ours", "StripeClient `customers.create` (ours, tracing on)"],
  ["openai.chat.ours", "OpenAIClient chat completion (ours, tracing on)"],
  ["stripe.retrieve.effect-undici", "stage: undici in `Effect.tryPromise` + JSON + Schema decode"],
  ["stripe.retrieve.platform", "stage: @effect/platform-node HttpClient + JSON + Schema decode"],
  ["stripe.retrieve.lean", "stage: our `UndiciTransport` as an HttpClient + JSON + Schema decode"],
  ["stripe.retrieve.kernel-bare", "stage: + HttpIntegration pipeline, no breaker/bulkhead/budget"],
  ["stripe.retrieve.kernel", "stage: + default breaker, bulkhead, retry budget"],
  ["stripe.retrieve.client-untraced", "stage: StripeClient `customers.retrieve`, tracing off"],
  ["stripe.retrieve.client-platform", "stage: StripeClient on @effect/platform-node's HttpClient (the Effect path)"]
]

const instructions = (r: Results): Array<string> => {
  const f = r.figures
  const rows: Array<Array<string>> = []
  for (const [key, label] of INSTRUCTION_ROWS) {
    const k = `instructions.${key}`
    if (f[`${k}.instructions_per_call`] === undefined) continue
    rows.push([
      label,
      num(f[`${k}.instructions_per_call`], 1),
      num(f[`${k}.fibers_per_call`], 2),
      num(f[`${k}.suspensions_per_call`], 2)
    ])
  }
  if (rows.length === 0) return []
  const calls = f["instructions.stripe.retrieve.ours.calls"] ?? f["instructions.stripe.retrieve.effect-undici.calls"]
  return [
    "## Effect instructions per call",
    "",
    `${num(calls)} sequential calls per variant after a warm-up, in a process of its own, each call run under a`,
    "`Supervisor` (`Effect.supervised`, with the `OpSupervision` runtime flag on for the call only) that counts every",
    "instruction a fiber's run loop evaluates (`onEffect`), every fiber started (`onStart`) and every time a run loop gives",
    "up the thread (`onSuspend`: an async wait, a yield or a fiber's end). Fibers the call forks inherit the supervisor;",
    "the load loop and other fibers of the runtime are not counted, and what the wrapping costs around a no-op call is",
    "subtracted. Before counting, each process checks the counter on calls of known shape (it fails the run if the count",
    "does not grow linearly with the work, misses a forked fiber, or counts a busy fiber running alongside). These figures",
    "count work, not time: they do not move with the machine's load. They do depend on how answers arrive: the server",
    "runs in a process of its own, as for call overhead (a server in the client's process gives other counts).",
    "",
    table(["call", "instructions", "fibers forked", "suspensions"], rows),
    ""
  ]
}

const COLD_LABEL: ReadonlyArray<readonly [key: string, label: string]> = [
  ["stripe.official", "stripe 23.1.0: `import Stripe from \"stripe\"` + `customers.retrieve`"],
  ["stripe.ours", "ours: `effect-integrations/stripe` + `NodeTransport.layer()` + `customers.retrieve`"],
  ["stripe.ours-undici", "ours: `effect-integrations/stripe` + `UndiciTransport.layer()` + `customers.retrieve`"],
  ["openai.official", "openai 6.49.0: `import OpenAI from \"openai\"` + one chat completion"],
  ["openai.ours", "ours: `effect-integrations/openai` + `NodeTransport.layer()` + one chat completion"],
  ["openai.ours-undici", "ours: `effect-integrations/openai` + `UndiciTransport.layer()` + one chat completion"]
]

const coldstart = (r: Results): Array<string> => {
  const f = r.figures
  const rows: Array<Array<string>> = []
  for (const [key, label] of COLD_LABEL) {
    const k = `coldstart.${key}`
    if (f[`${k}.wall_ms`] === undefined) continue
    rows.push([
      label,
      num(f[`${k}.wall_ms`]),
      num(f[`${k}.ready_ms`]),
      mib(f[`${k}.max_rss_bytes`]),
      key.endsWith(".official") ? "" : times(r.ratios[`coldstart.${key}_vs_official`])
    ])
  }
  const imports: Array<Array<string>> = []
  for (const [key, value] of Object.entries(f)) {
    const match = /^coldstart\.import\.(.+)\.import_ms$/.exec(key)
    if (match === null) continue
    const name = match[1] ?? ""
    imports.push([
      name === "node" ? "(nothing: Node's own start-up)" : `\`${name}\``,
      num(value, 1),
      num(f[`coldstart.import.${name}.wall_ms`]),
      mib(f[`coldstart.import.${name}.max_rss_bytes`])
    ])
  }
  if (rows.length === 0 && imports.length === 0) return []
  const runs = f["coldstart.stripe.ours.runs"]
  const importRuns = typeof r.meta.sizes["importRuns"] === "number" ? r.meta.sizes["importRuns"] : undefined
  return [
    "## Cold start",
    "",
    `A fresh \`node\` process per run that imports the client, makes one call to the local server and exits; ours (over`,
    `each transport) and the official SDK take turns, ${num(runs)} runs each, median shown. Ours is held to the target`,
    "over `NodeTransport` (`node:http`), the transport for short-lived processes; over `UndiciTransport` for reference.",
    "Wall time is from spawn to exit as the parent sees it;",
    "\"to result\" is the child's own clock from its time origin to the call's answer; peak RSS is the child's",
    "`process.resourceUsage().maxRSS` at exit. Ours runs `Effect.runPromise` with the layers provided, so its time to",
    "result includes closing them. For clients on undici (ours over `UndiciTransport`, the official OpenAI SDK through",
    "`fetch`) most of the rest is process exit: V8 finishing the background",
    "optimisation of undici's WebAssembly HTTP parser (observed here: `node --liftoff-only` removes that gap).",
    "",
    table(["process", "wall ms", "to result ms", "peak RSS MiB", "ours vs official"], rows),
    "",
    "Where it goes: each module imported alone (with everything it imports) in a fresh process, median of",
    `${num(importRuns)} runs.`,
    "",
    table(["module", "import ms", "process wall ms", "peak RSS MiB"], imports),
    "",
    ...floor(f)
  ]
}

/**
 * The floor of this stack: the process that only imports `effect/Schema` (every response is validated with it, and it
 * imports `fast-check`), or also the platform's `HttpClient` (the transport interface), against the official SDK's
 * whole run.
 */
const floor = (f: Results["figures"]): Array<string> => {
  const official = f["coldstart.stripe.official.wall_ms"]
  const schema = f["coldstart.import.effect/Schema.wall_ms"]
  const client = f["coldstart.import.@effect/platform/HttpClient.wall_ms"]
  if (official === undefined || schema === undefined || client === undefined) return []
  return [
    `The floor under any client on this stack: a process that only imports \`effect/Schema\` takes ${num(schema)} ms,`,
    `${times(ratio(schema, official))} the official Stripe SDK's whole run (${num(official)} ms), and one that also imports`,
    `\`@effect/platform/HttpClient\` ${num(client)} ms, ${times(ratio(client, official))}; neither makes a request.`,
    ""
  ]
}

const redis = (r: Results): Array<string> => {
  const entries = Object.entries(r.figures).filter(([key]) => key.startsWith("redis.") && key !== "redis.job_seconds")
  if (entries.length === 0) return []
  return [
    "## Redis stores",
    "",
    "From `bench/redis.ts` (`runRedisBench`), against the local Redis 7.",
    "",
    table(["figure", "value"], entries.map(([key, value]) => [`\`${key.slice(6)}\``, num(value, 2)])),
    ""
  ]
}

const targets = (r: Results): Array<string> => {
  const measured = new Map(r.targets.map((t) => [t.key, t]))
  const rows = Targets.all.map((spec) => {
    const t = measured.get(spec.key)
    const value = t === undefined || t.value === null
      ? (t === undefined ? "not run" : "not measured")
      : spec.unit === "ratio"
      ? times(t.value)
      : num(t.value, 1)
    return [spec.label, value, t === undefined || t.met === null ? "–" : t.met ? "yes" : "**no**"]
  })
  return ["## Targets", "", table(["target", "measured", "met"], rows), ""]
}

const profiles = (r: Results): Array<string> =>
  Object.values(r.profiles).flatMap((p) => [
    `## Profile: ${p.what}`,
    "",
    `\`node --cpu-prof\` of the whole worker process (start-up and warm-up included; ${num(p.totalMs)} ms sampled; file`,
    `\`${p.file}\`, not kept in the repository).`,
    "",
    table(["area (self time)", "ms", "%"], p.byArea.slice(0, 10).map((a) => [a.area, num(a.ms), num(a.percent, 1)])),
    "",
    "Files by self time:",
    "",
    table(["file", "ms", "%"], p.byFile.map((e) => [`\`${e.file}\``, num(e.ms), num(e.percent, 1)])),
    "",
    "Top functions by self time:",
    "",
    table(["function", "location", "ms", "%"], p.topSelf.map((e) => [`\`${e.name}\``, `\`${e.location}\``, num(e.ms), num(e.percent, 1)])),
    "",
    "Our functions by inclusive time:",
    "",
    table(
      ["function", "location", "ms", "%"],
      p.oursInclusive.map((e) => [`\`${e.name}\``, `\`${e.location}\``, num(e.ms), num(e.percent, 1)])
    ),
    ""
  ])

/**
 * @since 0.1.0
 * @category Rendering
 */
export const markdown = (r: Results): string => {
  const m = r.meta
  const lines = [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench${m.mode === "quick" ? " -- --quick" : ""}\` on ${m.date} (${m.mode} run, ${num(m.seconds)} s):`,
    `Node ${m.node}, ${m.cores} × ${m.cpu}, load average ${m.loadAverageBefore.map((l) => num(l, 2)).join(" / ")} before and`,
    `${m.loadAverageAfter.map((l) => num(l, 2)).join(" / ")} after${m.commit === undefined ? "" : `, commit \`${m.commit.slice(0, 10)}\``}.`,
    "Everything on loopback; the target server runs in its own process and every variant in a fresh process of its own,",
    "one after another, each with a warm-up. Other work on the machine shows up in these figures: compare ratios from one",
    "run rather than absolute numbers across runs. Raw figures: `bench/report.json`.",
    "",
    ...targets(r),
    ...overhead(r),
    ...breakdown(r),
    ...instructions(r),
    ...memory(r),
    ...coldstart(r),
    ...webhooks(r),
    ...outbox(r),
    ...durable(r),
    ...redis(r),
    ...profiles(r)
  ]
  const issues = [
    ...r.gaps.map((g) => `- gap (${g.section}): ${g.text}`),
    ...r.failures.map((f) => `- failed (${f.label}): ${f.error.split("\n")[0]}`),
    ...r.notes.map((n) => `- ${n.text}`)
  ]
  if (issues.length > 0) lines.push("## Gaps, failures and notes", "", ...issues, "")
  return `${lines.join("\n")}\n`
}
