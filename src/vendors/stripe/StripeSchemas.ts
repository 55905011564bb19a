/**
 * Stripe's API objects as Schemas, with the field names of Stripe's OpenAPI spec (API version 2023-08-16). Identity,
 * amounts and object tags are strict; status-like enums are open (a value Stripe adds later still decodes) and nested
 * structures this SDK does not interpret are kept as plain records, so newer API versions decode too.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as VendorClient from "../../core/VendorClient.js"

// ---------------------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A string enum that may grow: the known values are suggested by the type, any other string still decodes.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OpenLiteral = <const Values extends ReadonlyArray<string>>(
  ...values: Values
): Schema.Schema<Values[number] | (string & {}), string> =>
  Schema.String.annotations({ description: `known values: ${values.join(", ")}; others Stripe adds later decode too` }) as
    Schema.Schema<Values[number] | (string & {}), string>

/**
 * An object Stripe returns that this SDK keeps as is.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AnyObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * A Stripe object id (`cus_...`, `pi_...`) as given to an operation. It becomes a path segment, percent-encoded; `.`
 * and `..` are refused because no encoding keeps a URL from resolving them (`/v1/customers/..` is `/v1/`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ObjectId = VendorClient.PathSegment(5000, "an object id, not a relative path segment")

/**
 * Unix time in seconds.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Timestamp = Schema.Int

/**
 * A three-letter ISO currency code (`usd`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Currency = Schema.String.pipe(Schema.pattern(/^[A-Za-z]{3}$/, { message: () => "a three-letter ISO currency code" }))

/**
 * Metadata as Stripe returns it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Metadata = Schema.Record({ key: Schema.String, value: Schema.String })

/**
 * Metadata as a parameter: up to 50 keys of at most 40 characters, values of at most 500; a key set to `""` is removed.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MetadataHash = Schema.Record({ key: Schema.String, value: Schema.String.pipe(Schema.maxLength(500)) }).pipe(
  // Checked on the whole record: a refined key schema would silently drop a key that fails it instead of failing.
  Schema.filter((record) => {
    const keys = Object.keys(record)
    if (keys.length > 50) return "at most 50 metadata keys"
    return keys.every((key) => key.length >= 1 && key.length <= 40) || "metadata keys must be 1 to 40 characters"
  })
)

/**
 * Metadata where the operation also accepts `""` for the whole hash, which removes every key.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MetadataParam = Schema.Union(MetadataHash, Schema.Literal(""))

/**
 * Fields to expand in the response (`expand[0]=customer`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Expand = Schema.Array(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(5000)))

/**
 * A page size for list endpoints: 1 to 100.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Limit = Schema.Int.pipe(Schema.between(1, 100))

/**
 * A range filter on a timestamp (`created[gte]=...`) or an exact value.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const RangeQuery = Schema.Union(
  Timestamp,
  Schema.Struct({
    gt: Schema.optional(Timestamp),
    gte: Schema.optional(Timestamp),
    lt: Schema.optional(Timestamp),
    lte: Schema.optional(Timestamp)
  })
)

/**
 * A field that is an id, or the object itself when expanded.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Expandable = <A, I>(object: Schema.Schema<A, I>) => Schema.Union(Schema.String, object)

/**
 * One page of a list endpoint.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const List = <A, I>(item: Schema.Schema<A, I>) =>
  Schema.Struct({
    object: Schema.Literal("list"),
    data: Schema.Array(item),
    has_more: Schema.Boolean,
    url: Schema.String
  })

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListPage<A> {
  readonly object: "list"
  readonly data: ReadonlyArray<A>
  readonly has_more: boolean
  readonly url: string
}

const optionalNullable = <A, I>(schema: Schema.Schema<A, I>) => Schema.optional(Schema.NullOr(schema))

// ---------------------------------------------------------------------------------------------------------------------
// Shared objects
// ---------------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Address = Schema.Struct({
  city: optionalNullable(Schema.String),
  country: optionalNullable(Schema.String),
  line1: optionalNullable(Schema.String),
  line2: optionalNullable(Schema.String),
  postal_code: optionalNullable(Schema.String),
  state: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Address extends Schema.Schema.Type<typeof Address> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Shipping = Schema.Struct({
  address: Schema.optional(Address),
  carrier: optionalNullable(Schema.String),
  name: Schema.optional(Schema.String),
  phone: optionalNullable(Schema.String),
  tracking_number: optionalNullable(Schema.String)
})

/**
 * Stripe's error object (`{ error: {...} }` in failed responses, `last_payment_error` on payment intents).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ApiError = Schema.Struct({
  type: OpenLiteral("api_error", "card_error", "idempotency_error", "invalid_request_error"),
  code: Schema.optional(Schema.String),
  decline_code: Schema.optional(Schema.String),
  param: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String),
  doc_url: Schema.optional(Schema.String),
  charge: Schema.optional(Schema.String),
  payment_method_type: Schema.optional(Schema.String),
  request_log_url: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ApiError extends Schema.Schema.Type<typeof ApiError> {}

/**
 * The body of a failed response.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ErrorResponse = Schema.Struct({ error: ApiError })

// ---------------------------------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Customer = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("customer"),
  created: Timestamp,
  livemode: Schema.Boolean,
  address: optionalNullable(Address),
  balance: Schema.optional(Schema.Int),
  currency: optionalNullable(Schema.String),
  default_source: optionalNullable(Expandable(AnyObject)),
  delinquent: optionalNullable(Schema.Boolean),
  description: optionalNullable(Schema.String),
  email: optionalNullable(Schema.String),
  invoice_prefix: optionalNullable(Schema.String),
  invoice_settings: Schema.optional(AnyObject),
  metadata: Schema.optional(Metadata),
  name: optionalNullable(Schema.String),
  next_invoice_sequence: Schema.optional(Schema.Int),
  phone: optionalNullable(Schema.String),
  preferred_locales: optionalNullable(Schema.Array(Schema.String)),
  shipping: optionalNullable(Shipping),
  tax_exempt: optionalNullable(OpenLiteral("exempt", "none", "reverse")),
  test_clock: optionalNullable(Expandable(AnyObject))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Customer extends Schema.Schema.Type<typeof Customer> {}

/**
 * What Stripe returns for a customer that was deleted.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DeletedCustomer = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("customer"),
  deleted: Schema.Literal(true)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface DeletedCustomer extends Schema.Schema.Type<typeof DeletedCustomer> {}

/**
 * A customer field that may hold an id, the customer, or a deleted customer.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CustomerRef = Schema.Union(Schema.String, DeletedCustomer, Customer)

/**
 * @since 0.1.0
 * @category Guards
 */
