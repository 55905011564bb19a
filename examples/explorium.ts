/**
 * Explorium: match a list of accounts to business ids, enrich the matches in bulk and act on each record's outcome by
 * its index, then check the credits left. Every caller is paced to Explorium's 200 requests per minute. Needs
 * `EXPLORIUM_API_KEY`; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { ExploriumClient } from "effect-integrations/explorium"

const accounts = [{ domain: "acme.dev" }, { name: "Globex" }, { linkedin_url: "https://linkedin.com/company/initech" }]

const program = Effect.gen(function*() {
  const explorium = yield* ExploriumClient.ExploriumClient
  const matched = yield* explorium.businesses.match(accounts)
  for (const { error, index } of matched.failed) {
    yield* Effect.log(`account ${index}: ${error._tag === "Failed" ? error.error.reason : error._tag}`)
  }
  const enriched = yield* explorium.businesses.bulkEnrich(matched.succeeded.map((m) => m.value))
  for (const { index, value } of enriched.succeeded) {
    yield* Effect.log(`${value.name ?? "?"}: ${value.number_of_employees_range ?? "size unknown"} (match ${index})`)
  }
  const credits = yield* explorium.credits.get()
  yield* Effect.log(`${credits.remaining_credits} of ${credits.allocated_credits} credits left`)
})

// EXPLORIUM_API_KEY (and optionally EXPLORIUM_BASE_URL) from the environment.
const Live = ExploriumClient.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
