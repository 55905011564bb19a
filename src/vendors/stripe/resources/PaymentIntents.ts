/**
 * Stripe payment intents: create, retrieve, confirm and cancel. Every POST carries an idempotency key, so a create
 * retried after a timeout never charges twice.
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

const OffSession = Schema.Union(Schema.Boolean, Schema.Literal("one_off", "recurring"))
const CaptureMethod = Schema.Literal("automatic", "automatic_async", "manual")
const StatementDescriptor = text(22)

const sharedFields = {
  capture_method: Schema.optional(CaptureMethod),
  error_on_requires_action: Schema.optional(Schema.Boolean),
  expand: Schema.optional(S.Expand),
  mandate: Schema.optional(id),
  off_session: Schema.optional(OffSession),
  payment_method: Schema.optional(id),
  payment_method_types: Schema.optional(Schema.Array(id)),
  return_url: Schema.optional(Schema.String)
}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CreateParams = Schema.Struct({
  ...sharedFields,
  /** In the smallest currency unit (cents), positive. */
  amount: Schema.Int.pipe(Schema.positive()),
  currency: S.Currency,
  application_fee_amount: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  automatic_payment_methods: Schema.optional(
    Schema.Struct({ enabled: Schema.Boolean, allow_redirects: Schema.optional(Schema.Literal("always", "never")) })
  ),
  confirm: Schema.optional(Schema.Boolean),
  confirmation_method: Schema.optional(Schema.Literal("automatic", "manual")),
  customer: Schema.optional(id),
  description: Schema.optional(text(1000)),
  metadata: Schema.optional(S.MetadataHash),
  on_behalf_of: Schema.optional(Schema.String),
  receipt_email: Schema.optional(Schema.String),
  setup_future_usage: Schema.optional(Schema.Literal("off_session", "on_session")),
  statement_descriptor: Schema.optional(StatementDescriptor),
  statement_descriptor_suffix: Schema.optional(StatementDescriptor),
  transfer_data: Schema.optional(
    Schema.Struct({ destination: Schema.NonEmptyString, amount: Schema.optional(Schema.Int.pipe(Schema.nonNegative())) })
  ),
  transfer_group: Schema.optional(Schema.String)
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
export const RetrieveParams = Schema.Struct({
  /** Only needed with a publishable key. */
  client_secret: Schema.optional(text(5000)),
  expand: Schema.optional(S.Expand)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface RetrieveParams extends Schema.Schema.Type<typeof RetrieveParams> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ConfirmParams = Schema.Struct({
  ...sharedFields,
  receipt_email: Schema.optional(Schema.String),
  setup_future_usage: Schema.optional(Schema.Literal("", "off_session", "on_session"))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ConfirmParams extends Schema.Schema.Type<typeof ConfirmParams> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CancelParams = Schema.Struct({
  cancellation_reason: Schema.optional(Schema.Literal("abandoned", "duplicate", "fraudulent", "requested_by_customer")),
  expand: Schema.optional(S.Expand)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CancelParams extends Schema.Schema.Type<typeof CancelParams> {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly create: VendorClient.Method<CreateParams, S.PaymentIntent, CallOptions>
  readonly retrieve: (
    id: string,
    params?: RetrieveParams,
    options?: CallOptions
  ) => Effect.Effect<S.PaymentIntent, IntegrationError>
  readonly confirm: (
    id: string,
    params?: ConfirmParams,
    options?: CallOptions
  ) => Effect.Effect<S.PaymentIntent, IntegrationError>
  readonly cancel: (
    id: string,
    params?: CancelParams,
    options?: CallOptions
  ) => Effect.Effect<S.PaymentIntent, IntegrationError>
}

/**
 * Declares the payment intent operations on a Stripe pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "paymentIntents.create",
    method: "POST",
    input: CreateParams,
    output: S.PaymentIntent,
    request: (params) => ({ path: "/v1/payment_intents", body: Op.form(params) })
  })
  const retrieve = http.operation({
    name: "paymentIntents.retrieve",
    method: "GET",
    input: Schema.Struct({ id: S.ObjectId, params: RetrieveParams }),
    output: S.PaymentIntent,
    request: ({ id, params }) => ({ path: VendorClient.path`/v1/payment_intents/${id}`, query: Op.query(params) })
  })
  const confirm = http.operation({
    name: "paymentIntents.confirm",
    method: "POST",
    input: Schema.Struct({ id: S.ObjectId, params: ConfirmParams }),
    output: S.PaymentIntent,
    request: ({ id, params }) => ({ path: VendorClient.path`/v1/payment_intents/${id}/confirm`, body: Op.form(params) })
  })
  const cancel = http.operation({
    name: "paymentIntents.cancel",
    method: "POST",
    input: Schema.Struct({ id: S.ObjectId, params: CancelParams }),
    output: S.PaymentIntent,
    request: ({ id, params }) => ({ path: VendorClient.path`/v1/payment_intents/${id}/cancel`, body: Op.form(params) })
  })
  return {
    create: (params, options) => Op.call(create, params, options),
    retrieve: (id, params = {}, options) => Op.call(retrieve, { id, params }, options),
    confirm: (id, params = {}, options) => Op.call(confirm, { id, params }, options),
    cancel: (id, params = {}, options) => Op.call(cancel, { id, params }, options)
  }
}
