/**
 * Cal.com available slots (`GET /v2/slots/available`): the free start times of an event type between two dates,
 * grouped by day.
 *
 * @since 0.1.0
 */
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../CalComClient.js"
import * as S from "../CalComSchemas.js"
import * as Op from "../internal/operation.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly available: VendorClient.Method<S.AvailableSlotsParams, S.AvailableSlots, CallOptions>
}

/** Cal.com reads a list as repeated `usernameList[]` parameters, which the query record cannot hold: built here. */
const queryString = (params: typeof S.AvailableSlotsParams.Encoded): string => {
  const search = new URLSearchParams()
  const scalars: ReadonlyArray<readonly [string, string | number | undefined]> = [
    ["startTime", params.startTime],
    ["endTime", params.endTime],
    ["eventTypeId", params.eventTypeId],
    ["eventTypeSlug", params.eventTypeSlug],
    ["duration", params.duration],
    ["timeZone", params.timeZone],
    ["orgSlug", params.orgSlug],
    ["slotFormat", params.slotFormat],
    ["rescheduleUid", params.rescheduleUid]
  ]
  for (const [key, value] of scalars) if (value !== undefined) search.append(key, String(value))
  for (const username of params.usernameList ?? []) search.append("usernameList[]", username)
  return search.toString()
}

/**
 * Declares the slot operations on a Cal.com pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration, version: string): Api => {
  const available = http.operation({
    name: "slots.available",
    method: "GET",
    input: S.AvailableSlotsParams,
    output: S.Envelope(S.AvailableSlots),
    request: (params) => ({ path: `/slots/available?${queryString(params)}`, headers: Op.versionHeader(version) })
  })
  return { available: Op.data(available) }
}
