/**
 * Tavily's web operations: search, extract pages, crawl a site, map a site's URLs. Each is a `POST` that only reads the
 * web, so a failed attempt is retried like a read (Tavily takes no idempotency key; a retried call may be billed again
 * only if the first attempt was answered, which a retry never follows).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import type { CallOptions } from "../TavilyClient.js"
import * as S from "../TavilySchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** `POST /search`: results for a query, optionally with an answer, images and raw page content. */
  readonly search: (params: S.SearchRequest, options?: CallOptions) => Effect.Effect<S.SearchResponse, IntegrationError>
  /** `POST /extract`: the content of one URL or up to 20; a URL Tavily could not read is in `failed_results`. */
  readonly extract: (params: S.ExtractRequest, options?: CallOptions) => Effect.Effect<S.ExtractResponse, IntegrationError>
  /** `POST /crawl`: pages reached from a base URL, with their content. Tavily may take up to `timeout` (max 150 s). */
  readonly crawl: (params: S.CrawlRequest, options?: CallOptions) => Effect.Effect<S.CrawlResponse, IntegrationError>
  /** `POST /map`: the URLs reachable from a base URL, without content. */
  readonly map: (params: S.MapRequest, options?: CallOptions) => Effect.Effect<S.MapResponse, IntegrationError>
}

/**
 * Declares the web operations on a Tavily pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const search = http.operation({
    name: "search",
    method: "POST",
    idempotent: true,
    input: S.SearchRequest,
    output: S.SearchResponse,
    request: (params) => ({ path: "/search", body: HttpIntegration.json(params) })
  })
  const extract = http.operation({
    name: "extract",
    method: "POST",
    idempotent: true,
    input: S.ExtractRequest,
    output: S.ExtractResponse,
    request: (params) => ({ path: "/extract", body: HttpIntegration.json(params) })
  })
  const crawl = http.operation({
    name: "crawl",
    method: "POST",
    idempotent: true,
    input: S.CrawlRequest,
    output: S.CrawlResponse,
    request: (params) => ({ path: "/crawl", body: HttpIntegration.json(params) })
  })
  const map = http.operation({
    name: "map",
    method: "POST",
    idempotent: true,
    input: S.MapRequest,
    output: S.MapResponse,
    request: (params) => ({ path: "/map", body: HttpIntegration.json(params) })
  })
  return { search, extract, crawl, map }
}
