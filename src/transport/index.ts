/**
 * `effect-integrations/transport`: a lean HTTP transport over undici. Provide `UndiciTransport.layer()` instead of a
 * platform `HttpClient` layer and vendor calls take the kernel's fast path.
 *
 * @since 0.2.0
 */
export * as UndiciTransport from "./UndiciTransport.js"
