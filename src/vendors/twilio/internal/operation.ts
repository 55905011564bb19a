/** What the Twilio operations share: the vendor name, per-call options and form bodies. */
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "Twilio"

/** Twilio takes no idempotency key: a call passes only its policy and headers (`VendorClient.callUnkeyed`). */
export const call = VendorClient.callUnkeyed

type FormValue = string | number | boolean | ReadonlyArray<string | number | boolean> | undefined

/** Twilio's form encoding: one pair per field, a repeated name per array item, booleans as `true`/`false`. */
export const form = (params: Readonly<Record<string, FormValue>>): HttpIntegration.Body => {
  const entries: Array<readonly [string, string]> = []
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue
    const values = Array.isArray(value) ? value : [value]
    for (const item of values as ReadonlyArray<string | number | boolean>) entries.push([name, String(item)])
  }
  return { _tag: "Form", entries }
}
