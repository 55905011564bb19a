/**
 * Stripe's form encoding of request parameters, as stripe-node sends it: nested objects as `parent[child]=v`, arrays
 * with indexes (`items[0][price]=p`, `expand[0]=x`), booleans as `true`/`false`, `null` and `""` as an empty value
 * (Stripe's way to unset a field), dates as Unix seconds, `undefined` left out. Pure functions, no I/O.
 *
 * @since 0.1.0
 */

/**
 * A parameter value Stripe accepts in a form body or query string.
 *
 * @since 0.1.0
 * @category Models
 */
export type Value =
  | string
  | number
  | boolean
  | null
  | undefined
  | Date
  | ReadonlyArray<Value>
  | { readonly [key: string]: Value }

/**
 * The parameters of one request.
 *
 * @since 0.1.0
 * @category Models
 */
export type Params = { readonly [key: string]: Value }

const scalar = (value: string | number | boolean | null | Date): string => {
  if (value === null) return ""
  if (value instanceof Date) return String(Math.floor(value.getTime() / 1000))
  return String(value)
}

/**
 * Flattens parameters into ordered `[key, value]` pairs, keys in bracket notation. Empty arrays and objects produce no
 * pair (as in stripe-node); send `""` to unset a list or a hash.
 *
 * @example
 * ```ts
 * import { StripeForm } from "effect-integrations/stripe"
 *
 * const pairs = StripeForm.encode({ metadata: { plan: "pro" }, expand: ["customer"], confirm: true })
 * // [["metadata[plan]", "pro"], ["expand[0]", "customer"], ["confirm", "true"]]
 * ```
 *
 * @since 0.1.0
 * @category Encoding
 */
export const encode = (params: Params): ReadonlyArray<readonly [string, string]> => {
  const pairs: Array<readonly [string, string]> = []
  const go = (key: string, value: Value): void => {
    if (value === undefined) return
    if (value === null || typeof value !== "object" || value instanceof Date) {
      pairs.push([key, scalar(value)])
      return
    }
    if (isArray(value)) {
      // Indexes follow the caller's positions, holes included, so `items[1]` still names the second item.
      value.forEach((item, index) => go(`${key}[${index}]`, item))
      return
    }
    for (const [child, item] of Object.entries(value)) go(`${key}[${child}]`, item)
  }
  for (const [key, value] of Object.entries(params)) go(key, value)
  return pairs
}

const isArray = (value: ReadonlyArray<Value> | { readonly [key: string]: Value }): value is ReadonlyArray<Value> =>
  Array.isArray(value)

/**
 * Percent-encodes like stripe-node: `encodeURIComponent` plus `!'()*`, brackets left readable (Stripe accepts both).
 */
const component = (text: string): string =>
  encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%5B/g, "[")
    .replace(/%5D/g, "]")

/**
 * The `application/x-www-form-urlencoded` body (or query string, without `?`) stripe-node would send.
 *
 * @since 0.1.0
 * @category Encoding
 */
export const stringify = (params: Params): string =>
  encode(params).map(([key, value]) => `${component(key)}=${component(value)}`).join("&")

/**
 * The pairs as a record, for query strings: bracketed keys never repeat, so no pair is lost.
 *
 * @since 0.1.0
 * @category Encoding
 */
export const toRecord = (params: Params): Readonly<Record<string, string>> => Object.fromEntries(encode(params))
