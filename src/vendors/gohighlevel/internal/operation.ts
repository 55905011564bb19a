/** What every GoHighLevel resource shares: the vendor name, identifier Schemas, error helpers. */
import * as Schema from "effect/Schema"
import { IntegrationError } from "../../../core/IntegrationError.js"

export const VENDOR = "GoHighLevel"

/** The API version every v2 request names in its `Version` header (the only value the specs accept). */
export const API_VERSION = "2021-07-28"

export const invalid = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "InvalidRequest", description })

/**
 * A GoHighLevel id (contact, opportunity, calendar, event, location, ...). It becomes a path segment or a query value,
 * where `.` and `..` would move the request up the path whatever their encoding: refused.
 */
export const Id = Schema.NonEmptyTrimmedString.pipe(
  Schema.maxLength(128),
  Schema.filter((id) => (id !== "." && id !== "..") || "an id, not a dot segment")
)
