/**
 * Stripe Checkout sessions: create a hosted payment page and retrieve it (e.g. after `checkout.session.completed`).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import type { CallOptions } from "../StripeClient.js"
import * as S from "../StripeSchemas.js"

const text = (max: number) => Schema.String.pipe(Schema.maxLength(max))
const id = text(5000)

/**
 * A price created on the fly for one line item.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PriceData = Schema.Struct({
  currency: S.Currency,
  product: Schema.optional(id),
  product_data: Schema.optional(
    Schema.Struct({
      name: Schema.NonEmptyString.pipe(Schema.maxLength(5000)),
      description: Schema.optional(text(40000)),
      images: Schema.optional(Schema.Array(Schema.String)),
      metadata: Schema.optional(S.MetadataHash),
      tax_code: Schema.optional(id)
    })
  ),
  recurring: Schema.optional(
    Schema.Struct({
      interval: Schema.Literal("day", "month", "week", "year"),
      interval_count: Schema.optional(Schema.Int.pipe(Schema.positive()))
    })
  ),
  tax_behavior: Schema.optional(Schema.Literal("exclusive", "inclusive", "unspecified")),
  unit_amount: Schema.optional(Schema.Int.pipe(Schema.nonNegative()))
}).pipe(
  Schema.filter((price) => price.product !== undefined || price.product_data !== undefined || "give product or product_data")
)

/**
 * One line of a Checkout session: an existing `price`, or `price_data`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const LineItem = Schema.Struct({
  price: Schema.optional(id),
  price_data: Schema.optional(PriceData),
  quantity: Schema.optional(Schema.Int.pipe(Schema.positive())),
  adjustable_quantity: Schema.optional(
    Schema.Struct({
      enabled: Schema.Boolean,
      maximum: Schema.optional(Schema.Int.pipe(Schema.positive())),
      minimum: Schema.optional(Schema.Int.pipe(Schema.nonNegative()))
    })
  ),
  tax_rates: Schema.optional(Schema.Array(id))
}).pipe(
  Schema.filter((item) =>
    (item.price === undefined) !== (item.price_data === undefined) || "give exactly one of price or price_data"
  )
)

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CreateParams = Schema.Struct({
  success_url: Schema.NonEmptyString.pipe(Schema.maxLength(5000)),
  cancel_url: Schema.optional(text(5000)),
  mode: Schema.optional(Schema.Literal("payment", "setup", "subscription")),
  line_items: Schema.optional(Schema.Array(LineItem)),
  allow_promotion_codes: Schema.optional(Schema.Boolean),
  automatic_tax: Schema.optional(Schema.Struct({ enabled: Schema.Boolean })),
  billing_address_collection: Schema.optional(Schema.Literal("auto", "required")),
  client_reference_id: Schema.optional(text(200)),
  currency: Schema.optional(S.Currency),
  customer: Schema.optional(id),
  customer_creation: Schema.optional(Schema.Literal("always", "if_required")),
  customer_email: Schema.optional(Schema.String),
  discounts: Schema.optional(
    Schema.Array(Schema.Struct({ coupon: Schema.optional(id), promotion_code: Schema.optional(id) }))
  ),
  expand: Schema.optional(S.Expand),
  expires_at: Schema.optional(S.Timestamp),
  locale: Schema.optional(Schema.String.pipe(Schema.pattern(/^(auto|[a-z]{2,3}(-[A-Za-z0-9]{2,3})?)$/))),
  metadata: Schema.optional(S.MetadataHash),
  payment_intent_data: Schema.optional(
    Schema.Struct({
      capture_method: Schema.optional(Schema.Literal("automatic", "automatic_async", "manual")),
      description: Schema.optional(text(1000)),
      metadata: Schema.optional(S.MetadataHash),
      receipt_email: Schema.optional(Schema.String),
      setup_future_usage: Schema.optional(Schema.Literal("off_session", "on_session")),
      statement_descriptor: Schema.optional(text(22)),
      statement_descriptor_suffix: Schema.optional(text(22)),
      transfer_group: Schema.optional(Schema.String)
    })
  ),
  payment_method_types: Schema.optional(Schema.Array(Schema.String)),
  phone_number_collection: Schema.optional(Schema.Struct({ enabled: Schema.Boolean })),
  submit_type: Schema.optional(Schema.Literal("auto", "book", "donate", "pay")),
  subscription_data: Schema.optional(
    Schema.Struct({
      description: Schema.optional(text(500)),
      metadata: Schema.optional(S.MetadataHash),
      trial_end: Schema.optional(S.Timestamp),
      trial_period_days: Schema.optional(Schema.Int.pipe(Schema.positive()))
    })
  )
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
export const RetrieveParams = Schema.Struct({ expand: Schema.optional(S.Expand) })

/**
 * @since 0.1.0
 * @category Models
 */
export interface RetrieveParams extends Schema.Schema.Type<typeof RetrieveParams> {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly create: VendorClient.Method<CreateParams, S.CheckoutSession, CallOptions>
  readonly retrieve: (
    id: string,
    params?: RetrieveParams,
    options?: CallOptions
  ) => Effect.Effect<S.CheckoutSession, IntegrationError>
}

/**
 * Declares the Checkout session operations on a Stripe pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "checkout.sessions.create",
    method: "POST",
    input: CreateParams,
    output: S.CheckoutSession,
    request: (params) => ({ path: "/v1/checkout/sessions", body: Op.form(params) })
  })
  const retrieve = http.operation({
    name: "checkout.sessions.retrieve",
    method: "GET",
    input: Schema.Struct({ id: S.ObjectId, params: RetrieveParams }),
    output: S.CheckoutSession,
    request: ({ id, params }) => ({ path: VendorClient.path`/v1/checkout/sessions/${id}`, query: Op.query(params) })
  })
  return {
    create: (params, options) => Op.call(create, params, options),
    retrieve: (id, params = {}, options) => Op.call(retrieve, { id, params }, options)
  }
}
