/**
 * PhantomBuster: launch a Phantom with this run's search, wait for it on a bounded schedule and use its result; read
 * the latest console output incrementally; and receive the agent-finished webhook, checked by the secret in its URL
 * and deduplicated per run. Needs `PHANTOMBUSTER_API_KEY` and `PHANTOMBUSTER_WEBHOOK_SECRET`; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { IntegrationError } from "effect-integrations"
import { PhantomBusterClient, PhantomBusterEvents } from "effect-integrations/phantombuster"

const AGENT = "5027055349780535"

const searchProfiles = (search: string) =>
  Effect.gen(function*() {
    const phantombuster = yield* PhantomBusterClient.PhantomBusterClient
    // The bonus argument applies to this launch only; the agent's saved argument is left alone.
    const run = yield* phantombuster.agents.launchAndWait({ id: AGENT, bonusArgument: { search } }, { timeout: "20 minutes" })
    yield* Effect.log(`run ${run.container.id} finished in ${(run.container.endedAt ?? 0) - (run.container.createdAt ?? 0)} ms`)
    return run.result
  }).pipe(
    // A timed-out wait: the run may still finish. Read its container later; never launch again blindly.
    Effect.catchIf(IntegrationError.isReason("Timeout"), () => Effect.logWarning("still running: check the container later")),
    Effect.catchIf(IntegrationError.isReason("Server"), (error) => Effect.logError(`the run failed: ${error.description}`))
  )

const tailOutput = Effect.gen(function*() {
  const phantombuster = yield* PhantomBusterClient.PhantomBusterClient
  const first = yield* phantombuster.agents.fetchOutput({ id: AGENT })
  // Next time, only what is new.
  const next = yield* phantombuster.agents.fetchOutput({ id: AGENT, fromOutputPos: first.outputPos ?? 0 })
  yield* Effect.log(`${first.status}: ${(first.output ?? "") + (next.output ?? "")}`)
})

/** A webhook endpoint's body: the URL must carry the secret; one handling per run. */
export const handleWebhook = (url: string, rawBody: string, seen: Set<string>) =>
  Effect.gen(function*() {
    const secret = yield* Config.redacted("PHANTOMBUSTER_WEBHOOK_SECRET")
    if (!PhantomBusterEvents.checkSecret(url, secret)) return yield* Effect.logWarning("PhantomBuster webhook refused")
    const event = yield* PhantomBusterEvents.decodeEventJson(rawBody)
    const key = PhantomBusterEvents.dedupKey(event)
    if (seen.has(key)) return
    seen.add(key)
    yield* PhantomBusterEvents.isSuccess(event)
      ? Effect.log(`run ${event.containerId} of ${event.agentName ?? event.agentId} finished`)
      : Effect.logWarning(`run ${event.containerId} ended: ${event.exitMessage} (exit code ${event.exitCode})`)
  })

const program = Effect.gen(function*() {
  const profiles = yield* searchProfiles("CTO fintech Berlin")
  yield* Effect.log(`profiles: ${JSON.stringify(profiles)?.length ?? 0} bytes`)
  yield* tailOutput
})

const Live = PhantomBusterClient.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
