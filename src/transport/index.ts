/**
 * `effect-integrations/transport`: a lean HTTP transport over undici. Provide `UndiciTransport.layer()` instead of a
 * platform `HttpClient` layer and vendor calls take the kernel's fast path. `HttpTransport` is the contract the kernel
 * sends through on that path (the one `UndiciTransport` implements). For short-lived processes,
 * `effect-integrations/transport/node` has `NodeTransport`, the same over `node:http`, without loading undici.
 *
 * @since 0.2.0
 */
export * as HttpTransport from "../core/HttpTransport.js"
export * as UndiciTransport from "./UndiciTransport.js"
