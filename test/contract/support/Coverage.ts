/**
 * Contract coverage, derived from the code rather than from a list: the methods a vendor client implements are its
 * service object's keys (enumerated recursively), the operations are the (method, path template) pairs its requests hit,
 * recorded by the HttpClient every contract test runs on. A new client method that no contract test calls, or a call
 * to a path the vendor's spec does not document, fails the vendor's coverage test.
 *
 * Vitest isolates test files, so this module's state is one vendor's: each `<vendor>.contract.test.ts` tracks its
 * clients, runs its checks, then ends with `Coverage.test(...)`.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as OpenApi from "./OpenApi.js"

/** Where a request went: Prism validates it against the spec; the local capture servers hand it to the test's Ajv check. */
export type Via = "prism" | "captured"

interface Sent {
  readonly method: string
  readonly url: URL
  readonly via: Via
  readonly clientMethod: string | undefined
}

const invoked = new Set<string>()
const sent: Array<Sent> = []
const prismOrigins = new Set<string>()

/** Prism's servers announce themselves so that requests to them are told apart from captured ones. */
export const registerPrism = (url: string): void => {
  prismOrigins.add(new URL(url).origin)
}

/** The client method a request is made for, carried in the context of the call (streams included). */
class CurrentMethod extends Context.Tag("test/contract/CurrentMethod")<CurrentMethod, string>() {}

/**
 * The HttpClient every contract test runs on: undici, recording each request (method, URL, destination, and the client
 * method that made it).
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) =>
    HttpClient.tapRequest(client, (request) =>
      Effect.map(Effect.serviceOption(CurrentMethod), (current) => {
        const url = new URL(request.url)
        sent.push({
          method: request.method,
          url,
          via: prismOrigins.has(url.origin) ? "prism" : "captured",
          clientMethod: Option.getOrUndefined(current)
        })
      })))
).pipe(Layer.provide(NodeHttpClient.layerUndici))

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null

/**
 * The methods of a service object: functions and Effect-valued fields (`healthCheck`), by dotted path. Options are
 * skipped: HubSpot's `oauth` is `None` with a private-app token, and its token endpoints are not part of the CRM specs.
 */
export const methodsOf = (service: object, prefix = ""): ReadonlyArray<string> =>
  Object.entries(service).flatMap(([key, value]): ReadonlyArray<string> => {
    const path = `${prefix}${key}`
    if (typeof value === "function") return [path]
    if (Option.isOption(value)) return []
    if (Effect.isEffect(value)) return [path]
    if (isRecord(value)) return methodsOf(value, `${path}.`)
    return []
  })

const tag = (path: string, value: unknown): unknown => {
  invoked.add(path)
  if (typeof value !== "object" || value === null) return value
  if (Stream.StreamTypeId in value) return Stream.provideService(value as Stream.Stream<unknown>, CurrentMethod, path)
  if (Effect.isEffect(value)) return Effect.provideService(value, CurrentMethod, path)
  return value
}

/**
 * The same service, recording which of its methods a test calls and tagging the requests each call makes. Calls go to
 * the real client unchanged.
 */
export const track = <S extends object>(service: S): S => {
  const wrap = (node: unknown, prefix: string): unknown => {
    if (!isRecord(node) || Option.isOption(node)) return node
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(node)) {
      const path = `${prefix}${key}`
      if (typeof value === "function") {
        const method = value as (...args: ReadonlyArray<unknown>) => unknown
        out[key] = (...args: ReadonlyArray<unknown>) => tag(path, method(...args))
      } else if (Effect.isEffect(value) && !Option.isOption(value)) {
        out[key] = Effect.suspend(() => tag(path, value) as Effect.Effect<unknown, unknown>)
      } else {
        out[key] = isRecord(value) && !Array.isArray(value) ? wrap(value, `${path}.`) : value
      }
    }
    return out
  }
  return wrap(service, "") as S
}

const templateRegex = (template: string) =>
  new RegExp(`^${template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")).join("[^/]+")}$`)

/** The spec operation a request hit: the matching path template with the fewest parameters, e.g. `/contacts/search`. */
const operationOf = (
  specs: ReadonlyArray<OpenApi.Spec>,
  method: string,
  pathname: string
): string | undefined => {
  const candidates = specs.flatMap((spec) =>
    Object.entries(spec.document.paths as Record<string, Record<string, unknown>>)
      .filter(([template, item]) => isRecord(item[method.toLowerCase()]) && templateRegex(template).test(pathname))
      .map(([template]) => template)
  )
  const best = candidates.sort((a, b) => (a.split("{").length - b.split("{").length))[0]
  return best === undefined ? undefined : `${method.toUpperCase()} ${best}`
}

/** An operation declared as having no published spec here (`METHOD /template`), if the request is one. */
const unspecifiedOf = (unspecified: ReadonlyArray<string>, method: string, pathname: string): string | undefined =>
  unspecified.find((operation) => {
    const [m, template] = operation.split(" ")
    return m === method.toUpperCase() && template !== undefined && templateRegex(template).test(pathname)
  })

export interface Row {
  readonly vendor: string
  readonly methods: ReadonlyArray<string>
  readonly uncalled: ReadonlyArray<string>
  /** Every operation the client's methods sent, by `METHOD /template`, with the methods that sent it. */
  readonly operations: ReadonlyMap<string, ReadonlySet<string>>
  readonly captured: ReadonlySet<string>
  readonly prism: ReadonlySet<string>
  /** Requests to paths the specs do not document. */
  readonly undocumented: ReadonlyArray<string>
  /** Operations with no published spec to check against, declared with the reason. */
  readonly unspecified: ReadonlyMap<string, string>
  /** Requests made outside any tracked client method. */
  readonly untracked: ReadonlyArray<string>
}

