/**
 * Cal.com API v2: event types (`cal-api-version: 2024-06-14`), available slots, and bookings create / get / cancel /
 * reschedule (`cal-api-version: 2024-08-13`), the header each operation's spec requires. One host, `simulator`, has two
 * event types (30 and 15 minutes) and is free 09:00-17:00 UTC on weekdays; a booked slot is no longer available.
 * Booking needs no API key (Cal.com lets bookers book); a key that is sent must be valid (`cal_...`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { bearer, header, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const minute = 60_000
const host = { userId: 1, username: "simulator" }

interface EventType {
  readonly id: number
  readonly title: string
  readonly slug: string
  readonly lengthInMinutes: number
  readonly description: string
}

const eventTypes: ReadonlyArray<EventType> = [
  { id: 1001, title: "30 Min Meeting", slug: "30min", lengthInMinutes: 30, description: "A 30 minute meeting." },
  { id: 1002, title: "15 Min Meeting", slug: "15min", lengthInMinutes: 15, description: "A 15 minute call." }
]

/** The `cal-api-version` each route documents as required. */
const versions: Record<string, string> = {
  "GET /v2/event-types": "2024-06-14",
  "POST /v2/bookings": "2024-08-13",
  "GET /v2/bookings/{bookingUid}": "2024-08-13",
  "POST /v2/bookings/{bookingUid}/cancel": "2024-08-13",
  "POST /v2/bookings/{bookingUid}/reschedule": "2024-08-13"
}

interface Booking {
  readonly id: number
  readonly uid: string
  status: "accepted" | "cancelled"
  readonly start: number
  readonly eventType: EventType
  readonly attendee: { readonly name: string; readonly email: string; readonly timeZone: string; readonly language?: string }
  readonly guests: ReadonlyArray<string>
  readonly meetingUrl: string | undefined
  cancellationReason: string | undefined
  readonly reschedulingReason: string | undefined
  readonly rescheduledFromUid: string | undefined
}

const renderEventType = (e: EventType) => ({
  id: e.id,
  lengthInMinutes: e.lengthInMinutes,
  title: e.title,
  slug: e.slug,
  description: e.description,
  locations: [{ type: "integration", integration: "cal-video" }],
  bookingFields: [],
  disableGuests: false,
  slotInterval: e.lengthInMinutes,
  minimumBookingNotice: 0,
  beforeEventBuffer: 0,
  afterEventBuffer: 0,
  // The spec types these unset settings as objects, so they are empty objects rather than `null`.
  recurrence: {},
  metadata: {},
  price: 0,
  currency: "usd",
  lockTimeZoneToggleOnBookingPage: false,
  seatsPerTimeSlot: {},
  forwardParamsSuccessRedirect: {},
  successRedirectUrl: {},
  isInstantEvent: false,
  seatsShowAvailabilityCount: {},
  scheduleId: {},
  bookingLimitsCount: {},
  onlyShowFirstAvailableSlot: false,
  bookingLimitsDuration: {},
  bookingWindow: [],
  bookerLayouts: { defaultLayout: "month", enabledLayouts: ["month", "week", "column"] },
  confirmationPolicy: {},
  requiresBookerEmailVerification: false,
  hideCalendarNotes: false,
  color: { lightThemeHex: "#292929", darkThemeHex: "#fafafa" },
  seats: { seatsPerTimeSlot: 1, showAttendeeInfo: false, showAvailabilityCount: false },
  offsetStart: 0,
  customName: "",
  destinationCalendar: { integration: "google_calendar", externalId: "primary" },
  useDestinationCalendarEmail: false,
  hideCalendarEventDetails: false,
  ownerId: host.userId,
  users: [host.username]
})

/** Whether `start` begins a slot of the working day (weekdays 09:00-17:00 UTC, on the event's length grid). */
const onGrid = (start: number, length: number) => {
  const date = new Date(start)
  const day = date.getUTCDay()
  const minutes = date.getUTCHours() * 60 + date.getUTCMinutes()
  return day !== 0 && day !== 6 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0 &&
    minutes >= 9 * 60 && minutes + length <= 17 * 60 && (minutes - 9 * 60) % length === 0
}

