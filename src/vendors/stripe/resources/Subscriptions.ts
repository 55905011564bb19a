/**
 * Stripe subscriptions: create, retrieve, update, cancel (`DELETE`, its options in the query string as stripe-node
 * sends them), list a page, and walk every subscription as a `Stream` or collect up to a bound.
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
const id = text(5000)
const orEmpty = <A, I>(schema: Schema.Schema<A, I>) => Schema.Union(schema, Schema.Literal(""))

const TaxRates = orEmpty(Schema.Array(id))
const Quantity = Schema.Int.pipe(Schema.nonNegative())
const TrialEnd = Schema.Union(S.Timestamp, Schema.Literal("now"))
const PaymentBehavior = Schema.Literal("allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete")
const ProrationBehavior = Schema.Literal("always_invoice", "create_prorations", "none")
const CollectionMethod = Schema.Literal("charge_automatically", "send_invoice")

/**
 * Why a subscription is cancelled, for Stripe's churn reports.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CancellationDetails = Schema.Struct({
  comment: Schema.optional(orEmpty(text(5000))),
  feedback: Schema.optional(
    Schema.Literal(
      "",
      "customer_service",
      "low_quality",
      "missing_features",
      "other",
      "switched_service",
      "too_complex",
      "too_expensive",
      "unused"
    )
  )
})

/**
 * An item of a new subscription: the `price` it bills.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateItem = Schema.Struct({
  price: id.pipe(Schema.minLength(1)),
  quantity: Schema.optional(Quantity),
  metadata: Schema.optional(S.MetadataHash),
  tax_rates: Schema.optional(TaxRates)
})

/**
 * A change to a subscription's items: an existing item by `id` (updated, or removed with `deleted`), or a new `price`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UpdateItem = Schema.Struct({
  id: Schema.optional(id),
  price: Schema.optional(id),
  quantity: Schema.optional(Quantity),
  deleted: Schema.optional(Schema.Boolean),
  clear_usage: Schema.optional(Schema.Boolean),
  metadata: Schema.optional(S.MetadataParam),
  tax_rates: Schema.optional(TaxRates)
}).pipe(Schema.filter((item) => item.id !== undefined || item.price !== undefined || "give the item id or a price"))

const sharedFields = {
  application_fee_percent: Schema.optional(Schema.Finite.pipe(Schema.between(0, 100))),
  automatic_tax: Schema.optional(Schema.Struct({ enabled: Schema.Boolean })),
  cancel_at_period_end: Schema.optional(Schema.Boolean),
  collection_method: Schema.optional(CollectionMethod),
  coupon: Schema.optional(id),
  days_until_due: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  default_payment_method: Schema.optional(id),
  default_tax_rates: Schema.optional(TaxRates),
  expand: Schema.optional(S.Expand),
  metadata: Schema.optional(S.MetadataParam),
  off_session: Schema.optional(Schema.Boolean),
  payment_behavior: Schema.optional(PaymentBehavior),
  promotion_code: Schema.optional(id),
  proration_behavior: Schema.optional(ProrationBehavior),
  trial_end: Schema.optional(TrialEnd),
  trial_from_plan: Schema.optional(Schema.Boolean)
}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CreateParams = Schema.Struct({
  ...sharedFields,
  customer: id.pipe(Schema.minLength(1)),
  items: Schema.optional(Schema.Array(CreateItem)),
  backdate_start_date: Schema.optional(S.Timestamp),
  billing_cycle_anchor: Schema.optional(S.Timestamp),
  cancel_at: Schema.optional(S.Timestamp),
  currency: Schema.optional(S.Currency),
  default_source: Schema.optional(id),
  description: Schema.optional(text(500)),
  payment_settings: Schema.optional(
    Schema.Struct({
      payment_method_types: Schema.optional(orEmpty(Schema.Array(Schema.String))),
      save_default_payment_method: Schema.optional(Schema.Literal("off", "on_subscription"))
    })
  ),
  trial_period_days: Schema.optional(Schema.Int.pipe(Schema.nonNegative()))
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
  ...sharedFields,
  items: Schema.optional(Schema.Array(UpdateItem)),
  billing_cycle_anchor: Schema.optional(Schema.Literal("now", "unchanged")),
  cancel_at: Schema.optional(orEmpty(S.Timestamp)),
  cancellation_details: Schema.optional(CancellationDetails),
  default_source: Schema.optional(orEmpty(id)),
  description: Schema.optional(orEmpty(text(500))),
  pause_collection: Schema.optional(
    orEmpty(
      Schema.Struct({
        behavior: Schema.Literal("keep_as_draft", "mark_uncollectible", "void"),
        resumes_at: Schema.optional(S.Timestamp)
      })
    )
  ),
  proration_date: Schema.optional(S.Timestamp)
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
export const CancelParams = Schema.Struct({
  cancellation_details: Schema.optional(CancellationDetails),
  expand: Schema.optional(S.Expand),
  /** Invoice pending usage and prorations now instead of at the next period. */
  invoice_now: Schema.optional(Schema.Boolean),
  prorate: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CancelParams extends Schema.Schema.Type<typeof CancelParams> {}

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
  collection_method: Schema.optional(CollectionMethod),
  created: Schema.optional(S.RangeQuery),
  current_period_end: Schema.optional(S.RangeQuery),
  current_period_start: Schema.optional(S.RangeQuery),
  customer: Schema.optional(id),
  ending_before: Schema.optional(id),
  expand: Schema.optional(S.Expand),
  limit: Schema.optional(S.Limit),
  price: Schema.optional(id),
  starting_after: Schema.optional(id),
  status: Schema.optional(
    Schema.Literal(
      "active",
      "all",
      "canceled",
      "ended",
      "incomplete",
      "incomplete_expired",
      "past_due",
      "paused",
      "trialing",
      "unpaid"
    )
  ),
  test_clock: Schema.optional(id)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListParams extends Schema.Schema.Type<typeof ListParams> {}

