/**
 * A local stand-in for api.cal.com in tests: records every request as received on the wire and answers with the
 * script's reply, plus booking and event type fixtures in the shapes of Cal.com's OpenAPI document.
 */
import * as RecordingServer from "../../../support/RecordingServer.js"
import type { Captured, Reply } from "../../../support/RecordingServer.js"

export type { Captured, Reply }

export const booking = (uid: string, extra: Record<string, unknown> = {}) => ({
  id: 5001,
  uid,
  title: "30 Min Meeting between Host and Jane",
  hosts: [{ userId: 1 }],
  status: "accepted",
  start: "2030-01-07T09:00:00.000Z",
  end: "2030-01-07T09:30:00.000Z",
  duration: 30,
  eventTypeId: 1001,
  attendees: [{ name: "Jane Doe", email: "jane@example.com", timeZone: "Europe/Rome", language: "it" }],
  guests: [],
  meetingUrl: "https://app.cal.com/video/abc",
  absentHost: false,
  ...extra
})

export const eventType = (id: number, slug: string) => ({
  id,
  title: `${slug} meeting`,
  slug,
  lengthInMinutes: 30,
  description: "",
  locations: [{ type: "integration", integration: "cal-video" }],
  bookingFields: [],
  disableGuests: false,
  slotInterval: 30,
  minimumBookingNotice: 0,
  beforeEventBuffer: 0,
  afterEventBuffer: 0,
  recurrence: {},
  metadata: {},
  price: 0,
  currency: "usd",
  ownerId: 1,
  users: ["host"]
})

export const success = (data: unknown) => ({ status: "success", data })

export const make = (respond: (request: Captured, index: number) => Reply) => RecordingServer.make(respond, { headers: (n) => ({ "x-request-id": `req_${n}` }), basePath: "/v2" })
