/** What the Resend operations share: the vendor name, its limit on idempotency keys, typed local failures. */
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "Resend"

/** Resend refuses keys outside 1 to 256 characters (`invalid_idempotency_key`); the kernel checks it before sending. */
export const MAX_IDEMPOTENCY_KEY = 256

export const { drift, invalid } = VendorClient.failures(VENDOR)