export const isDeletedCustomer = (customer: Customer | DeletedCustomer): customer is DeletedCustomer =>
  "deleted" in customer && customer.deleted === true

// ---------------------------------------------------------------------------------------------------------------------
// Prices and subscriptions
// ---------------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Price = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("price"),
  active: Schema.Boolean,
  currency: Schema.String,
  created: Timestamp,
  livemode: Schema.Boolean,
  product: Expandable(AnyObject),
  type: OpenLiteral("one_time", "recurring"),
  unit_amount: optionalNullable(Schema.Int),
  lookup_key: optionalNullable(Schema.String),
  nickname: optionalNullable(Schema.String),
  recurring: optionalNullable(Schema.Struct({ interval: OpenLiteral("day", "week", "month", "year"), interval_count: Schema.Int })),
  metadata: Schema.optional(Metadata)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Price extends Schema.Schema.Type<typeof Price> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const SubscriptionItem = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("subscription_item"),
  created: Timestamp,
  price: Price,
  quantity: Schema.optional(Schema.Int),
  subscription: Schema.String,
  metadata: Schema.optional(Metadata),
  // Per item since API version 2025-03-31; on the subscription before.
  current_period_start: Schema.optional(Timestamp),
  current_period_end: Schema.optional(Timestamp)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface SubscriptionItem extends Schema.Schema.Type<typeof SubscriptionItem> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Subscription = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("subscription"),
  created: Timestamp,
  livemode: Schema.Boolean,
  customer: CustomerRef,
  status: OpenLiteral("active", "canceled", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"),
  items: List(SubscriptionItem),
  currency: Schema.String,
  cancel_at_period_end: Schema.Boolean,
  collection_method: OpenLiteral("charge_automatically", "send_invoice"),
  start_date: Timestamp,
  billing_cycle_anchor: Timestamp,
  metadata: Schema.optional(Metadata),
  current_period_start: Schema.optional(Timestamp),
  current_period_end: Schema.optional(Timestamp),
  cancel_at: optionalNullable(Timestamp),
  canceled_at: optionalNullable(Timestamp),
  ended_at: optionalNullable(Timestamp),
  trial_start: optionalNullable(Timestamp),
  trial_end: optionalNullable(Timestamp),
  days_until_due: optionalNullable(Schema.Int),
  description: optionalNullable(Schema.String),
  default_payment_method: optionalNullable(Expandable(AnyObject)),
  latest_invoice: optionalNullable(Expandable(AnyObject)),
  cancellation_details: optionalNullable(
    Schema.Struct({
      comment: optionalNullable(Schema.String),
      feedback: optionalNullable(Schema.String),
      reason: optionalNullable(Schema.String)
    })
  ),
  pause_collection: optionalNullable(AnyObject)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Subscription extends Schema.Schema.Type<typeof Subscription> {}

// ---------------------------------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category Schemas
 */
export const PaymentIntent = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("payment_intent"),
  amount: Schema.Int,
  currency: Schema.String,
  created: Timestamp,
  livemode: Schema.Boolean,
  status: OpenLiteral(
    "canceled",
    "processing",
    "requires_action",
    "requires_capture",
    "requires_confirmation",
    "requires_payment_method",
    "succeeded"
  ),
  capture_method: OpenLiteral("automatic", "automatic_async", "manual"),
  confirmation_method: OpenLiteral("automatic", "manual"),
  payment_method_types: Schema.Array(Schema.String),
  amount_capturable: Schema.optional(Schema.Int),
  amount_received: Schema.optional(Schema.Int),
  application_fee_amount: optionalNullable(Schema.Int),
  canceled_at: optionalNullable(Timestamp),
  cancellation_reason: optionalNullable(Schema.String),
  client_secret: optionalNullable(Schema.String),
  customer: optionalNullable(CustomerRef),
  description: optionalNullable(Schema.String),
  invoice: optionalNullable(Expandable(AnyObject)),
  last_payment_error: optionalNullable(ApiError),
  latest_charge: optionalNullable(Expandable(AnyObject)),
  metadata: Schema.optional(Metadata),
  next_action: optionalNullable(AnyObject),
  on_behalf_of: optionalNullable(Expandable(AnyObject)),
  payment_method: optionalNullable(Expandable(AnyObject)),
  receipt_email: optionalNullable(Schema.String),
  setup_future_usage: optionalNullable(Schema.String),
  shipping: optionalNullable(Shipping),
  statement_descriptor: optionalNullable(Schema.String),
  statement_descriptor_suffix: optionalNullable(Schema.String),
  transfer_group: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface PaymentIntent extends Schema.Schema.Type<typeof PaymentIntent> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Refund = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("refund"),
  amount: Schema.Int,
  currency: Schema.String,
  created: Timestamp,
  status: optionalNullable(OpenLiteral("pending", "requires_action", "succeeded", "failed", "canceled")),
  charge: optionalNullable(Expandable(AnyObject)),
  payment_intent: optionalNullable(Expandable(AnyObject)),
  reason: optionalNullable(OpenLiteral("duplicate", "expired_uncaptured_charge", "fraudulent", "requested_by_customer")),
  failure_reason: Schema.optional(Schema.String),
  receipt_number: optionalNullable(Schema.String),
  description: Schema.optional(Schema.String),
  metadata: optionalNullable(Metadata)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Refund extends Schema.Schema.Type<typeof Refund> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Charge = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("charge"),
  amount: Schema.Int,
  amount_captured: Schema.Int,
  amount_refunded: Schema.Int,
  currency: Schema.String,
  created: Timestamp,
  livemode: Schema.Boolean,
  paid: Schema.Boolean,
  captured: Schema.Boolean,
  refunded: Schema.Boolean,
  disputed: Schema.Boolean,
  status: OpenLiteral("failed", "pending", "succeeded"),
  customer: optionalNullable(CustomerRef),
  description: optionalNullable(Schema.String),
  failure_code: optionalNullable(Schema.String),
  invoice: optionalNullable(Expandable(AnyObject)),
  metadata: Schema.optional(Metadata),
  outcome: optionalNullable(AnyObject),
  payment_intent: optionalNullable(Expandable(AnyObject)),
  payment_method: optionalNullable(Schema.String),
  receipt_url: optionalNullable(Schema.String),
  refunds: optionalNullable(List(Refund))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Charge extends Schema.Schema.Type<typeof Charge> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Invoice = Schema.Struct({
  // Absent only on upcoming-invoice previews.
  id: Schema.optional(Schema.String),
  object: Schema.Literal("invoice"),
  created: Timestamp,
  livemode: Schema.Boolean,
  currency: Schema.String,
  amount_due: Schema.Int,
  amount_paid: Schema.Int,
  amount_remaining: Schema.Int,
  status: optionalNullable(OpenLiteral("draft", "open", "paid", "uncollectible", "void")),
  customer: optionalNullable(CustomerRef),
  // Moved under `parent.subscription_details` in API version 2025-03-31.
  subscription: optionalNullable(Expandable(AnyObject)),
  billing_reason: optionalNullable(Schema.String),
  collection_method: Schema.optional(OpenLiteral("charge_automatically", "send_invoice")),
  attempt_count: Schema.optional(Schema.Int),
  number: optionalNullable(Schema.String),
  hosted_invoice_url: optionalNullable(Schema.String),
  invoice_pdf: optionalNullable(Schema.String),
  period_start: Schema.optional(Timestamp),
  period_end: Schema.optional(Timestamp),
  total: Schema.optional(Schema.Int),
  metadata: optionalNullable(Metadata)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Invoice extends Schema.Schema.Type<typeof Invoice> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CheckoutSession = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("checkout.session"),
  created: Timestamp,
  expires_at: Timestamp,
  livemode: Schema.Boolean,
  mode: OpenLiteral("payment", "setup", "subscription"),
  payment_status: OpenLiteral("no_payment_required", "paid", "unpaid"),
  payment_method_types: Schema.Array(Schema.String),
  status: optionalNullable(OpenLiteral("complete", "expired", "open")),
  url: optionalNullable(Schema.String),
  success_url: optionalNullable(Schema.String),
  cancel_url: optionalNullable(Schema.String),
  client_reference_id: optionalNullable(Schema.String),
  currency: optionalNullable(Schema.String),
  amount_subtotal: optionalNullable(Schema.Int),
  amount_total: optionalNullable(Schema.Int),
  customer: optionalNullable(CustomerRef),
  customer_email: optionalNullable(Schema.String),
  customer_details: optionalNullable(
    Schema.Struct({
      address: optionalNullable(Address),
      email: optionalNullable(Schema.String),
      name: optionalNullable(Schema.String),
      phone: optionalNullable(Schema.String)
    })
  ),
  invoice: optionalNullable(Expandable(AnyObject)),
  line_items: Schema.optional(List(AnyObject)),
  metadata: optionalNullable(Metadata),
  payment_intent: optionalNullable(Expandable(PaymentIntent)),
  subscription: optionalNullable(Expandable(Subscription))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CheckoutSession extends Schema.Schema.Type<typeof CheckoutSession> {}

// ---------------------------------------------------------------------------------------------------------------------
// Balance
// ---------------------------------------------------------------------------------------------------------------------

const Funds = Schema.Struct({
  amount: Schema.Int,
  currency: Schema.String,
  source_types: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Int }))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Balance = Schema.Struct({
  object: Schema.Literal("balance"),
  livemode: Schema.Boolean,
  available: Schema.Array(Funds),
  pending: Schema.Array(Funds)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Balance extends Schema.Schema.Type<typeof Balance> {}
