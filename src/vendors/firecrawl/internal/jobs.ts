/**
 * What crawls and batch scrapes share: a job started with an `x-idempotency-key`, its status read page by page
 * through `next`, cancelled, and waited for on a bounded schedule. Only this vendor uses it.
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as JobPolling from "../../../core/JobPolling.js"
import * as Pagination from "../../../core/Pagination.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../FirecrawlClient.js"
import * as S from "../FirecrawlSchemas.js"

export const VENDOR = "Firecrawl"

const { drift } = VendorClient.failures(VENDOR)

/** How long `wait` polls; see `WaitOptions` in the resources. */
export interface WaitOptions extends CallOptions {
  readonly interval?: Duration.DurationInput | undefined
  readonly maxInterval?: Duration.DurationInput | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

export interface JobApi<P> {
  readonly start: VendorClient.Method<P, S.JobStarted, CallOptions>
  readonly get: (id: string, options?: CallOptions) => Effect.Effect<S.JobStatus, IntegrationError>
  readonly documents: (id: string, options?: CallOptions) => Stream.Stream<S.Document, IntegrationError>
  readonly cancel: (id: string, options?: CallOptions) => Effect.Effect<S.Cancelled, IntegrationError>
  readonly wait: (id: string, options?: WaitOptions) => Effect.Effect<S.JobStatus, IntegrationError>
}

const StatusPage = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  query: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
})

/**
 * The query of a `next` URL, when it points at the same job's status path; Firecrawl's `next` is absolute
 * (`https://api.firecrawl.dev/v2/crawl/<id>?skip=10`), but only its query is followed, on the client's own base URL,
 * so the key never travels to a host taken from a response.
 */
export const nextQuery = (next: string, statusPath: string): Record<string, string> | undefined => {
  let url: URL
  try {
    url = new URL(next)
  } catch {
    return undefined
  }
  if (!url.pathname.endsWith(statusPath)) return undefined
  return Object.fromEntries(url.searchParams)
}

export const make = <P, PE>(http: HttpIntegration.HttpIntegration, spec: {
  readonly resource: "crawl" | "batchScrape"
  readonly path: string
  readonly input: Schema.Schema<P, PE>
  readonly defaultTimeout: Duration.DurationInput
}): JobApi<P> => {
  const statusPath = (id: string) => `${spec.path}/${encodeURIComponent(id)}`
  const start = http.operation({
    name: `${spec.resource}.start`,
    method: "POST",
    input: spec.input,
    output: S.JobStarted,
    request: (params) => ({ path: spec.path, body: HttpIntegration.json(params) })
  })
  const status = http.operation({
    name: `${spec.resource}.get`,
    method: "GET",
    input: StatusPage,
    output: S.JobStatus,
    request: ({ id, query }) => ({ path: statusPath(id), query })
  })
  const cancel = http.operation({
    name: `${spec.resource}.cancel`,
    method: "DELETE",
    input: Schema.NonEmptyTrimmedString,
    output: S.Cancelled,
    request: (id) => ({ path: statusPath(id) })
  })
  const get = (id: string, options?: CallOptions) => status({ id }, options)
  const documents = (id: string, options?: CallOptions) =>
    Pagination.cursor<S.Document, Record<string, string>, IntegrationError, never>({
      vendor: VENDOR,
      operation: `${spec.resource}.documents`,
      fetch: (cursor) =>
        Effect.flatMap(status(Option.isSome(cursor) ? { id, query: cursor.value } : { id }, options), (page) => {
          if (page.next === undefined || page.next === null) {
            return Effect.succeed(Pagination.page<S.Document, Record<string, string>>(page.data ?? [], undefined))
          }
          const query = nextQuery(page.next, statusPath(id))
          return query === undefined
            ? Effect.fail(
              drift(`${spec.resource}.documents`, "Firecrawl's next page does not point at this job's status")
            )
            : Effect.succeed(Pagination.page<S.Document, Record<string, string>>(page.data ?? [], query))
        })
    })
  const wait = (id: string, options: WaitOptions = {}) => {
    const { interval, maxInterval, timeout, ...call } = options
    return JobPolling.untilDone({
      vendor: VENDOR,
      operation: `${spec.resource}.wait`,
      poll: get(id, call),
      decide: (job) =>
        job.status === "completed"
          ? JobPolling.done(job)
          : job.status === "failed" || job.status === "cancelled"
          ? JobPolling.failed(`Firecrawl reported the job as ${job.status}`)
          : JobPolling.pending(),
      interval: interval ?? "2 seconds",
      maxInterval: maxInterval ?? "30 seconds",
      timeout: timeout ?? spec.defaultTimeout
    }).pipe(Effect.withSpan(`Firecrawl.${spec.resource}.wait`))
  }
  return { start, get, documents, cancel: (id, options) => cancel(id, options), wait }
}
