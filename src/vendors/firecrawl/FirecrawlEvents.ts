/**
 * Firecrawl's webhook events (`webhooks-openapi.json`, v2) as typed Schemas: a crawl's and a batch scrape's
 * `started`, `page` (one scraped document, or `success: false` with an `error`) and `completed`. Every delivery carries
 * the job's `id`, a `webhookId` kept across retries (deduplicate on it) and the `metadata` given when the job was
 * started. Other events (`agent.*`, `monitor.*`, ones Firecrawl adds later) decode as `UnknownEvent`, kept whole.
 * Deliveries are verified with the `Firecrawl` scheme of `effect-integrations/webhooks` (`X-Firecrawl-Signature`).
 *
 * @example
 * ```ts
 * import { Config, Effect } from "effect"
 * import { FirecrawlEvents } from "effect-integrations/firecrawl"
 * import { FirecrawlWebhook, Webhooks, WebhookScheme } from "effect-integrations/webhooks"
 *
 * const handle = (body: Uint8Array, headers: Record<string, string>) =>
 *   Effect.gen(function*() {
 *     const secret = yield* Config.redacted("FIRECRAWL_WEBHOOK_SECRET")
 *     const { event } = yield* Webhooks.verifyAndDecode(FirecrawlWebhook.scheme, FirecrawlEvents.Event)(
 *       WebhookScheme.makeRequest({ body, headers }),
 *       secret
 *     )
 *     if (FirecrawlEvents.is("crawl.page")(event)) yield* Effect.log(event.data[0]?.metadata?.sourceURL)
 *   })
 * ```
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"
import * as Generated from "./generated/FirecrawlOpenApi.js"

const AnyObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** A scraped page, as `POST /v2/scrape` answers it in `data` (the spec's `ScrapeDocument`). */
const ScrapedDocument = Generated.ScrapeResponse.fields.data.from.members[0]

const common = {
  /** The crawl or batch scrape job's id. */
  id: Schema.String,
  /** This delivery's id, the same on every retry: deduplicate on it. */
  webhookId: Schema.String,
  /** The `metadata` given in the job's `webhook` option, echoed on every delivery. */
  metadata: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
}

const lifecycle = <T extends string>(type: T) =>
  Schema.Struct({ success: Schema.Boolean, type: Schema.Literal(type), ...common, data: Schema.Array(Schema.Unknown) })

const page = <T extends string>(type: T) =>
  Schema.Struct({
    /** `false` when the page could not be scraped; `error` then says why. */
    success: Schema.Boolean,
    type: Schema.Literal(type),
    ...common,
    data: Schema.Array(ScrapedDocument),
    error: Schema.optional(Schema.String)
  })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CrawlStarted = lifecycle("crawl.started")

/**
 * @since 0.1.0
 * @category Models
 */
export interface CrawlStarted extends Schema.Schema.Type<typeof CrawlStarted> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CrawlPage = page("crawl.page")

/**
 * @since 0.1.0
 * @category Models
 */
export interface CrawlPage extends Schema.Schema.Type<typeof CrawlPage> {}

/**
 * The crawl finished; its documents are read with `crawl.documents(id)`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CrawlCompleted = lifecycle("crawl.completed")

/**
 * @since 0.1.0
 * @category Models
 */
export interface CrawlCompleted extends Schema.Schema.Type<typeof CrawlCompleted> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const BatchScrapeStarted = lifecycle("batch_scrape.started")

/**
 * @since 0.1.0
 * @category Models
 */
export interface BatchScrapeStarted extends Schema.Schema.Type<typeof BatchScrapeStarted> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const BatchScrapePage = page("batch_scrape.page")

/**
 * @since 0.1.0
 * @category Models
 */
export interface BatchScrapePage extends Schema.Schema.Type<typeof BatchScrapePage> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const BatchScrapeCompleted = lifecycle("batch_scrape.completed")

/**
 * @since 0.1.0
 * @category Models
 */
export interface BatchScrapeCompleted extends Schema.Schema.Type<typeof BatchScrapeCompleted> {}

/**
 * Every typed event.
 *
 * @since 0.1.0
 * @category Models
 */
export type KnownEvent = CrawlStarted | CrawlPage | CrawlCompleted | BatchScrapeStarted | BatchScrapePage | BatchScrapeCompleted

const catalog = WebhookEvents.catalog({
  known: [CrawlStarted, CrawlPage, CrawlCompleted, BatchScrapeStarted, BatchScrapePage, BatchScrapeCompleted],
  unknown: Schema.Struct({ type: Schema.String, id: Schema.optional(Schema.String), webhookId: Schema.optional(Schema.String) }, AnyObject)
})

/**
 * The catalog of events, from `WebhookEvents.catalog`:
 *
 * - `knownTypes`: the typed event types.
 * - `UnknownEvent`: any other event, kept whole.
 * - `Event`
 * - `decodeEvent`
 * - `decodeEventJson`
 * - `isKnown`
 *
 * @since 0.1.0
 * @category Decoding
 */
export const { knownTypes, UnknownEvent, Event, decodeEvent, decodeEventJson, isKnown } = catalog

/**
 * @since 0.1.0
 * @category Models
 */
export interface UnknownEvent extends Schema.Schema.Type<typeof UnknownEvent> {}

/**
 * @since 0.1.0
 * @category Models
 */
export type Event = KnownEvent | UnknownEvent

/**
 * @since 0.1.0
 * @category Guards
 */
export const is: <T extends KnownEvent["type"]>(type: T) => (event: Event) => event is KnownEvent & { readonly type: T } =
  catalog.is
