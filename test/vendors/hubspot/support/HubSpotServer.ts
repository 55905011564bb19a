/**
 * A local stand-in for api.hubapi.com in tests: records every request as received on the wire and answers with the
 * script's reply (JSON, or an empty body for 204).
 */
import * as RecordingServer from "../../../support/RecordingServer.js"
import type { Captured, Reply } from "../../../support/RecordingServer.js"

export type { Captured, Reply }

export const contact = (id: string, properties: Record<string, string | null> = {}) => ({
  id,
  properties: { hs_object_id: id, ...properties },
  createdAt: "2024-05-01T10:00:00.000Z",
  updatedAt: "2024-05-01T10:00:00.000Z",
  archived: false
})

export const make = (respond: (request: Captured, index: number) => Reply) => RecordingServer.make(respond, { headers: (n) => ({ "x-hubspot-correlation-id": `corr-${n}` }) })
