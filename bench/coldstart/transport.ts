/**
 * The transport a cold-start script of ours runs over, from its second argument: `node` (`NodeTransport`, the
 * transport for short-lived processes; the default) or `undici` (`UndiciTransport`). Only the one asked for is
 * imported, as a user's script would import only its own.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Layer from "effect/Layer"
import type { HttpTransport } from "../../src/transport/index.js"

/**
 * @since 0.3.0
 * @category Models
 */
export type Name = "node" | "undici"

/**
 * @since 0.3.0
 * @category Layers
 */
export const layer = async (): Promise<Layer.Layer<HttpTransport.HttpTransport | HttpClient.HttpClient>> => {
  const name = process.argv[3] ?? "node"
  if (name === "undici") return (await import("../../src/transport/index.js")).UndiciTransport.layer()
  if (name === "node") return (await import("../../src/transport/node.js")).NodeTransport.layer()
  throw new Error(`unknown transport ${name}: node or undici`)
}
