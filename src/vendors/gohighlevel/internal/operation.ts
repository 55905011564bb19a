/** What every GoHighLevel resource shares: the vendor name, identifier Schemas, error helpers. */
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "GoHighLevel"

/** The API version every v2 request names in its `Version` header (the only value the specs accept). */
export const API_VERSION = "2021-07-28"

export const { invalid } = VendorClient.failures(VENDOR)

/**
 * A GoHighLevel id (contact, opportunity, calendar, event, location, ...). It becomes a path segment or a query value,
 * where `.` and `..` would move the request up the path whatever their encoding: refused.
 */
export const Id = VendorClient.PathSegment(128, "an id, not a dot segment")
