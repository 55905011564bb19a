/**
 * Firecrawl: keep a sales team's notes on a prospect's website fresh. Scrape the home page, crawl the docs as a job
 * started once (a nightly key, so a retried or re-run start never crawls twice), wait for it on a bounded schedule,
 * stream its documents page by page, and take the crawl's webhooks (verified, typed, deduplicated by `webhookId`).
 * Needs `FIRECRAWL_API_KEY` (and `FIRECRAWL_API_URL` for a self-hosted instance), `FIRECRAWL_WEBHOOK_SECRET` for
 * webhooks; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { FirecrawlClient, FirecrawlError, FirecrawlEvents } from "effect-integrations/firecrawl"
import { FirecrawlWebhook, ReplayGuard, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

const refresh = (site: string, night: string) =>
  Effect.gen(function*() {
    const firecrawl = yield* FirecrawlClient.FirecrawlClient
    const home = yield* firecrawl.scrape({ url: site, formats: [{ type: "markdown" }], onlyMainContent: true })
    yield* Effect.log(`home page: ${home.data?.markdown?.length ?? 0} characters`)
    const job = yield* firecrawl.crawl.start(
      { url: `${site}/docs`, limit: 100, webhook: { url: "https://hooks.acme.dev/firecrawl", events: ["page", "completed"] } },
      { idempotencyKey: `docs-crawl/${site}/${night}` }
    )
    const done = yield* firecrawl.crawl.wait(job.id, { timeout: "20 minutes" })
    yield* Effect.log(`crawled ${done.completed ?? 0} of ${done.total ?? 0} pages for ${done.creditsUsed ?? 0} credits`)
    yield* firecrawl.crawl.documents(job.id).pipe(
      Stream.tap((page) => Effect.log(`${page.metadata?.sourceURL}: ${page.markdown?.length ?? 0} characters`)),
      Stream.runDrain
    )
  }).pipe(
    Effect.catchIf(FirecrawlError.isDuplicateJob, () => Effect.logInfo("tonight's crawl was already started; nothing to do")),
    Effect.catchIf(FirecrawlError.isPaymentRequired, () => Effect.logError("Firecrawl credits are used up"))
  )

/** A webhook endpoint's body: verify `X-Firecrawl-Signature`, refuse a redelivered `webhookId`, act on pages. */
export const handleWebhook = (rawBody: Uint8Array, headers: Record<string, string>) =>
  Effect.gen(function*() {
    const secret = yield* Config.redacted("FIRECRAWL_WEBHOOK_SECRET")
    const { event, webhook } = yield* Webhooks.verifyAndDecode(FirecrawlWebhook.scheme, FirecrawlEvents.Event)(
      WebhookScheme.makeRequest({ body: rawBody, headers }),
      secret
    )
    yield* Webhooks.guardReplay(FirecrawlWebhook.scheme, webhook)
    if (FirecrawlEvents.is("crawl.page")(event)) {
      yield* Effect.log(event.success ? `page ${event.data[0]?.metadata?.sourceURL}` : "a page failed")
    } else if (FirecrawlEvents.is("crawl.completed")(event)) {
      yield* Effect.log(`crawl ${event.id} completed`)
    }
  }).pipe(Effect.provide(ReplayGuard.layerMemory()))

const Live = FirecrawlClient.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))

refresh("https://acme.dev", new Date().toISOString().slice(0, 10)).pipe(Effect.provide(Live), NodeRuntime.runMain)
