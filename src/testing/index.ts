/**
 * effect-integrations/testing: what apps need to test their integrations offline: one-line fakes of any service, and a
 * multi-vendor HTTP simulator with seeded fault injection, and `TestTime.drive` to run retries against it in virtual time.
 *
 * @since 0.1.0
 */
export * as Faults from "./Faults.js"
export * as SignedWebhooks from "./SignedWebhooks.js"
export * as TestService from "./TestService.js"
export * as TestTime from "./TestTime.js"
export * as VendorSimulator from "./VendorSimulator.js"