/**
 * Filters for walking every subscription; pages are fetched forwards, 100 at a time unless `limit` says otherwise.
 *
 * @since 0.1.0
 * @category Models
 */
export type ListAllParams = Omit<ListParams, "ending_before">

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api extends Listing<ListParams, S.Subscription> {
  readonly create: VendorClient.Method<CreateParams, S.Subscription, CallOptions>
  readonly retrieve: (
    id: string,
    params?: RetrieveParams,
    options?: CallOptions
  ) => Effect.Effect<S.Subscription, IntegrationError>
  readonly update: (
    id: string,
    params: UpdateParams,
    options?: CallOptions
  ) => Effect.Effect<S.Subscription, IntegrationError>
  /** Cancels at once (`DELETE`); to cancel at period end, `update` with `cancel_at_period_end: true`. */
  readonly cancel: (
    id: string,
    params?: CancelParams,
    options?: CallOptions
  ) => Effect.Effect<S.Subscription, IntegrationError>
}

/**
 * Declares the subscription operations on a Stripe pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const base = "/v1/subscriptions"
  const create = http.operation({
    name: "subscriptions.create",
    method: "POST",
    input: CreateParams,
    output: S.Subscription,
    request: (params) => ({ path: base, body: Op.form(params) })
  })
  const retrieve = http.operation({
    name: "subscriptions.retrieve",
    method: "GET",
    input: Schema.Struct({ id: S.ObjectId, params: RetrieveParams }),
    output: S.Subscription,
    request: ({ id, params }) => ({ path: VendorClient.path`/v1/subscriptions/${id}`, query: Op.query(params) })
  })
  const update = http.operation({
    name: "subscriptions.update",
    method: "POST",
    input: Schema.Struct({ id: S.ObjectId, params: UpdateParams }),
    output: S.Subscription,
    request: ({ id, params }) => ({ path: VendorClient.path`/v1/subscriptions/${id}`, body: Op.form(params) })
  })
  const cancel = http.operation({
    name: "subscriptions.cancel",
    method: "DELETE",
    input: Schema.Struct({ id: S.ObjectId, params: CancelParams }),
    output: S.Subscription,
    request: ({ id, params }) => ({ path: VendorClient.path`/v1/subscriptions/${id}`, query: Op.query(params) })
  })
  const list = http.operation({
    name: "subscriptions.list",
    method: "GET",
    input: ListParams,
    output: S.List(S.Subscription),
    request: (params) => ({ path: base, query: Op.query(params) })
  })
  return {
    create: (params, options) => Op.call(create, params, options),
    retrieve: (id, params = {}, options) => Op.call(retrieve, { id, params }, options),
    update: (id, params, options) => Op.call(update, { id, params }, options),
    cancel: (id, params = {}, options) => Op.call(cancel, { id, params }, options),
    ...Op.listing(list)
  }
}