/** @internal */
export const make = (shared: Shared): VendorModule<"calcom"> => {
  const bookings = new Map<string, Booking>()
  let nextId = 5001

  const errorBody = (request: SimRequest, code: string, message: string) => ({
    status: "error",
    timestamp: new Date(request.now).toISOString(),
    path: request.path,
    error: { code, message }
  })
  const failure = (request: SimRequest, status: number, code: string, message: string): SimResponse =>
    json(status, errorBody(request, code, message))
  const invalid = (request: SimRequest, message: string): SimResponse =>
    rejected(400, errorBody(request, "BadRequestException", message))

  const busy = (start: number, length: number, except?: string) =>
    [...bookings.values()].some((b) =>
      b.status === "accepted" && b.uid !== except &&
      start < b.start + b.eventType.lengthInMinutes * minute && b.start < start + length * minute
    )

  const render = (b: Booking) => ({
    id: b.id,
    uid: b.uid,
    title: `${b.eventType.title} between Simulator and ${b.attendee.name}`,
    hosts: [{ userId: host.userId }],
    status: b.status,
    ...(b.cancellationReason === undefined ? {} : { cancellationReason: b.cancellationReason }),
    ...(b.reschedulingReason === undefined ? {} : { reschedulingReason: b.reschedulingReason }),
    ...(b.rescheduledFromUid === undefined ? {} : { rescheduledFromUid: b.rescheduledFromUid }),
    start: new Date(b.start).toISOString(),
    end: new Date(b.start + b.eventType.lengthInMinutes * minute).toISOString(),
    duration: b.eventType.lengthInMinutes,
    eventTypeId: b.eventType.id,
    attendees: [b.attendee],
    guests: b.guests,
    ...(b.meetingUrl === undefined ? {} : { meetingUrl: b.meetingUrl }),
    absentHost: false
  })

  const body = (request: SimRequest): Record<string, unknown> | SimResponse => {
    const parsed = jsonBody(request)
    return parsed.ok && isRecord(parsed.value) ? parsed.value : invalid(request, "Invalid JSON body")
  }
  const isResponse = (value: unknown): value is SimResponse => isRecord(value) && "_tag" in value && "status" in value

  /** A bookable start for the event type, or the error Cal.com answers. */
  const slotStart = (request: SimRequest, raw: unknown, eventType: EventType, except?: string): number | SimResponse => {
    const start = typeof raw === "string" ? Date.parse(raw) : Number.NaN
    if (!Number.isFinite(start)) return invalid(request, "start must be a valid ISO 8601 date string in UTC")
    if (start < request.now) return invalid(request, "Attempting to book a meeting in the past.")
    if (!onGrid(start, eventType.lengthInMinutes) || busy(start, eventType.lengthInMinutes, except)) {
      return invalid(request, "User either already has booking at this time or is not available")
    }
    return start
  }

  const create = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    if (typeof input.eventTypeId !== "number") return invalid(request, "eventTypeId must be a number")
    const eventType = eventTypes.find((e) => e.id === input.eventTypeId)
    if (eventType === undefined) return failure(request, 404, "NotFoundException", `Event type with id=${input.eventTypeId} not found`)
    const attendee = input.attendee
    if (!isRecord(attendee) || typeof attendee.name !== "string" || typeof attendee.email !== "string" || typeof attendee.timeZone !== "string") {
      return invalid(request, "attendee must have name, email and timeZone")
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(attendee.email)) return invalid(request, "attendee.email must be an email")
    const start = slotStart(request, input.start, eventType)
    if (isResponse(start)) return start
    const booking: Booking = {
      id: nextId++,
      uid: shared.id("", 22),
      status: "accepted",
      start,
      eventType,
      attendee: {
        name: attendee.name,
        email: attendee.email,
        timeZone: attendee.timeZone,
        ...(typeof attendee.language === "string" ? { language: attendee.language } : { language: "en" })
      },
      guests: Array.isArray(input.guests) ? input.guests.filter((g): g is string => typeof g === "string") : [],
      meetingUrl: typeof input.meetingUrl === "string" ? input.meetingUrl : `https://app.cal.com/video/${shared.id("", 22)}`,
      cancellationReason: undefined,
      reschedulingReason: undefined,
      rescheduledFromUid: undefined
    }
    bookings.set(booking.uid, booking)
    shared.commit(request, "booking.created", booking.uid)
    return json(201, { status: "success", data: render(booking) })
  }

  const find = (request: SimRequest): Booking | SimResponse => {
    const uid = request.params.bookingUid!
    return bookings.get(uid) ?? failure(request, 404, "NotFoundException", `Booking with uid=${uid} was not found in the database`)
  }

  const cancel = (request: SimRequest): SimResponse => {
    const booking = find(request)
    if (isResponse(booking)) return booking
    const input = body(request)
    if (isResponse(input)) return input
    if (booking.status === "cancelled") return invalid(request, "This booking has already been cancelled.")
    booking.status = "cancelled"
    booking.cancellationReason = typeof input.cancellationReason === "string" ? input.cancellationReason : undefined
    shared.commit(request, "booking.cancelled", booking.uid)
    return json(200, { status: "success", data: render(booking) })
  }

  const reschedule = (request: SimRequest): SimResponse => {
    const old = find(request)
    if (isResponse(old)) return old
    const input = body(request)
    if (isResponse(input)) return input
    if (old.status === "cancelled") return invalid(request, "Can't reschedule a cancelled booking.")
    const start = slotStart(request, input.start, old.eventType, old.uid)
    if (isResponse(start)) return start
    const reason = typeof input.reschedulingReason === "string" ? input.reschedulingReason : undefined
    old.status = "cancelled"
    const booking: Booking = {
      ...old,
      id: nextId++,
      uid: shared.id("", 22),
      status: "accepted",
      start,
      cancellationReason: undefined,
      reschedulingReason: reason,
      rescheduledFromUid: old.uid
    }
    bookings.set(booking.uid, booking)
    shared.commit(request, "booking.rescheduled", booking.uid)
    return json(201, { status: "success", data: render(booking) })
  }

  const slots = (request: SimRequest): SimResponse => {
    const slug = request.query.get("eventTypeSlug")
    const id = Number(request.query.get("eventTypeId"))
    const eventType = eventTypes.find((e) => e.id === id || (slug !== null && e.slug === slug))
    if (eventType === undefined) {
      return request.query.get("eventTypeId") === null && slug === null
        ? invalid(request, "eventTypeId or eventTypeSlug is required")
        : failure(request, 404, "NotFoundException", "Event type not found")
    }
    const from = Date.parse(request.query.get("startTime") ?? "")
    const to = Date.parse(request.query.get("endTime") ?? "")
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
      return invalid(request, "startTime and endTime must be ISO 8601 dates, startTime before endTime")
    }
    if (to - from > 62 * 24 * 60 * minute) return invalid(request, "The range between startTime and endTime is limited to 62 days")
    const step = eventType.lengthInMinutes * minute
    const out: Record<string, Array<{ readonly time: string }>> = {}
    for (let t = Math.ceil(Math.max(from, request.now) / step) * step; t + step <= to; t += step) {
      if (!onGrid(t, eventType.lengthInMinutes) || busy(t, eventType.lengthInMinutes)) continue
      const iso = new Date(t).toISOString()
      ;(out[iso.slice(0, 10)] ??= []).push({ time: iso })
    }
    return json(200, { status: "success", data: { slots: out } })
  }

  const listEventTypes = (request: SimRequest): SimResponse => {
    const username = request.query.get("username")
    const slug = request.query.get("eventSlug")
    if (username === null && bearer(request) === undefined) {
      return failure(request, 401, "UnauthorizedException", "No API key provided and no username given")
    }
    if (slug !== null && username === null) return invalid(request, "eventSlug requires username")
    const owned = username === null || username === host.username
    return json(200, {
      status: "success",
      data: owned ? eventTypes.filter((e) => slug === null || e.slug === slug).map(renderEventType) : []
    })
  }

  const sync = (f: (request: SimRequest) => SimResponse) => (request: SimRequest) => Effect.sync(() => f(request))

  return {
    vendor: "calcom",
    handlers: {
      "GET /v2/event-types": sync(listEventTypes),
      "GET /v2/slots/available": sync(slots),
      "POST /v2/bookings": sync(create),
      "GET /v2/bookings/{bookingUid}": sync((request) => {
        const booking = find(request)
        return isResponse(booking) ? booking : json(200, { status: "success", data: render(booking) })
      }),
      "POST /v2/bookings/{bookingUid}/cancel": sync(cancel),
      "POST /v2/bookings/{bookingUid}/reschedule": sync(reschedule)
    },
    authenticate: (request) => {
      const required = versions[request.route]
      if (required !== undefined && header(request, "cal-api-version") !== required) {
        return failure(request, 400, "BadRequestException", `cal-api-version header must be set to ${required}`)
      }
      if (header(request, "authorization") === undefined) return undefined
      const key = bearer(request) ?? ""
      const accepted = shared.keys("calcom")
      const ok = accepted === undefined ? key.startsWith("cal_") : accepted.includes(key)
      return ok ? undefined : failure(request, 401, "UnauthorizedException", "Invalid API Key")
    },
    error: (request, status, message) => {
      const code = status === 429
        ? "TooManyRequestsException"
        : status >= 500
        ? "InternalServerErrorException"
        : status === 404
        ? "NotFoundException"
        : status === 401
        ? "UnauthorizedException"
        : status === 403
        ? "ForbiddenException"
        : status === 409
        ? "ConflictException"
        : "BadRequestException"
      return failure(request, status, code, message ?? (status === 429 ? "Rate limit exceeded" : status >= 500 ? "Internal server error" : "Request failed"))
    },
    notFound: (request) => failure(request, 404, "NotFoundException", `Cannot ${request.method} ${request.path}`),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    rateLimit: {
      limit: 1_000,
      windowMs: 60_000,
      headers: (state) => ({
        "x-ratelimit-limit": String(state.limit),
        "x-ratelimit-remaining": String(state.remaining),
        "x-ratelimit-reset": String(Math.ceil(state.resetMs / 1000))
      })
    },
    reset: () => {
      bookings.clear()
      nextId = 5001
    }
  }
}
