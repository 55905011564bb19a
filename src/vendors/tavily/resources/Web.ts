/**
 * Tavily's web operations: search, extract pages, crawl a site, map a site's URLs. Each is a `POST` that only reads the
 * web, so a failed attempt is retried like a read (Tavily takes no idempotency key; a retried call may be billed again
 * only if the first attempt was answered, which a retry never follows).
 *
 * @since 0.1.0
 */
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../TavilyClient.js"
import * as S from "../TavilySchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** `POST /search`: results for a query, optionally with an answer, images and raw page content. */
  readonly search: VendorClient.Method<S.SearchRequest, S.SearchResponse, CallOptions>
  /** `POST /extract`: the content of one URL or up to 20; a URL Tavily could not read is in `failed_results`. */
  readonly extract: VendorClient.Method<S.ExtractRequest, S.ExtractResponse, CallOptions>
  /** `POST /crawl`: pages reached from a base URL, with their content. Tavily may take up to `timeout` (max 150 s). */
  readonly crawl: VendorClient.Method<S.CrawlRequest, S.CrawlResponse, CallOptions>
  /** `POST /map`: the URLs reachable from a base URL, without content. */
  readonly map: VendorClient.Method<S.MapRequest, S.MapResponse, CallOptions>
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
