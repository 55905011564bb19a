/**
 * lemlist: add the week's sign-ups to an outreach campaign, each outcome handled by reason, then count the replies
 * from the activity stream. Every caller is paced to lemlist's limit; with Redis (`RedisState.layerConfig()` from
 * `effect-integrations/state`) the quota is shared by every process. Needs `LEMLIST_API_KEY`; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { IntegrationError } from "effect-integrations"
import { LemlistClient, LemlistError } from "effect-integrations/lemlist"

const enrol = (campaignId: string, signups: ReadonlyArray<{ readonly email: string; readonly firstName: string }>) =>
  Effect.gen(function*() {
    const lemlist = yield* LemlistClient.LemlistClient
    const outcomes = yield* Effect.forEach(signups, (signup) =>
      lemlist.campaignLeads.add(campaignId, signup, { deduplicate: true }).pipe(
        Effect.as("added" as const),
        // Callers branch on reasons and codes, never on message strings (which never carry the address).
        Effect.catchIf(IntegrationError.isReason("InvalidRequest"), () => Effect.succeed("refused" as const)),
        Effect.catchIf(LemlistError.hasCode("campaign_not_found"), (error) => Effect.fail(error))
      ))
    yield* Effect.log(`${outcomes.filter((o) => o === "added").length} of ${signups.length} leads added`)
  })

const replies = (campaignId: string) =>
  Effect.gen(function*() {
    const lemlist = yield* LemlistClient.LemlistClient
    return yield* Stream.runCount(lemlist.activities.list({ campaignId, type: "emailsReplied" }))
  })

const program = Effect.gen(function*() {
  const lemlist = yield* LemlistClient.LemlistClient
  const campaign = yield* lemlist.campaigns.create({ name: "Sign-ups of the week", timezone: "Europe/Paris" })
  const campaignId = campaign._id ?? ""
  yield* enrol(campaignId, [{ email: "ada@example.com", firstName: "Ada" }])
  yield* lemlist.campaigns.start(campaignId)
  yield* Effect.log(`${yield* replies(campaignId)} replies so far`)
})

// LEMLIST_API_KEY (and optionally LEMLIST_BASE_URL) from the environment.
const Live = LemlistClient.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
