/**
 * The app edge: what an application wires once at startup (telemetry export, health endpoints, runtimes).
 *
 * @since 0.1.0
 */
export * as AppRuntime from "./AppRuntime.js"
export * as HealthRoutes from "./HealthRoutes.js"
export * as Observability from "./Observability.js"
export * as SpanTree from "./SpanTree.js"
