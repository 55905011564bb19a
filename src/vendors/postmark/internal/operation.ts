/** What the Postmark operations share: the vendor name and typed local failures. */
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "Postmark"

export const { drift, invalid } = VendorClient.failures(VENDOR)
