/**
 * LlamaParse: parse a PDF from disk to markdown, waiting for the job on a bounded schedule; or start the job with a
 * signed completion webhook and read the result when LlamaCloud calls back. Needs `LLAMA_CLOUD_API_KEY`
 * (`LLAMA_CLOUD_BASE_URL=https://api.cloud.eu.llamaindex.ai` for the EU region) and, for the webhook,
 * `LLAMA_CLOUD_WEBHOOK_SECRET`; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { IntegrationError } from "effect-integrations"
import { LlamaParseClient, LlamaParseError, LlamaParseEvents, LlamaParseParsing } from "effect-integrations/llamaparse"
import { LlamaCloudWebhook, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

/** Waits for the job (at most 10 minutes, polling from 1 s up to every 10 s) and returns its markdown. */
const toMarkdown = (path: string) =>
  Effect.gen(function*() {
    const llama = yield* LlamaParseClient.LlamaParseClient
    const { job, result } = yield* llama.parse(LlamaParseParsing.fromPath(path), {
      parse: { parse_mode: "parse_page_with_llm", language: ["en"] },
      timeout: "10 minutes"
    })
    yield* Effect.log(`job ${job.id} finished with ${job.status}`)
    return result.markdown
  }).pipe(
    // A timeout means the job may still finish: keep its id and read it later rather than paying for another parse.
    Effect.catchIf(IntegrationError.isReason("Timeout"), (error) => Effect.fail(error)),
    Effect.catchIf(LlamaParseError.isOutOfCredits, () => Effect.succeed("(parsing deferred: out of credits)"))
  )

/** Starts a job whose completion LlamaCloud reports, signed, to your endpoint. */
const startWithWebhook = (path: string, url: string) =>
  Effect.gen(function*() {
    const llama = yield* LlamaParseClient.LlamaParseClient
    const secret = yield* Config.redacted("LLAMA_CLOUD_WEBHOOK_SECRET")
    const job = yield* llama.parsing.upload(LlamaParseParsing.fromPath(path), {
      webhook_configurations: JSON.stringify([{
        webhook_url: url,
        webhook_events: ["parse.success", "parse.partial_success", "parse.error"],
        webhook_signing_secret: Redacted.value(secret)
      }])
    })
    return job.id
  })

/** The webhook endpoint's body: verify `LC-Signature`, then read the finished job's markdown. */
export const handleWebhook = (rawBody: Uint8Array, headers: Record<string, string>) =>
  Effect.gen(function*() {
    const secret = yield* Config.redacted("LLAMA_CLOUD_WEBHOOK_SECRET")
    const { event } = yield* Webhooks.verifyAndDecode(LlamaCloudWebhook.scheme, LlamaParseEvents.Event)(
      WebhookScheme.makeRequest({ body: rawBody, headers }),
      secret
    )
    if (!LlamaParseEvents.isCompleted(event)) return yield* Effect.log(`ignoring ${event.event_type}`)
    const llama = yield* LlamaParseClient.LlamaParseClient
    const { markdown } = yield* llama.parsing.markdown(event.data.job_id)
    yield* Effect.log(`job ${event.data.job_id}: ${markdown.length} characters of markdown`)
  })

const program = Effect.gen(function*() {
  const markdown = yield* toMarkdown("./invoice.pdf")
  yield* Effect.log(markdown.slice(0, 200))
  yield* startWithWebhook("./contract.pdf", "https://hooks.example.com/llamacloud")
})

const MainLayer = LlamaParseClient.layerConfig({ maxUploadBytes: 50 * 1024 * 1024 }).pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(MainLayer), NodeRuntime.runMain)
