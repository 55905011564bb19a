/** What the WAHA operations share: the vendor name and the per-call options that reach the kernel. */
import * as Effect from "effect/Effect"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "WAHA"

/** WAHA takes no idempotency key: a call passes only its policy and headers (`VendorClient.callUnkeyed`). */
export const call = VendorClient.callUnkeyed

export const json = (value: unknown): HttpIntegration.Body => ({ _tag: "Json", value })

/** The answer of a call that only sets a state, dropped. */
export const asVoid = <E>(self: Effect.Effect<unknown, E>): Effect.Effect<void, E> => Effect.asVoid(self)
