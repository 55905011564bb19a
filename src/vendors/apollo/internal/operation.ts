/** What the Apollo operations share: the vendor name and typed local failures. */
import { IntegrationError } from "../../../core/IntegrationError.js"

export const VENDOR = "Apollo"

export const invalid = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "InvalidRequest", description })

export const drift = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "ResponseDrift", description })

export const notFound = (operation: string, description: string) =>
  new IntegrationError({ vendor: VENDOR, operation, reason: "NotFound", description })
