/** What the Postmark operations share: the vendor name, typed local failures, safe paths. */
import { IntegrationError } from "../../../core/IntegrationError.js"

export const VENDOR = "Postmark"

export const invalid = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "InvalidRequest", description })

export const drift = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "ResponseDrift", description })

/** `/templates/{idOrAlias}` with the segment percent-encoded, so an id can never change the path. */
export const path = (prefix: string, id: string | number, suffix = ""): string =>
  `${prefix}/${encodeURIComponent(String(id))}${suffix}`
