/**
 * Stripe refunds: refund a payment intent or a charge, in full or in part. Keyed like every POST, so a retried refund
 * never refunds twice.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import type { CallOptions } from "../StripeClient.js"
import * as S from "../StripeSchemas.js"

const id = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(5000))

/**
 * What to refund: a `payment_intent` or a `charge` (or, with `origin: "customer_balance"`, a `customer`'s balance).
 * Without `amount`, everything not yet refunded.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateParams = Schema.Struct({
  payment_intent: Schema.optional(id),
  charge: Schema.optional(id),
  customer: Schema.optional(id),
  amount: Schema.optional(Schema.Int.pipe(Schema.positive())),
  currency: Schema.optional(S.Currency),
  expand: Schema.optional(S.Expand),
  instructions_email: Schema.optional(Schema.String),
  metadata: Schema.optional(S.MetadataParam),
  origin: Schema.optional(Schema.Literal("customer_balance")),
  reason: Schema.optional(Schema.Literal("duplicate", "fraudulent", "requested_by_customer")),
  refund_application_fee: Schema.optional(Schema.Boolean),
  reverse_transfer: Schema.optional(Schema.Boolean)
}).pipe(
  Schema.filter((params) =>
    params.payment_intent !== undefined || params.charge !== undefined || params.customer !== undefined ||
    "give payment_intent, charge or customer"
  )
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateParams extends Schema.Schema.Type<typeof CreateParams> {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly create: VendorClient.Method<CreateParams, S.Refund, CallOptions>
}

/**
 * Declares the refund operations on a Stripe pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "refunds.create",
    method: "POST",
    input: CreateParams,
    output: S.Refund,
    request: (params) => ({ path: "/v1/refunds", body: Op.form(params) })
  })
  return { create: (params, options) => Op.call(create, params, options) }
}
