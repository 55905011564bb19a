/**
 * Tavily: research a company for a sales call. Search the web with an answer, read the pages that matter, and run a
 * longer research task whose report comes back as structured fields. A credit limit ends the run (no retry helps),
 * a research task that outlives the wait is picked up again by its id instead of being started (and paid for) twice.
 * Needs `TAVILY_API_KEY`; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { TavilyClient, TavilyError } from "effect-integrations/tavily"

const brief = (company: string) =>
  Effect.gen(function*() {
    const tavily = yield* TavilyClient.TavilyClient
    const found = yield* tavily.search({ query: `${company} funding and leadership`, include_answer: "basic", max_results: 5 })
    yield* Effect.log(found.answer ?? "no answer")
    const urls = found.results.flatMap((result) => (result.url ? [result.url] : [])).slice(0, 3)
    if (urls.length > 0) {
      const pages = yield* tavily.extract({ urls, format: "markdown" })
      yield* Effect.log(`read ${pages.results?.length ?? 0} pages, ${pages.failed_results?.length ?? 0} failed`)
    }
    const task = yield* tavily.research.create({
      input: `Who are ${company}'s main competitors, and how large is the company?`,
      model: "mini",
      output_schema: {
        properties: {
          competitors: { type: "array", description: "Main competitors", items: { type: "string" } },
          employees: { type: "integer", description: "Approximate headcount" }
        },
        required: ["competitors"]
      }
    })
    const report = yield* tavily.research.wait(task.request_id, { timeout: "5 minutes" }).pipe(
      // Still running: wait again on the same task rather than starting a new one.
      Effect.catchIf((error) => error.reason === "Timeout", () => tavily.research.wait(task.request_id, { timeout: "5 minutes" }))
    )
    yield* Effect.log(typeof report.content === "string" ? report.content : JSON.stringify(report.content))
    const usage = yield* tavily.usage()
    yield* Effect.log(`credits used by this key: ${usage.key?.usage ?? "?"} of ${usage.key?.limit ?? "?"}`)
  }).pipe(
    Effect.catchIf(TavilyError.isCreditLimitReached, (error) =>
      Effect.logError(`Tavily credits exhausted (${TavilyError.details(error).limit}): upgrade or raise the limit`))
  )

// A development key allows 100 requests per minute: pace calls under it rather than collecting 429s.
const Live = TavilyClient.layerConfig({ rateLimit: TavilyClient.rateLimits.development }).pipe(
  Layer.provide(NodeHttpClient.layerUndici)
)

brief("Acme Corp").pipe(Effect.provide(Live), NodeRuntime.runMain)
