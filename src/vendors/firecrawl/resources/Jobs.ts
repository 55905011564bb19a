/**
 * Firecrawl's asynchronous jobs: crawls (`/v2/crawl`) and batch scrapes (`/v2/batch/scrape`). A start carries an
 * `x-idempotency-key` (yours, or one generated per call and reused on every retry): Firecrawl answers a key it has
 * seen with 409, so a retried start never runs a job twice. A job's status comes in pages of up to 10 MB of documents
 * linked by `next`; `documents` follows them as a `Stream`. `wait` polls the status on a bounded, growing schedule
 * (`JobPolling`) until the job completes, fails or is cancelled.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import * as FirecrawlSchemas from "../FirecrawlSchemas.js"
import * as Jobs from "../internal/jobs.js"

/**
 * How long `wait` polls: the first wait between reads (`interval`, default 2 s), growing by 1.5 up to `maxInterval`
 * (default 30 s), for at most `timeout` (default 30 minutes for a crawl, 15 for a batch scrape). On `Timeout` the job
 * keeps running: wait again, or `cancel` it.
 *
 * @since 0.1.0
 * @category Models
 */
export interface WaitOptions extends Jobs.WaitOptions {
  readonly interval?: Duration.DurationInput | undefined
}

/**
 * `start` (`POST`), `get` (the first status page), `documents` (every scraped document, following `next`; call it once
 * the job is done), `cancel` (`DELETE`), `wait` (the status once the job completed; `Server` if it failed or was
 * cancelled, `Timeout` if it outlived the wait).
 *
 * @since 0.1.0
 * @category Models
 */
export interface JobApi<P> extends Jobs.JobApi<P> {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly crawl: JobApi<FirecrawlSchemas.CrawlRequest>
  readonly batchScrape: JobApi<FirecrawlSchemas.BatchScrapeRequest>
}

/**
 * Declares the crawl and batch scrape operations on a Firecrawl pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => ({
  crawl: Jobs.make(http, { resource: "crawl", path: "/v2/crawl", input: FirecrawlSchemas.CrawlRequest, defaultTimeout: "30 minutes" }),
  batchScrape: Jobs.make(http, {
    resource: "batchScrape",
    path: "/v2/batch/scrape",
    input: FirecrawlSchemas.BatchScrapeRequest,
    defaultTimeout: "15 minutes"
  })
})
