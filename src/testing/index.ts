/**
 * effect-integrations/testing: what apps need to test their integrations offline: one-line fakes of any service, and a
 * multi-vendor HTTP simulator with seeded fault injection.
 *
 * @since 0.1.0
 */
export * as Faults from "./Faults.js"
export * as SignedWebhooks from "./SignedWebhooks.js"
export * as TestService from "./TestService.js"
export * as VendorSimulator from "./VendorSimulator.js"
