/**
 * Stripe (API version 2023-08-16): customers, payment intents, Checkout sessions, subscriptions and refunds over
 * form-encoded requests, with Stripe's idempotency (replay with `Idempotent-Replayed`, 400 on reuse with other
 * parameters), `Request-Id` on every answer, its error bodies and its list pagination.
 *
 * Test payment methods behave as in Stripe's test mode: `pm_card_visa` (and any other id) succeeds,
 * `pm_card_chargeDeclined`, `pm_card_chargeDeclinedInsufficientFunds`, `pm_card_chargeDeclinedExpiredCard` decline with
 * a 402, `pm_card_authenticationRequired` needs a 3-D Secure redirect.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { basic, bearer, bodyText, canonical, decodeForm, header, json, maskKey, unixSeconds, withHeaders } from "./http.js"
import type { Shared, VendorModule } from "./state.js"
import type { StripeObject } from "./stripeResources.js"
import {
  address,
  apiVersion,
  fail,
  invalid,
  isError,
  listPage,
  missing,
  Params,
  price,
  priceFromData,
  shipping,
  str
} from "./stripeResources.js"

/** Parameter names, as the spec lists them for each operation. */
const words = (list: string): ReadonlyArray<string> => list.split(" ")

const customerParams = words(
  "address balance cash_balance coupon description email expand invoice_prefix invoice_settings " +
  "metadata name next_invoice_sequence payment_method phone preferred_locales promotion_code shipping " +
  "source tax tax_exempt tax_id_data test_clock"
)

const paymentIntentParams = words(
  "amount application_fee_amount automatic_payment_methods capture_method confirm confirmation_method " +
  "currency customer description error_on_requires_action expand mandate mandate_data metadata " +
  "off_session on_behalf_of payment_method payment_method_data payment_method_options " +
  "payment_method_types radar_options receipt_email return_url setup_future_usage shipping " +
  "statement_descriptor statement_descriptor_suffix transfer_data transfer_group use_stripe_sdk"
)

const confirmParams = words(
  "capture_method client_secret error_on_requires_action expand mandate mandate_data off_session " +
  "payment_method payment_method_data payment_method_options payment_method_types radar_options " +
  "receipt_email return_url setup_future_usage shipping use_stripe_sdk"
)

const sessionParams = words(
  "after_expiration allow_promotion_codes automatic_tax billing_address_collection cancel_url " +
  "client_reference_id consent_collection currency custom_fields custom_text customer customer_creation " +
  "customer_email customer_update discounts expand expires_at invoice_creation line_items locale " +
  "metadata mode payment_intent_data payment_method_collection payment_method_options " +
  "payment_method_types phone_number_collection setup_intent_data shipping_address_collection " +
  "shipping_options submit_type subscription_data success_url tax_id_collection"
)

const subscriptionParams = words(
  "add_invoice_items application_fee_percent automatic_tax backdate_start_date billing_cycle_anchor " +
  "billing_thresholds cancel_at cancel_at_period_end collection_method coupon currency customer " +
  "days_until_due default_payment_method default_source default_tax_rates description expand items " +
  "metadata off_session on_behalf_of payment_behavior payment_settings pending_invoice_item_interval " +
  "promotion_code proration_behavior transfer_data trial_end trial_from_plan trial_period_days " +
  "trial_settings"
)

const subscriptionUpdateParams = [
  ...subscriptionParams.filter((p) =>
    !["backdate_start_date", "currency", "customer", "trial_period_days"].includes(p)
  ),
  "cancellation_details",
  "pause_collection",
  "proration_date"
]

const refundParams = words(
  "amount charge currency customer expand instructions_email metadata origin payment_intent reason " +
  "refund_application_fee reverse_transfer"
)

const cancelableIntent = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"]
const confirmableIntent = ["requires_payment_method", "requires_confirmation", "requires_action"]
const thirtyDays = 30 * 24 * 60 * 60

