/**
 * Apollo.io: enrich a CRM's contacts in bulk and act on each record's outcome by its index, search a target account's
 * directors as a stream (People API Search: no credits), and enrich the account itself. Rate limits: give your plan's
 * per-minute limit and Apollo's window headers pace every caller. Needs `APOLLO_API_KEY`; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { IntegrationError } from "effect-integrations"
import { ApolloClient, ApolloError } from "effect-integrations/apollo"

const enrichContacts = (emails: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const apollo = yield* ApolloClient.ApolloClient
    // Any number of records: sent 10 per call, one call at a time (bulk calls get a tenth of Apollo's rate).
    const result = yield* apollo.people.bulkMatch(emails.map((email) => ({ email })))
    for (const { index, value } of result.succeeded) yield* Effect.log(`contact #${index}: ${value.title ?? "no title"}`)
    for (const { error, index } of result.failed) {
      // Reasons, not messages: a miss is NotFound, a failed call leaves its records with that call's error.
      yield* Effect.logWarning(`contact #${index} not enriched (${error.reason})`)
    }
  })

const directorsAt = (domain: string) =>
  Effect.gen(function*() {
    const apollo = yield* ApolloClient.ApolloClient
    const account = yield* apollo.organizations.enrich(domain)
    yield* Effect.log(Option.match(account, { onNone: () => `${domain}: unknown to Apollo`, onSome: (o) => `${domain}: ${o.name ?? "?"}` }))
    return yield* apollo.people.search({ q_organization_domains_list: [domain], person_seniorities: ["director", "vp"] }).pipe(
      Stream.take(50),
      Stream.runCollect
    )
  }).pipe(
    Effect.catchIf(ApolloError.isQuotaExhausted, () => Effect.logWarning("Apollo quota used up for the hour or day: try later")),
    Effect.catchIf(IntegrationError.isReason("Forbidden"), () => Effect.logError("this Apollo key may not call People API Search"))
  )

const program = Effect.gen(function*() {
  yield* enrichContacts(["tim@apollo.io", "jane@example.com"])
  yield* directorsAt("apollo.io")
})

// Your plan's per-minute limit; Apollo's x-*-requests-left headers then pace and pause every caller.
const Live = ApolloClient.layerConfig({ rateLimit: { limit: 200, window: "1 minute" } }).pipe(
  Layer.provide(NodeHttpClient.layerUndici)
)

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
