/**
 * `effect-integrations/transport/node`: the kernel's transport over Node's own `node:http` and `node:https`, for
 * processes that should start and exit quickly. It does not load undici (`effect-integrations/transport` does).
 *
 * @since 0.3.0
 */
export * as HttpTransport from "../core/HttpTransport.js"
export * as NodeTransport from "./NodeTransport.js"
