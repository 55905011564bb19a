import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as OpenAIEvents from "../../../src/vendors/openai/OpenAIEvents.js"

describe("OpenAIEvents", () => {
  it.effect("decodes a typed webhook event", () =>
    Effect.gen(function*() {
      const event = yield* OpenAIEvents.decodeEvent({
        id: "evt_1",
        object: "event",
        created_at: 1_719_168_000,
        type: "response.completed",
        data: { id: "resp_1" }
      })
      expect(event.type).toBe("response.completed")
      expect(event.data).toEqual({ id: "resp_1" })
    }))

  it.effect("keeps an event of an unknown type whole instead of dropping it", () =>
    Effect.gen(function*() {
      const payload = { id: "evt_2", created_at: 1, type: "container.file.created", data: { id: "cfile_1", bytes: 3 } }
      const event = yield* OpenAIEvents.decodeEvent(payload)
      expect(event).toEqual(payload)
    }))

  it.effect("a known type with the wrong shape is an error, not an unknown event", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        OpenAIEvents.decodeEvent({ id: "evt_3", created_at: 1, type: "batch.completed", data: { batch: "b_1" } })
      )
      expect(error._tag).toBe("ParseError")
    }))

  it.effect("is a catalogue: decodes raw JSON and narrows to the typed events or one type", () =>
    Effect.gen(function*() {
      const completed = yield* OpenAIEvents.decodeEventJson(
        JSON.stringify({ id: "evt_4", object: "event", created_at: 1, type: "batch.completed", data: { id: "batch_1" } })
      )
      const unknown = yield* OpenAIEvents.decodeEventJson(JSON.stringify({ id: "evt_5", created_at: 1, type: "brand.new" }))
      expect(OpenAIEvents.isKnown(completed)).toBe(true)
      expect(OpenAIEvents.isKnown(unknown)).toBe(false)
      expect(OpenAIEvents.is("batch.completed")(completed)).toBe(true)
      expect(OpenAIEvents.is("batch.failed")(completed)).toBe(false)
      expect([...OpenAIEvents.knownTypes].sort()).toEqual(
        [...OpenAIEvents.resourceEventTypes, "realtime.call.incoming", "live.call.incoming"].sort()
      )
      expect(OpenAIEvents.knownTypes.every(OpenAIEvents.isKnownType)).toBe(true)
      const broken = yield* Effect.flip(OpenAIEvents.decodeEventJson("{not json"))
      expect(broken._tag).toBe("ParseError")
    }))
})
