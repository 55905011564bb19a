/**
 * Firecrawl's synchronous operations: scrape one page, map a site's URLs, search the web (optionally scraping the
 * results), and extract structured data (an asynchronous job: start, status, wait). Scrape, map and search only read
 * the web and are retried like reads; an extract start has no idempotency key and is retried only after a 429.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as JobPolling from "../../../core/JobPolling.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../FirecrawlClient.js"
import * as S from "../FirecrawlSchemas.js"

/**
 * How long `extract.wait` polls: `interval` (default 2 s) growing by 1.5 up to `maxInterval` (default 30 s), for at most
 * `timeout` (default 10 minutes).
 *
 * @since 0.1.0
 * @category Models
 */
export interface WaitOptions extends CallOptions {
  readonly interval?: Duration.DurationInput | undefined
  readonly maxInterval?: Duration.DurationInput | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface ExtractApi {
  readonly start: VendorClient.Method<S.ExtractRequest, S.ExtractStarted, CallOptions>
  readonly get: (id: string, options?: CallOptions) => Effect.Effect<S.ExtractStatus, IntegrationError>
  /** The status once `completed` (its `data`); `Server` if it failed or was cancelled, `Timeout` if it outlived the wait. */
  readonly wait: (id: string, options?: WaitOptions) => Effect.Effect<S.ExtractStatus, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** `POST /v2/scrape`: one page in the formats asked for (markdown by default). */
  readonly scrape: VendorClient.Method<S.ScrapeRequest, S.ScrapeResponse, CallOptions>
  /** `POST /v2/map`: the URLs of a site, from its sitemap and links. */
  readonly map: VendorClient.Method<S.MapRequest, S.MapResponse, CallOptions>
  /** `POST /v2/search`: web, image and news results, optionally scraped. */
  readonly search: VendorClient.Method<S.SearchRequest, S.SearchResponse, CallOptions>
  readonly extract: ExtractApi
}

const json = <A>(path: string) => (params: A) => ({ path, body: HttpIntegration.json(params) })

/**
 * Declares the scrape, map, search and extract operations on a Firecrawl pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const read = { method: "POST", idempotent: true, idempotencyKey: false } as const
  const scrape = http.operation({ ...read, name: "scrape", input: S.ScrapeRequest, output: S.ScrapeResponse, request: json("/v2/scrape") })
  const map = http.operation({ ...read, name: "map", input: S.MapRequest, output: S.MapResponse, request: json("/v2/map") })
  const search = http.operation({ ...read, name: "search", input: S.SearchRequest, output: S.SearchResponse, request: json("/v2/search") })
  const start = http.operation({
    name: "extract.start",
    method: "POST",
    idempotencyKey: false,
    input: S.ExtractRequest,
    output: S.ExtractStarted,
    request: json("/v2/extract")
  })
  const get = http.operation({
    name: "extract.get",
    method: "GET",
    input: Schema.NonEmptyTrimmedString,
    output: S.ExtractStatus,
    request: (id) => ({ path: VendorClient.path`/v2/extract/${id}` })
  })
  const wait = (id: string, options: WaitOptions = {}) => {
    const { interval, maxInterval, timeout, ...call } = options
    return JobPolling.untilDone({
      vendor: "Firecrawl",
      operation: "extract.wait",
      poll: get(id, call),
      decide: (job) =>
        job.status === "completed"
          ? JobPolling.done(job)
          : job.status === "failed" || job.status === "cancelled"
          ? JobPolling.failed(`Firecrawl reported the extract job as ${job.status}`)
          : JobPolling.pending(),
      interval: interval ?? "2 seconds",
      maxInterval: maxInterval ?? "30 seconds",
      timeout: timeout ?? "10 minutes"
    }).pipe(Effect.withSpan("Firecrawl.extract.wait"))
  }
  return { scrape, map, search, extract: { start, get, wait } }
}
