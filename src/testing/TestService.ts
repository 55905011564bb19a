/**
 * One-line fakes for any service: give the methods a test needs, and every other method, however deeply nested,
 * dies naming itself (`StripeClient.customers.create is not implemented in this test layer`) instead of returning
 * `undefined` somewhere far from the cause.
 *
 * @since 0.1.0
 */
import type * as Context from "effect/Context"
import * as Layer from "effect/Layer"

/**
 * Any subset of a service: methods as they are, namespaces (`customers`, `paymentIntents`) partial in turn.
 *
 * @since 0.1.0
 * @category Models
 */
export type DeepPartial<S> = {
  readonly [K in keyof S]?: S[K] extends (...args: ReadonlyArray<never>) => unknown ? S[K]
    : S[K] extends object ? DeepPartial<S[K]>
    : S[K]
}

/**
 * Thrown when a test calls a method its fake does not implement. Inside an Effect it surfaces as a defect.
 *
 * @since 0.1.0
 * @category Errors
 */
export class NotImplemented extends Error {
  constructor(readonly method: string) {
    super(`${method} is not implemented in this test layer`)
    this.name = "NotImplemented"
  }
}

const stub = (path: string): unknown =>
  new Proxy(
    () => {
      throw new NotImplemented(path)
    },
    {
      get: (_target, property) => {
        if (property === "then") return undefined // not a thenable: `await` on a fake must not hang
        if (typeof property === "symbol") return undefined
        return stub(`${path}.${property}`)
      },
      apply: () => {
        throw new NotImplemented(path)
      }
    }
  )

const wrap = <S>(name: string, partial: DeepPartial<S>): S =>
  new Proxy(partial as object, {
    get: (target, property, receiver) => {
      if (typeof property === "symbol") return Reflect.get(target, property, receiver)
      if (property === "then" && !Reflect.has(target, property)) return undefined
      const value: unknown = Reflect.get(target, property, receiver)
      if (value === undefined) return stub(`${name}.${property}`)
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return wrap(`${name}.${property}`, value as DeepPartial<object>)
      }
      return value
    }
  }) as S

/**
 * A service value from a partial implementation.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = <S>(name: string, partial: DeepPartial<S>): S => wrap<S>(name, partial)

/**
 * A layer providing a fake of `tag`'s service.
 *
 * @example
 * ```ts
 * const TestStripe = TestService.layer(StripeClient, {
 *   customers: { create: () => Effect.succeed(customer) }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = <I, S>(tag: Context.Tag<I, S>, partial: DeepPartial<S>): Layer.Layer<I> =>
  Layer.succeed(tag, make<S>(tag.key.split("/").pop() ?? tag.key, partial))
