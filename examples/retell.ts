/**
 * Retell AI: call a lead back with a voice agent (never twice: Retell takes no idempotency key), list the day's calls
 * as a stream, publish an agent's draft, and handle Retell's signed webhooks and custom-function requests. Needs
 * `RETELL_API_KEY` (the key marked for webhooks verifies the signatures); read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { IntegrationConfig, IntegrationError } from "effect-integrations"
import { RetellClient, RetellError, RetellEvents } from "effect-integrations/retell"
import { RetellWebhook, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

const callBack = (lead: { readonly id: string; readonly phone: string; readonly name: string }) =>
  Effect.gen(function*() {
    const retell = yield* RetellClient.RetellClient
    const call = yield* retell.calls.createPhoneCall({
      from_number: "+14155550100",
      to_number: lead.phone,
      metadata: { lead_id: lead.id },
      retell_llm_dynamic_variables: { customer_name: lead.name }
    })
    yield* Effect.log(`calling lead ${lead.id}: ${call.call_id}`)
  }).pipe(
    Effect.catchAll((error: IntegrationError.IntegrationError) => {
      const { description, reason } = error
      // The phone may already be ringing: look for the call before placing another.
      if (RetellError.isAmbiguousCreate(error)) {
        return Effect.logWarning(`call to lead ${lead.id} may have been placed (${reason}): check calls.list first`)
      }
      if (RetellError.isPaymentRequired(error)) return Effect.logError("Retell account needs payment")
      return reason === "InvalidRequest" ? Effect.logError(`call refused: ${description}`) : Effect.fail(error)
    })
  )

const endedToday = (since: number) =>
  Effect.gen(function*() {
    const retell = yield* RetellClient.RetellClient
    return yield* retell.calls.list({ limit: 100, sort_order: "descending" }).pipe(
      Stream.takeWhile((call) => (call.start_timestamp ?? 0) >= since),
      Stream.filter((call) => call.call_status === "ended"),
      Stream.runCount
    )
  })

const publishDraft = (agentId: string) =>
  Effect.gen(function*() {
    const retell = yield* RetellClient.RetellClient
    const versions = yield* retell.agents.versions(agentId)
    const draft = versions.find((version) => version.is_published !== true)
    if (draft?.version !== undefined) yield* retell.agents.publish(agentId, { version: draft.version })
  })

/** A webhook endpoint's body: verify `x-retell-signature`, then act on the typed event. */
export const handleWebhook = (rawBody: Uint8Array, headers: Record<string, string>) =>
  Effect.gen(function*() {
    const apiKey = yield* Config.redacted("RETELL_API_KEY")
    const { event } = yield* Webhooks.verifyAndDecode(RetellWebhook.scheme, RetellEvents.Event)(
      WebhookScheme.makeRequest({ body: rawBody, headers }),
      apiKey
    )
    if (!RetellEvents.isKnown(event)) return yield* Effect.log(`ignoring ${event.event}`)
    switch (event.event) {
      case "call_analyzed":
        return yield* Effect.log(`call ${event.call.call_id}: ${event.call.call_analysis?.call_summary ?? "no summary"}`)
      default:
        return yield* Effect.log(`${event.event} for ${event.call.call_id}`)
    }
  })

/** A custom function's endpoint: the same signature, then the function's arguments. */
export const handleFunction = (rawBody: Uint8Array, headers: Record<string, string>) =>
  Effect.gen(function*() {
    const apiKey = yield* Config.redacted("RETELL_API_KEY")
    const { event: request } = yield* Webhooks.verifyAndDecode(RetellWebhook.scheme, RetellEvents.FunctionCall)(
      WebhookScheme.makeRequest({ body: rawBody, headers }),
      apiKey
    )
    return request.name === "check_slot" ? { available: true } : { error: `unknown function ${request.name}` }
  })

const program = Effect.gen(function*() {
  yield* callBack({ id: "lead_42", phone: "+14155550123", name: "Jane" })
  yield* publishDraft("agent_5f0b1c2d3e4f5a6b7c8d9e0f1a")
  const ended = yield* endedToday(Date.now() - 86_400_000)
  yield* Effect.log(`${ended} calls ended in the last day`)
})

// Every missing variable of every vendor is reported at once, by name.
const Live = IntegrationConfig.layer(RetellClient.fromEnv).pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
