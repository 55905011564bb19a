/** What every HubSpot resource shares: the vendor name, the batch cap, identifier Schemas, list parameters. */
import * as Schema from "effect/Schema"
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "HubSpot"

/** HubSpot's documented cap on inputs per batch call. */
export const BATCH_LIMIT = 100

export const { drift, invalid } = VendorClient.failures(VENDOR)

/**
 * A record id, or a unique property value when an `idProperty` is given (an email, for instance). It becomes a path
 * segment, where `.` and `..` would move the request up the path whatever their encoding: refused.
 */
export const RecordId = VendorClient.PathSegment(1000, "a record id, not a dot segment")

/** The numeric ids the v4 associations API takes. */
export const NumericId = Schema.String.pipe(
  Schema.pattern(/^\d{1,20}$/, { message: () => "a HubSpot record id (digits only)" })
)

/** HubSpot reads list query parameters comma-separated. */
export const list = (values: ReadonlyArray<string> | undefined): string | undefined =>
  values === undefined || values.length === 0 ? undefined : values.join(",")
