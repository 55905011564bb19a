/** What the PhantomBuster operations share: the vendor name and typed local failures. */
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "PhantomBuster"

export const { drift } = VendorClient.failures(VENDOR)
