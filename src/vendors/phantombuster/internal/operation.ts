/** What the PhantomBuster operations share: the vendor name and typed local failures. */
import { IntegrationError } from "../../../core/IntegrationError.js"

export const VENDOR = "PhantomBuster"

export const drift = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "ResponseDrift", description })