/** @internal */
export const make = (shared: Shared): VendorModule<"stripe"> => {
  const customers = new Map<string, StripeObject>()
  const intents = new Map<string, StripeObject>()
  const sessions = new Map<string, StripeObject>()
  const subscriptions = new Map<string, StripeObject>()
  const refunded = new Map<string, number>()

  const newestFirst = (objects: Iterable<StripeObject>) => [...objects].reverse()
  const query = (request: SimRequest) => decodeForm(request.query.toString())

  const form = (request: SimRequest) =>
    new Params(request, request.method === "GET" ? query(request) : decodeForm(bodyText(request)))

  const authenticate = (request: SimRequest): SimResponse | undefined => {
    const key = bearer(request) ?? basic(request)?.user
    const accepted = shared.keys("stripe")
    const unauthorized = (message: string) =>
      withHeaders(fail(request, 401, { type: "invalid_request_error", message }), { "www-authenticate": "Basic realm=\"Stripe\"" })
    if (key === undefined || key === "") {
      return unauthorized(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
      )
    }
    const ok = accepted === undefined ? /^(sk|rk)_test_/.test(key) : accepted.includes(key)
    return ok ? undefined : unauthorized(`Invalid API Key provided: ${maskKey(key, 8)}`)
  }

  const customer = (request: SimRequest): SimResponse => {
    const p = form(request)
    const problem = p.unknown(customerParams)
    if (problem !== undefined) return problem
    const balance = p.int("balance")
    if (isError(balance)) return balance
    const metadata = p.metadata()
    if (isError(metadata)) return metadata
    const id = shared.id("cus_", 14)
    const invoiceSettings = p.object("invoice_settings")
    const object: StripeObject = {
      id,
      object: "customer",
      address: address(p.values.address),
      balance: balance ?? 0,
      created: unixSeconds(request.now),
      currency: null,
      default_source: null,
      delinquent: false,
      description: p.string("description") ?? null,
      discount: null,
      email: p.string("email") ?? null,
      invoice_prefix: p.string("invoice_prefix") ?? shared.id("", 8, "0123456789ABCDEF"),
      invoice_settings: {
        custom_fields: null,
        default_payment_method: str(invoiceSettings?.default_payment_method) ?? null,
        footer: str(invoiceSettings?.footer) ?? null,
        rendering_options: null
      },
      livemode: false,
      metadata,
      name: p.string("name") ?? null,
      next_invoice_sequence: 1,
      phone: p.string("phone") ?? null,
      preferred_locales: (p.list("preferred_locales") ?? []).filter((l) => typeof l === "string"),
      shipping: shipping(p.values.shipping),
      tax_exempt: p.string("tax_exempt") ?? "none",
      test_clock: null
    }
    customers.set(id, object)
    shared.commit(request, "customer.created", id)
    return json(200, object)
  }

  const updateCustomer = (request: SimRequest): SimResponse => {
    const id = request.params.customer!
    const current = customers.get(id)
    if (current === undefined) return missing(request, "customer", id)
    const p = form(request)
    const problem = p.unknown([...customerParams.filter((k) => k !== "payment_method" && k !== "tax_id_data" && k !== "test_clock"), "default_source"])
    if (problem !== undefined) return problem
    const balance = p.int("balance")
    if (isError(balance)) return balance
    const metadata = p.metadata(current.metadata as Record<string, string>)
    if (isError(metadata)) return metadata
    const patch: StripeObject = { metadata }
    for (const key of ["description", "email", "name", "phone", "invoice_prefix", "tax_exempt"]) {
      if (p.values[key] !== undefined) patch[key] = p.string(key) ?? null
    }
    if (balance !== undefined) patch.balance = balance
    if (p.values.address !== undefined) patch.address = address(p.values.address)
    if (p.values.shipping !== undefined) patch.shipping = shipping(p.values.shipping)
    const updated = { ...current, ...patch }
    customers.set(id, updated)
    shared.commit(request, "customer.updated", id)
    return json(200, updated)
  }

  /** Confirms an intent with a test payment method: the outcome depends on the method's name, as in test mode. */
  const confirmIntent = (request: SimRequest, intent: StripeObject, paymentMethod: string, returnUrl: string | undefined) => {
    const charge = shared.id("ch_", 24)
    const base = { ...intent, payment_method: paymentMethod, latest_charge: charge }
    const declined = /Declined/i.test(paymentMethod)
    if (declined) {
      const declineCode = /InsufficientFunds/.test(paymentMethod)
        ? "insufficient_funds"
        : /ExpiredCard/.test(paymentMethod)
        ? undefined
        : "generic_decline"
      const code = /ExpiredCard/.test(paymentMethod) ? "expired_card" : "card_declined"
      const message = code === "expired_card" ? "Your card has expired." : declineCode === "insufficient_funds" ? "Your card has insufficient funds." : "Your card was declined."
      const error = {
        type: "card_error" as const,
        code,
        decline_code: declineCode,
        message
      }
      const failed = {
        ...base,
        status: "requires_payment_method",
        payment_method: null,
        last_payment_error: {
          code,
          ...(declineCode === undefined ? {} : { decline_code: declineCode }),
          doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`,
          message,
          type: "card_error"
        }
      }
      intents.set(intent.id as string, failed)
      shared.commit(request, "charge.failed", charge)
      return fail(request, 402, { ...error, payment_intent: failed })
    }
    if (/authenticationRequired|threeDSecure/i.test(paymentMethod)) {
      const next = {
        ...base,
        status: "requires_action",
        latest_charge: null,
        next_action: {
          type: "redirect_to_url",
          redirect_to_url: {
            return_url: returnUrl ?? null,
            url: `https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=${intent.id as string}`
          }
        }
      }
      intents.set(intent.id as string, next)
      return json(200, next)
    }
    const manual = intent.capture_method === "manual"
    const done = {
      ...base,
      status: manual ? "requires_capture" : "succeeded",
      amount_capturable: manual ? intent.amount : 0,
      amount_received: manual ? 0 : intent.amount,
      last_payment_error: null,
      next_action: null
    }
    intents.set(intent.id as string, done)
    shared.commit(request, manual ? "charge.authorized" : "charge.succeeded", charge)
    return json(200, done)
  }

  const createIntent = (request: SimRequest): SimResponse => {
    const p = form(request)
    const problem = p.unknown(paymentIntentParams) ?? p.required(["amount", "currency"])
    if (problem !== undefined) return problem
    const amount = p.int("amount", { min: 1 })
    if (isError(amount)) return amount
    const confirm = p.bool("confirm")
    if (isError(confirm)) return confirm
    const captureMethod = p.oneOf("capture_method", ["automatic", "automatic_async", "manual"])
    if (isError(captureMethod)) return captureMethod
    const metadata = p.metadata()
    if (isError(metadata)) return metadata
    const customerId = p.string("customer")
    if (customerId !== undefined && !customers.has(customerId)) return missing(request, "customer", customerId, "customer", 400)
    const id = shared.id("pi_", 24)
    const paymentMethod = p.string("payment_method")
    const automatic = p.object("automatic_payment_methods")
    const types = (p.list("payment_method_types") ?? []).filter((t): t is string => typeof t === "string")
    const intent: StripeObject = {
      id,
      object: "payment_intent",
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: str(automatic?.enabled) === "true" ? { allow_redirects: "always", enabled: true } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod ?? "automatic",
      client_secret: `${id}_secret_${shared.id("", 25)}`,
      confirmation_method: p.string("confirmation_method") === "manual" ? "manual" : "automatic",
      created: unixSeconds(request.now),
      currency: p.string("currency")!.toLowerCase(),
      customer: customerId ?? null,
      description: p.string("description") ?? null,
      invoice: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata,
      next_action: null,
      on_behalf_of: null,
      payment_method: paymentMethod ?? null,
      payment_method_options: {
        card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" }
      },
      payment_method_types: types.length > 0 ? types : ["card"],
      processing: null,
      receipt_email: p.string("receipt_email") ?? null,
      review: null,
      setup_future_usage: p.string("setup_future_usage") ?? null,
      shipping: shipping(p.values.shipping),
      statement_descriptor: p.string("statement_descriptor") ?? null,
      statement_descriptor_suffix: p.string("statement_descriptor_suffix") ?? null,
      status: paymentMethod === undefined ? "requires_payment_method" : "requires_confirmation",
      transfer_data: null,
      transfer_group: p.string("transfer_group") ?? null
    }
    intents.set(id, intent)
    shared.commit(request, "payment_intent.created", id)
    if (confirm !== true) return json(200, intent)
    if (paymentMethod === undefined) {
      return invalid(
        request,
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        "payment_method",
        "payment_intent_unexpected_state"
      )
    }
    return confirmIntent(request, intent, paymentMethod, p.string("return_url"))
  }

  const confirm = (request: SimRequest): SimResponse => {
    const id = request.params.intent!
    const intent = intents.get(id)
    if (intent === undefined) return missing(request, "payment_intent", id, "intent")
    const p = form(request)
    const problem = p.unknown(confirmParams)
    if (problem !== undefined) return problem
    if (!confirmableIntent.includes(intent.status as string)) {
      return invalid(
        request,
        `You cannot confirm this PaymentIntent because it has a status of ${intent.status as string}. Only a PaymentIntent with one of the following statuses may be confirmed: ${confirmableIntent.join(", ")}.`,
        undefined,
        "payment_intent_unexpected_state"
      )
    }
    const paymentMethod = p.string("payment_method") ?? (intent.payment_method as string | null) ?? undefined
    if (paymentMethod === undefined) {
      return invalid(
        request,
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        "payment_method",
        "payment_intent_unexpected_state"
      )
    }
    const receipt = p.string("receipt_email")
    return confirmIntent(request, receipt === undefined ? intent : { ...intent, receipt_email: receipt }, paymentMethod, p.string("return_url"))
  }

  const cancelIntent = (request: SimRequest): SimResponse => {
    const id = request.params.intent!
    const intent = intents.get(id)
    if (intent === undefined) return missing(request, "payment_intent", id, "intent")
    const p = form(request)
    const problem = p.unknown(["cancellation_reason", "expand"])
    if (problem !== undefined) return problem
    const reason = p.oneOf("cancellation_reason", ["abandoned", "duplicate", "fraudulent", "requested_by_customer"])
    if (isError(reason)) return reason
    if (!cancelableIntent.includes(intent.status as string)) {
      return invalid(
        request,
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status as string}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancelableIntent.join(", ")}.`,
        undefined,
        "payment_intent_unexpected_state"
      )
    }
    const canceled = {
      ...intent,
      status: "canceled",
      canceled_at: unixSeconds(request.now),
      cancellation_reason: reason ?? null,
      amount_capturable: 0,
      next_action: null
    }
    intents.set(id, canceled)
    shared.commit(request, "payment_intent.canceled", id)
    return json(200, canceled)
  }

  const createSession = (request: SimRequest): SimResponse => {
    const p = form(request)
    const problem = p.unknown(sessionParams) ?? p.required(["mode", "success_url"])
    if (problem !== undefined) return problem
    const mode = p.oneOf("mode", ["payment", "setup", "subscription"])
    if (isError(mode)) return mode
    const metadata = p.metadata()
    if (isError(metadata)) return metadata
    const customerId = p.string("customer")
    if (customerId !== undefined && !customers.has(customerId)) return missing(request, "customer", customerId, "customer", 400)
    const created = unixSeconds(request.now)
    const items = p.list("line_items") ?? []
    if (mode !== "setup" && items.length === 0) {
      return invalid(request, `You must specify either \`line_items\` or \`price\` in \`${mode}\` mode.`, "line_items")
    }
    let subtotal = 0
    let currency = p.string("currency")
    for (const [index, raw] of items.entries()) {
      if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return invalid(request, "Invalid object", `line_items[${index}]`)
      const item = raw as Record<string, string | object>
      const quantity = Number(str(item.quantity as string) ?? "1")
      const priceData = item.price_data
      const unit = typeof priceData === "object" && priceData !== null
        ? priceFromData("price_inline", created, priceData as Record<string, string>)
        : typeof item.price === "string"
        ? price(item.price, created)
        : undefined
      if (unit === undefined) return invalid(request, "You must specify either `price` or `price_data`.", `line_items[${index}]`)
      subtotal += (unit.unit_amount as number) * quantity
      currency ??= unit.currency as string
    }
    const id = `cs_test_${shared.id("", 58)}`
    const customerEmail = p.string("customer_email")
    const methodTypes = (p.list("payment_method_types") ?? []).filter((t) => typeof t === "string")
    const session: StripeObject = {
      id,
      object: "checkout.session",
      after_expiration: null,
      allow_promotion_codes: null,
      amount_subtotal: mode === "setup" ? null : subtotal,
      amount_total: mode === "setup" ? null : subtotal,
      automatic_tax: { enabled: false, status: null },
      billing_address_collection: null,
      cancel_url: p.string("cancel_url") ?? null,
      client_reference_id: p.string("client_reference_id") ?? null,
      consent: null,
      consent_collection: null,
      created,
      currency: currency ?? null,
      currency_conversion: null,
      custom_fields: [],
      custom_text: { shipping_address: null, submit: null },
      customer: customerId ?? null,
      customer_creation: customerId === undefined && mode === "payment" ? "if_required" : null,
      customer_details: customerEmail === undefined
        ? null
        : { address: null, email: customerEmail, name: null, phone: null, tax_exempt: "none", tax_ids: [] },
      customer_email: customerEmail ?? null,
      expires_at: created + 24 * 60 * 60,
      invoice: null,
      invoice_creation: null,
      livemode: false,
      locale: null,
      metadata,
      mode,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: mode === "subscription" ? "always" : null,
      payment_method_options: {},
      payment_method_types: methodTypes.length > 0 ? methodTypes : ["card"],
      payment_status: mode === "setup" ? "no_payment_required" : "unpaid",
      phone_number_collection: { enabled: false },
      recovered_from: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_details: null,
      shipping_options: [],
      status: "open",
      submit_type: null,
      subscription: null,
      success_url: p.string("success_url")!,
      total_details: mode === "setup" ? null : { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      url: `https://checkout.stripe.com/c/pay/${id}`
    }
    sessions.set(id, session)
    shared.commit(request, "checkout.session.created", id)
    return json(200, session)
  }

  const subscriptionItems = (
    request: SimRequest,
    subscriptionId: string,
    raw: ReadonlyArray<unknown>,
    created: number
  ): Array<StripeObject> | SimResponse => {
    const out: Array<StripeObject> = []
    for (const [index, value] of raw.entries()) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return invalid(request, "Invalid object", `items[${index}]`)
      const item = value as Record<string, string | object>
      const quantity = Number(str(item.quantity as string) ?? "1")
      if (!Number.isInteger(quantity) || quantity < 0) return invalid(request, `Invalid integer: ${String(item.quantity)}`, `items[${index}][quantity]`)
      const priceData = item.price_data
      const itemPrice = typeof priceData === "object" && priceData !== null
        ? priceFromData(shared.id("price_", 24), created, { ...priceData as Record<string, string>, recurring: (priceData as Record<string, never>).recurring ?? { interval: "month" } })
        : typeof item.price === "string"
        ? price(item.price, created)
        : undefined
      if (itemPrice === undefined) return invalid(request, "You must specify either `price` or `price_data`.", `items[${index}]`)
      out.push({
        id: shared.id("si_", 14),
        object: "subscription_item",
        billing_thresholds: null,
        created,
        metadata: {},
        price: itemPrice,
        quantity,
        subscription: subscriptionId,
        tax_rates: []
      })
    }
    return out
  }

  const itemList = (id: string, items: ReadonlyArray<StripeObject>) => ({
    object: "list",
    data: items,
    has_more: false,
    total_count: items.length,
    url: `/v1/subscription_items?subscription=${id}`
  })

  const createSubscription = (request: SimRequest): SimResponse => {
    const p = form(request)
    const problem = p.unknown(subscriptionParams) ?? p.required(["customer"])
    if (problem !== undefined) return problem
    const customerId = p.string("customer")!
    if (!customers.has(customerId)) return missing(request, "customer", customerId, "customer", 400)
    const trialDays = p.int("trial_period_days", { min: 0, max: 730 })
    if (isError(trialDays)) return trialDays
    const metadata = p.metadata()
    if (isError(metadata)) return metadata
    const behavior = p.oneOf("payment_behavior", ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"])
    if (isError(behavior)) return behavior
    const raw = p.list("items") ?? []
    if (raw.length === 0) return invalid(request, "Missing required param: items.", "items", "parameter_missing")
    const id = shared.id("sub_", 24)
    const created = unixSeconds(request.now)
    const items = subscriptionItems(request, id, raw, created)
    if (isError(items)) return items
    const trialEnd = trialDays !== undefined && trialDays > 0 ? created + trialDays * 24 * 60 * 60 : null
    const periodEnd = trialEnd ?? created + thirtyDays
    const cancelAtPeriodEnd = p.bool("cancel_at_period_end")
    if (isError(cancelAtPeriodEnd)) return cancelAtPeriodEnd
    const subscription: StripeObject = {
      id,
      object: "subscription",
      application: null,
      application_fee_percent: null,
      automatic_tax: { enabled: false },
      billing_cycle_anchor: periodEnd === trialEnd ? trialEnd : created,
      billing_thresholds: null,
      cancel_at: null,
      cancel_at_period_end: cancelAtPeriodEnd ?? false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, reason: null },
      collection_method: p.string("collection_method") === "send_invoice" ? "send_invoice" : "charge_automatically",
      created,
      currency: (items[0]?.price as StripeObject | undefined)?.currency ?? "usd",
      current_period_end: periodEnd,
      current_period_start: created,
      customer: customerId,
      days_until_due: null,
      default_payment_method: p.string("default_payment_method") ?? null,
      default_source: null,
      default_tax_rates: [],
      description: p.string("description") ?? null,
      discount: null,
      ended_at: null,
      items: itemList(id, items),
      latest_invoice: shared.id("in_", 24),
      livemode: false,
      metadata,
      next_pending_invoice_item_invoice: null,
      on_behalf_of: null,
      pause_collection: null,
      payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
      pending_invoice_item_interval: null,
      pending_setup_intent: null,
      pending_update: null,
      schedule: null,
      start_date: created,
      status: trialEnd !== null ? "trialing" : behavior === "default_incomplete" ? "incomplete" : "active",
      test_clock: null,
      transfer_data: null,
      trial_end: trialEnd,
      trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
      trial_start: trialEnd === null ? null : created
    }
    subscriptions.set(id, subscription)
    shared.commit(request, "subscription.created", id)
    return json(200, subscription)
  }

  const updateSubscription = (request: SimRequest): SimResponse => {
    const id = request.params.subscription_exposed_id!
    const current = subscriptions.get(id)
    if (current === undefined) return missing(request, "subscription", id)
    const p = form(request)
    const problem = p.unknown(subscriptionUpdateParams)
    if (problem !== undefined) return problem
    if (current.status === "canceled" && Object.keys(p.values).some((k) => k !== "cancellation_details" && k !== "expand")) {
      return invalid(request, "A canceled subscription can only update its cancellation_details.", undefined)
    }
    const metadata = p.metadata(current.metadata as Record<string, string>)
    if (isError(metadata)) return metadata
    const cancelAtPeriodEnd = p.bool("cancel_at_period_end")
    if (isError(cancelAtPeriodEnd)) return cancelAtPeriodEnd
    const patch: StripeObject = { metadata }
    if (cancelAtPeriodEnd !== undefined) {
      patch.cancel_at_period_end = cancelAtPeriodEnd
      patch.cancel_at = cancelAtPeriodEnd ? current.current_period_end : null
    }
    for (const key of ["description", "default_payment_method"]) if (p.values[key] !== undefined) patch[key] = p.string(key) ?? null
    const rawItems = p.list("items")
    if (rawItems !== undefined) {
      let items = [...((current.items as { data: Array<StripeObject> }).data)]
      const additions: Array<unknown> = []
      for (const [index, raw] of rawItems.entries()) {
        if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return invalid(request, "Invalid object", `items[${index}]`)
        const item = raw as Record<string, string>
        if (item.id === undefined) {
          additions.push(item)
          continue
        }
        const existing = items.find((i) => i.id === item.id)
        if (existing === undefined) return missing(request, "subscription_item", item.id, `items[${index}][id]`, 400)
        if (item.deleted === "true") {
          items = items.filter((i) => i.id !== item.id)
          continue
        }
        items = items.map((i) =>
          i.id !== item.id ? i : {
            ...i,
            ...(item.quantity === undefined ? {} : { quantity: Number(item.quantity) }),
            ...(item.price === undefined ? {} : { price: price(item.price, unixSeconds(request.now)) })
          }
        )
      }
      const added = subscriptionItems(request, id, additions, unixSeconds(request.now))
      if (isError(added)) return added
      patch.items = itemList(id, [...items, ...added])
    }
    const updated = { ...current, ...patch }
    subscriptions.set(id, updated)
    shared.commit(request, "subscription.updated", id)
    return json(200, updated)
  }

  const cancelSubscription = (request: SimRequest): SimResponse => {
    const id = request.params.subscription_exposed_id!
    const current = subscriptions.get(id)
    if (current === undefined) return missing(request, "subscription", id)
    if (current.status === "canceled") return missing(request, "subscription", id)
    const p = new Params(request, { ...query(request), ...decodeForm(bodyText(request)) })
    const problem = p.unknown(["cancellation_details", "expand", "invoice_now", "prorate"])
    if (problem !== undefined) return problem
    const details = p.object("cancellation_details")
    const now = unixSeconds(request.now)
    const canceled = {
      ...current,
      status: "canceled",
      canceled_at: now,
      ended_at: now,
      cancel_at_period_end: false,
      cancellation_details: {
        comment: str(details?.comment) ?? null,
        feedback: str(details?.feedback) ?? null,
        reason: "cancellation_requested"
      }
    }
    subscriptions.set(id, canceled)
    shared.commit(request, "subscription.canceled", id)
    return json(200, canceled)
  }

  const listSubscriptions = (request: SimRequest): SimResponse => {
    const p = new Params(request, query(request))
    const problem = p.unknown([
      "automatic_tax",
      "collection_method",
      "created",
      "current_period_end",
      "current_period_start",
      "customer",
      "ending_before",
      "expand",
      "limit",
      "price",
      "starting_after",
      "status",
      "test_clock"
    ])
    if (problem !== undefined) return problem
    const status = p.oneOf("status", ["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"])
    if (isError(status)) return status
    const customerId = p.string("customer")
    const priceId = p.string("price")
    const matching = newestFirst(subscriptions.values()).filter((s) =>
      (customerId === undefined || s.customer === customerId) &&
      (priceId === undefined || (s.items as { data: Array<{ price: StripeObject }> }).data.some((i) => i.price.id === priceId)) &&
      (status === undefined
        ? s.status !== "canceled" && s.status !== "incomplete_expired"
        : status === "all" || (status === "ended" ? s.status === "canceled" || s.status === "incomplete_expired" : s.status === status))
    )
    return listPage(request, matching, "/v1/subscriptions", "subscription")
  }

  const refund = (request: SimRequest): SimResponse => {
    const p = form(request)
    const problem = p.unknown(refundParams)
    if (problem !== undefined) return problem
    const amount = p.int("amount", { min: 1 })
    if (isError(amount)) return amount
    const reason = p.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"])
    if (isError(reason)) return reason
    const metadata = p.metadata()
    if (isError(metadata)) return metadata
    const intentId = p.string("payment_intent")
    const chargeId = p.string("charge")
    const intent = intentId !== undefined
      ? intents.get(intentId)
      : chargeId !== undefined
      ? [...intents.values()].find((i) => i.latest_charge === chargeId)
      : undefined
    if (intentId === undefined && chargeId === undefined) {
      return invalid(request, "One of the following params should be provided for this request: payment_intent or charge.", "payment_intent")
    }
    if (intent === undefined) {
      return intentId !== undefined
        ? missing(request, "payment_intent", intentId, "payment_intent", 400)
        : missing(request, "charge", chargeId!, "charge", 400)
    }
    if (intent.status !== "succeeded") {
      return invalid(
        request,
        `This PaymentIntent (${intent.id as string}) does not have a successful charge to refund.`,
        "payment_intent",
        "charge_not_refundable"
      )
    }
    const charge = intent.latest_charge as string
    const already = refunded.get(charge) ?? 0
    const available = (intent.amount_received as number) - already
    if (available <= 0) return invalid(request, `Charge ${charge} has already been refunded.`, undefined, "charge_already_refunded")
    const value = amount ?? available
    if (value > available) {
      return invalid(
        request,
        `Refund amount (${value}) is greater than unrefunded amount on charge (${available})`,
        "amount",
        "amount_too_large"
      )
    }
    refunded.set(charge, already + value)
    const id = shared.id("re_", 24)
    const object: StripeObject = {
      id,
      object: "refund",
      amount: value,
      balance_transaction: shared.id("txn_", 24),
      charge,
      created: unixSeconds(request.now),
      currency: intent.currency,
      metadata,
      payment_intent: intent.id,
      reason: reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "succeeded",
      transfer_reversal: null
    }
    shared.commit(request, "refund.created", id)
    return json(200, object)
  }

  const retrieve = (store: Map<string, StripeObject>, resource: string, param: string) => (request: SimRequest) => {
    const id = request.params[param]!
    const object = store.get(id)
    return object === undefined ? missing(request, resource, id) : json(200, object)
  }

  const listCustomers = (request: SimRequest): SimResponse => {
    const p = new Params(request, query(request))
    const problem = p.unknown(["created", "email", "ending_before", "expand", "limit", "starting_after", "test_clock"])
    if (problem !== undefined) return problem
    const email = p.string("email")
    const matching = newestFirst(customers.values()).filter((c) => email === undefined || c.email === email)
    return listPage(request, matching, "/v1/customers", "customer")
  }

  const sync = (f: (request: SimRequest) => SimResponse) => (request: SimRequest) => Effect.sync(() => f(request))

  return {
    vendor: "stripe",
    handlers: {
      "GET /v1/customers": sync(listCustomers),
      "POST /v1/customers": sync(customer),
      "GET /v1/customers/{customer}": sync(retrieve(customers, "customer", "customer")),
      "POST /v1/customers/{customer}": sync(updateCustomer),
      "POST /v1/payment_intents": sync(createIntent),
      "GET /v1/payment_intents/{intent}": sync(retrieve(intents, "payment_intent", "intent")),
      "POST /v1/payment_intents/{intent}/confirm": sync(confirm),
      "POST /v1/payment_intents/{intent}/cancel": sync(cancelIntent),
      "POST /v1/checkout/sessions": sync(createSession),
      "GET /v1/checkout/sessions/{session}": sync(retrieve(sessions, "checkout.session", "session")),
      "GET /v1/subscriptions": sync(listSubscriptions),
      "POST /v1/subscriptions": sync(createSubscription),
      "GET /v1/subscriptions/{subscription_exposed_id}": sync(retrieve(subscriptions, "subscription", "subscription_exposed_id")),
      "POST /v1/subscriptions/{subscription_exposed_id}": sync(updateSubscription),
      "DELETE /v1/subscriptions/{subscription_exposed_id}": sync(cancelSubscription),
      "POST /v1/refunds": sync(refund),
      // What health checks read: an empty test-mode balance.
      "GET /v1/balance": sync(() =>
        json(200, {
          object: "balance",
          available: [{ amount: 0, currency: "usd", source_types: { card: 0 } }],
          pending: [{ amount: 0, currency: "usd", source_types: { card: 0 } }],
          livemode: false
        }))
    },
    authenticate,
    error: (request, status, message) => {
      switch (status) {
        case 401:
          return fail(request, 401, { type: "invalid_request_error", message: message ?? "Invalid API Key provided." })
        case 402:
          return fail(request, 402, { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: message ?? "Your card was declined." })
        case 404:
          return fail(request, 404, { type: "invalid_request_error", code: "resource_missing", message: message ?? "No such object." })
        case 409:
          return fail(request, 409, {
            type: "invalid_request_error",
            code: "lock_timeout",
            message: message ??
              "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request."
          })
        case 429:
          return fail(request, 429, {
            type: "invalid_request_error",
            code: "rate_limit",
            message: message ?? "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits."
          })
        default:
          return status >= 500
            ? fail(request, status, { type: "api_error", message: message ?? "An unknown error occurred. Please try again later." })
            : fail(request, status, { type: "invalid_request_error", message: message ?? "The request was invalid." })
      }
    },
    notFound: (request) =>
      fail(request, 404, {
        type: "invalid_request_error",
        message: `Unrecognized request URL (${request.method}: ${request.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`
      }),
    idempotency: (request) => {
      const key = header(request, "idempotency-key")
      if (request.method !== "POST" || key === undefined) return undefined
      const endpoint = `${request.method} ${request.path}`
      return {
        key,
        endpoint,
        fingerprint: canonical(decodeForm(bodyText(request))),
        invalid: key.length > 255
          ? fail(request, 400, {
            type: "invalid_request_error",
            message: "Idempotency-Key is too long (over 255 characters). Please use a shorter key."
          })
          : undefined,
        mismatch: (stored) =>
          fail(request, 400, {
            type: "idempotency_error",
            message: stored.endpoint === endpoint
              ? `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`
              : `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${stored.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`
          }),
        inProgress: fail(request, 409, {
          type: "invalid_request_error",
          code: "idempotency_key_in_use",
          message:
            `There is currently another in-progress request using this Idempotency-Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`
        }),
        replay: (stored, originalRequestId) =>
          withHeaders(stored, { "idempotent-replayed": "true", "original-request": originalRequestId })
      }
    },
    headers: (request) => ({
      "request-id": request.requestId,
      // The shapes served are 2023-08-16's whatever version the client asks for: saying so shows a mismatch.
      "stripe-version": apiVersion,
      ...(request.method === "POST" && header(request, "idempotency-key") !== undefined
        ? { "idempotency-key": header(request, "idempotency-key")! }
        : {})
    }),
    requestId: () => shared.id("req_", 14),
    // Stripe publishes no rate-limit headers; 429s carry its `rate_limit` error.
    rateLimit: { limit: 100, windowMs: 1000, headers: () => ({}) },
    reset: () => {
      customers.clear()
      intents.clear()
      sessions.clear()
      subscriptions.clear()
      refunded.clear()
    }
  }
}
