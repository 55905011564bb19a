/**
 * Stripe customers: create, retrieve, update, list a page, and walk every customer as a `Stream` (or collect up to a
 * bound) with Stripe's `starting_after` cursor.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import type { CallOptions, Listing } from "../StripeClient.js"
import * as S from "../StripeSchemas.js"

const text = (max: number) => Schema.String.pipe(Schema.maxLength(max))

/**
 * An address parameter; `""` clears it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AddressParam = Schema.Struct({
  city: Schema.optional(text(5000)),
  country: Schema.optional(text(5000)),
  line1: Schema.optional(text(5000)),
  line2: Schema.optional(text(5000)),
  postal_code: Schema.optional(text(5000)),
  state: Schema.optional(text(5000))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ShippingParam = Schema.Struct({
  address: AddressParam,
  name: Schema.NonEmptyString.pipe(Schema.maxLength(5000)),
  phone: Schema.optional(text(5000))
})

const InvoiceSettingsParam = Schema.Struct({
  default_payment_method: Schema.optional(text(5000)),
  footer: Schema.optional(text(5000))
})

const commonFields = {
  address: Schema.optional(Schema.Union(AddressParam, Schema.Literal(""))),
  balance: Schema.optional(Schema.Int),
  coupon: Schema.optional(text(5000)),
  description: Schema.optional(text(5000)),
  email: Schema.optional(text(512)),
  expand: Schema.optional(S.Expand),
  invoice_prefix: Schema.optional(text(5000)),
  invoice_settings: Schema.optional(InvoiceSettingsParam),
  metadata: Schema.optional(S.MetadataParam),
  name: Schema.optional(text(256)),
  next_invoice_sequence: Schema.optional(Schema.Int.pipe(Schema.positive())),
  phone: Schema.optional(text(20)),
  preferred_locales: Schema.optional(Schema.Array(text(5000))),
  promotion_code: Schema.optional(text(5000)),
  shipping: Schema.optional(Schema.Union(ShippingParam, Schema.Literal(""))),
  source: Schema.optional(text(5000)),
  tax_exempt: Schema.optional(Schema.Literal("", "exempt", "none", "reverse"))
}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CreateParams = Schema.Struct({
  ...commonFields,
  payment_method: Schema.optional(text(5000)),
  test_clock: Schema.optional(text(5000))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateParams extends Schema.Schema.Type<typeof CreateParams> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const UpdateParams = Schema.Struct({
  ...commonFields,
  default_source: Schema.optional(text(5000))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpdateParams extends Schema.Schema.Type<typeof UpdateParams> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const RetrieveParams = Schema.Struct({ expand: Schema.optional(S.Expand) })

/**
 * @since 0.1.0
 * @category Models
 */
export interface RetrieveParams extends Schema.Schema.Type<typeof RetrieveParams> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ListParams = Schema.Struct({
  created: Schema.optional(S.RangeQuery),
  email: Schema.optional(text(512)),
  ending_before: Schema.optional(text(5000)),
  expand: Schema.optional(S.Expand),
  limit: Schema.optional(S.Limit),
  starting_after: Schema.optional(text(5000)),
  test_clock: Schema.optional(text(5000))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListParams extends Schema.Schema.Type<typeof ListParams> {}

/**
 * Filters for walking every customer; pages are fetched forwards, 100 at a time unless `limit` says otherwise.
 *
 * @since 0.1.0
 * @category Models
 */
export type ListAllParams = Omit<ListParams, "ending_before">

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api extends Listing<ListParams, S.Customer> {
  readonly create: (params?: CreateParams, options?: CallOptions) => Effect.Effect<S.Customer, IntegrationError>
  /** A deleted customer is still returned, as `DeletedCustomer` (see `StripeSchemas.isDeletedCustomer`). */
  readonly retrieve: (
    id: string,
    params?: RetrieveParams,
    options?: CallOptions
  ) => Effect.Effect<S.Customer | S.DeletedCustomer, IntegrationError>
  readonly update: (id: string, params: UpdateParams, options?: CallOptions) => Effect.Effect<S.Customer, IntegrationError>
}

/**
 * Declares the customer operations on a Stripe pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "customers.create",
    method: "POST",
    input: CreateParams,
    output: S.Customer,
    request: (params) => ({ path: "/v1/customers", body: Op.form(params) })
  })
  const retrieve = http.operation({
    name: "customers.retrieve",
    method: "GET",
    input: Schema.Struct({ id: S.ObjectId, params: RetrieveParams }),
    output: Schema.Union(S.DeletedCustomer, S.Customer),
    request: ({ id, params }) => ({ path: VendorClient.path`/v1/customers/${id}`, query: Op.query(params) })
  })
  const update = http.operation({
    name: "customers.update",
    method: "POST",
    input: Schema.Struct({ id: S.ObjectId, params: UpdateParams }),
    output: S.Customer,
    request: ({ id, params }) => ({ path: VendorClient.path`/v1/customers/${id}`, body: Op.form(params) })
  })
  const list = http.operation({
    name: "customers.list",
    method: "GET",
    input: ListParams,
    output: S.List(S.Customer),
    request: (params) => ({ path: "/v1/customers", query: Op.query(params) })
  })
  return {
    create: (params = {}, options) => Op.call(create, params, options),
    retrieve: (id, params = {}, options) => Op.call(retrieve, { id, params }, options),
    update: (id, params, options) => Op.call(update, { id, params }, options),
    ...Op.listing(list)
  }
}
