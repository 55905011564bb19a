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
})
