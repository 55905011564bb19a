/** Minimal types for @elastic/mockotlpserver (it ships none at its entry point). */
declare module "@elastic/mockotlpserver" {
  export interface MockOtlpServerOptions {
    readonly services?: ReadonlyArray<"http" | "grpc" | "ui">
    readonly httpHostname?: string
    readonly httpPort?: number
    readonly logLevel?: string
    readonly onTrace?: (trace: unknown) => void
    readonly onMetrics?: (metrics: unknown) => void
    readonly onLogs?: (logs: unknown) => void
  }
  export class MockOtlpServer {
    constructor(options: MockOtlpServerOptions)
    start(): Promise<void>
    close(): Promise<void>
    readonly httpUrl: URL | string | null
  }
  export function normalizeTrace(trace: unknown): unknown
}
