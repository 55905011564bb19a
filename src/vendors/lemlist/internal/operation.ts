/** What the lemlist resources share: the vendor name and the page size lemlist allows at most. */
import { IntegrationError } from "../../../core/IntegrationError.js"

export const VENDOR = "Lemlist"

/** lemlist's maximum (and default) page size for campaigns and activities. */
export const MAX_PAGE = 100

export const invalid = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "InvalidRequest", description })
