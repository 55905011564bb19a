/**
 * One-line fakes for any service: give the methods a test needs, and every other method, however deeply nested,
 * fails when called, inside its Effect, with a defect naming itself (`StripeClient.customers.create is not implemented
 * in this test layer`) instead of returning `undefined` somewhere far from the cause. Vendor clients have this as their
 * `layerTest`.
 *
 * @since 0.1.0
 */
import type * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import * as Fake from "../core/internal/fake.js"
import * as VendorClient from "../core/VendorClient.js"

/**
 * Any subset of a service: methods as they are, namespaces (`customers`, `paymentIntents`) partial in turn.
 *
 * @since 0.1.0
 * @category Models
 */
export type DeepPartial<S> = VendorClient.DeepPartial<S>

/**
 * The defect of a method a fake does not implement.
 *
 * @since 0.1.0
 * @category Errors
 */
export const NotImplemented = VendorClient.NotImplemented

/**
 * @since 0.1.0
 * @category Errors
 */
export type NotImplemented = VendorClient.NotImplemented

/**
 * A service value from a partial implementation.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = <S>(name: string, partial: DeepPartial<S>): S => Fake.make<S>(name, partial)

/**
 * A layer providing a fake of `tag`'s service.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { StripeClient } from "effect-integrations/stripe"
 * import { TestService } from "effect-integrations/testing"
 *
 * const TestStripe = TestService.layer(StripeClient.StripeClient, {
 *   customers: { retrieve: () => Effect.die("not used") }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = <I, S>(tag: Context.Tag<I, S>, partial: DeepPartial<S>): Layer.Layer<I> =>
  Layer.succeed(tag, make<S>(tag.key.split("/").pop() ?? tag.key, partial))
