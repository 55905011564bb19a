/**
 * Fakes for any service from a partial implementation: what is given is used as is; anything else, however deeply
 * nested, is a method that fails inside its Effect with a defect naming it, so `Effect.exit` sees it and the message
 * says which method the test forgot. (An Effect used where a Stream is expected dies the same way.)
 */
import * as Effect from "effect/Effect"
import { NotImplemented } from "../VendorClient.js"

const missing = (path: string): unknown =>
  new Proxy(() => Effect.die(new NotImplemented(path)), {
    get: (_target, property) => {
      // Not a thenable (`await` on a fake must not hang), no symbol-keyed protocol.
      if (property === "then" || typeof property === "symbol") return undefined
      return missing(`${path}.${property}`)
    }
  })

const wrap = <S>(path: string, partial: object): S =>
  new Proxy(partial, {
    get: (target, property, receiver) => {
      if (typeof property === "symbol") return Reflect.get(target, property, receiver)
      if (property === "then" && !Reflect.has(target, property)) return undefined
      const value: unknown = Reflect.get(target, property, receiver)
      if (value === undefined) return missing(`${path}.${property}`)
      // Namespaces are partial in turn; functions, Effects and other values are used as they are.
      if (typeof value === "object" && value !== null && !Array.isArray(value) && !Effect.isEffect(value)) {
        return wrap(`${path}.${property}`, value)
      }
      return value
    }
  }) as S

/** A service named `name` from `partial`. */
export const make = <S>(name: string, partial: object): S => wrap<S>(name, partial)
