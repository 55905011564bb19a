/** What the Apollo operations share: the vendor name and typed local failures. */
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "Apollo"

export const { drift, invalid, notFound } = VendorClient.failures(VENDOR)
