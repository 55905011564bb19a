/**
 * The app edge: what an application wires once at startup (telemetry, health endpoints, runtimes).
 *
 * @since 0.1.0
 */
export * as AppRuntime from "./AppRuntime.js"
export * as HealthRoutes from "./HealthRoutes.js"
export * as SpanTree from "./SpanTree.js"
export * as Telemetry from "./Telemetry.js"
