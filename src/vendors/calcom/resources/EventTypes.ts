/**
 * Cal.com event types (`cal-api-version: 2024-06-14`): list the caller's own, or a user's public ones.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import type { CallOptions } from "../CalComClient.js"
import * as S from "../CalComSchemas.js"
import * as Op from "../internal/operation.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly list: (
    params?: S.ListEventTypesParams,
    options?: CallOptions
  ) => Effect.Effect<ReadonlyArray<S.EventType>, IntegrationError>
}

/**
 * Declares the event type operations on a Cal.com pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration, version: string): Api => {
  const list = http.operation({
    name: "eventTypes.list",
    method: "GET",
    input: S.ListEventTypesParams,
    output: S.Envelope(Schema.Array(S.EventType)),
    request: (params) => ({
      path: "/event-types",
      headers: Op.versionHeader(version),
      query: { username: params.username, eventSlug: params.eventSlug, usernames: params.usernames?.join(",") }
    })
  })
  const listData = Op.data(list)
  return { list: (params = {}, options) => listData(params, options) }
}
