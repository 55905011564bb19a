/** What the WAHA operations share: the vendor name and the per-call options that reach the kernel. */
import * as Effect from "effect/Effect"
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "WAHA"

/** WAHA takes no idempotency key: a call passes only its policy and headers (`VendorClient.callUnkeyed`). */
export const call = VendorClient.callUnkeyed

/** The answer of a call that only sets a state, dropped. */
export const asVoid = <E>(self: Effect.Effect<unknown, E>): Effect.Effect<void, E> => Effect.asVoid(self)
