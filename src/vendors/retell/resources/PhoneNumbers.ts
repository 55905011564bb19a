/**
 * Retell phone numbers: retrieve one (by its E.164 number) and list them (a `Stream` over `pagination_key`,
 * `GET /v2/list-phone-numbers`, from Retell's API reference and its SDK's `src/resources/phone-number.ts`).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import * as S from "../RetellSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly retrieve: (phoneNumber: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.PhoneNumber, IntegrationError>
  /** One page of numbers; pass the previous page's `pagination_key` for the next. */
  readonly listPage: (
    params?: S.ListPhoneNumbersParams,
    options?: HttpIntegration.CallOptions
  ) => Effect.Effect<S.PhoneNumberPage, IntegrationError>
  /** Every number, pages fetched as the stream is pulled. */
  readonly list: (
    params?: Omit<S.ListPhoneNumbersParams, "pagination_key">,
    options?: HttpIntegration.CallOptions
  ) => Stream.Stream<S.PhoneNumber, IntegrationError>
}

/**
 * Declares the phone number operations on a Retell pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const retrieve = http.operation({
    name: "phoneNumbers.retrieve",
    method: "GET",
    input: S.E164,
    output: S.PhoneNumber,
    request: (number) => ({ path: VendorClient.path`/get-phone-number/${number}` })
  })
  const listPage = http.operation({
    name: "phoneNumbers.list",
    method: "GET",
    input: S.ListPhoneNumbersParams,
    output: S.PhoneNumberPage,
    request: (params) => ({ path: "/v2/list-phone-numbers", query: { ...params } })
  })
  const page = (params: S.ListPhoneNumbersParams | undefined, options: HttpIntegration.CallOptions | undefined) =>
    Op.call(listPage, params ?? {}, options)
  return {
    retrieve: (number, options) => Op.call(retrieve, number, options),
    listPage: page,
    list: (params, options) =>
      Op.paginate("phoneNumbers.list", (key) => page({ ...params, ...Op.keyed(key) }, options))
  }
}
