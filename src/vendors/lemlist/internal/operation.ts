/** What the lemlist resources share: the vendor name and the page size lemlist allows at most. */
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "Lemlist"

/** lemlist's maximum (and default) page size for campaigns and activities. */
export const MAX_PAGE = 100

export const { invalid } = VendorClient.failures(VENDOR)