export const row = (
  vendor: string,
  service: object,
  specs: ReadonlyArray<OpenApi.Spec>,
  unspecified: Readonly<Record<string, string>> = {}
): Row => {
  const methods = methodsOf(service)
  const operations = new Map<string, Set<string>>()
  const captured = new Set<string>()
  const prism = new Set<string>()
  const undocumented: Array<string> = []
  const untracked: Array<string> = []
  for (const request of sent) {
    const where = `${request.method} ${request.url.pathname}`
    const operation = operationOf(specs, request.method, request.url.pathname) ??
      unspecifiedOf(Object.keys(unspecified), request.method, request.url.pathname)
    if (request.clientMethod === undefined) untracked.push(where)
    if (operation === undefined) {
      undocumented.push(`${where} (${request.clientMethod ?? "untracked"})`)
      continue
    }
    const by = operations.get(operation) ?? new Set<string>()
    if (request.clientMethod !== undefined) by.add(request.clientMethod)
    operations.set(operation, by)
    ;(request.via === "prism" ? prism : captured).add(operation)
  }
  return {
    vendor,
    methods,
    uncalled: methods.filter((method) => !invoked.has(method)),
    operations,
    captured,
    prism,
    undocumented: [...new Set(undocumented)],
    unspecified: new Map(Object.entries(unspecified).filter(([operation]) => operations.has(operation))),
    untracked: [...new Set(untracked)]
  }
}

/**
 * Checked: run against Prism, which validates the request and answers from the spec for our Schemas to decode; for a
 * vendor without a Prism run (Stripe), captured at a local server whose test validates it against the spec.
 */
const isChecked = (r: Row, operation: string, withPrism: boolean) =>
  !r.unspecified.has(operation) && (withPrism ? r.prism.has(operation) : r.captured.has(operation))

const pct = (part: number, whole: number) => (whole === 0 ? "100%" : `${Math.round((100 * part) / whole)}%`)

/** The coverage table: one line per operation, then the vendor's totals. */
export const format = (r: Row, withPrism: boolean): string => {
  const width = Math.max(40, ...[...r.operations.keys()].map((operation) => operation.length))
  const lines = [...r.operations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([operation, by]) =>
    `  ${operation.padEnd(width)} ${(r.captured.has(operation) ? "yes" : "-").padEnd(8)} ${
      (r.unspecified.has(operation) ? "NO SPEC" : withPrism ? (r.prism.has(operation) ? "yes" : "MISSING") : "n/a").padEnd(8)
    } ${[...by].sort().join(", ")}`
  )
  const checked = [...r.operations.keys()].filter((op) => isChecked(r, op, withPrism)).length
  return [
    `contract coverage: ${r.vendor}`,
    `  ${"operation".padEnd(width)} ${"captured".padEnd(8)} ${"prism".padEnd(8)} client methods`,
    ...lines,
    `  methods called ${r.methods.length - r.uncalled.length}/${r.methods.length} (${pct(r.methods.length - r.uncalled.length, r.methods.length)}), ` +
    `operations implemented ${r.operations.size}, contract-checked ${checked} (${pct(checked, r.operations.size)})`,
    ...[...r.unspecified].map(([operation, reason]) => `  NO SPEC for ${operation}: ${reason}`),
    ...(r.uncalled.length > 0 ? [`  NOT CALLED: ${r.uncalled.join(", ")}`] : []),
    ...(r.undocumented.length > 0 ? [`  NOT IN SPEC: ${r.undocumented.join(", ")}`] : [])
  ].join("\n")
}

/**
 * The vendor's coverage test, declared last in its file so it runs after the checks it counts: prints the table and
 * asserts that every method was called, every request hit a documented operation, and every operation was checked.
 */
export const test = (options: {
  readonly vendor: string
  readonly specs: ReadonlyArray<OpenApi.Spec>
  readonly prism: boolean
  /**
   * Operations (`METHOD /template`) for which no published spec is available to check against, with the reason. They
   * are listed as unchecked and excluded from the 100% assertion; their requests are still recorded and must be sent.
   */
  readonly unspecified?: Readonly<Record<string, string>>
  /** Builds an (untracked) client, only to enumerate its methods. */
  readonly client: Effect.Effect<object, unknown, HttpClient.HttpClient | Scope.Scope>
}) =>
  it.scoped(`covers every method and operation of the ${options.vendor} client (100%)`, () =>
    Effect.gen(function*() {
      const service = yield* options.client
      const r = row(options.vendor, service, options.specs, options.unspecified)
      console.log(format(r, options.prism))
      expect(r.methods.length).toBeGreaterThan(0)
      expect(r.uncalled, "client methods no contract test calls").toEqual([])
      expect(r.undocumented, "requests to operations the spec does not document").toEqual([])
      expect(r.untracked, "requests made outside a tracked client").toEqual([])
      const unchecked = [...r.operations.keys()].filter((op) => !isChecked(r, op, options.prism) && !r.unspecified.has(op))
      expect(unchecked, "operations not contract-checked").toEqual([])
      expect([...r.unspecified.keys()].sort(), "declared spec-less operations the client really sends").toEqual(
        Object.keys(options.unspecified ?? {}).sort()
      )
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

/** A client constructor whose clients are tracked: `yield* Coverage.tracking(CalComClient.make)(options)`. */
export const tracking = <Args extends ReadonlyArray<unknown>, S extends object, E, R>(
  make: (...args: Args) => Effect.Effect<S, E, R>
) =>
(...args: Args): Effect.Effect<S, E, R> => Effect.map(make(...args), track)
