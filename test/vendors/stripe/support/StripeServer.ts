/**
 * A local stand-in for api.stripe.com in tests: records every request as received on the wire and answers with the
 * script's reply (Stripe's fixture objects by default).
 */
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as OpenApi from "../../../contract/support/OpenApi.js"
import * as RecordingServer from "../../../support/RecordingServer.js"
import type { Captured, Reply } from "../../../support/RecordingServer.js"

export type { Captured, Reply }

export const fixtures = JSON.parse(
  NodeFs.readFileSync(NodePath.join(OpenApi.specsDir, "stripe/fixtures3.json"), "utf8")
).resources as Record<string, Record<string, unknown>>

export const fixture = (name: string): Record<string, unknown> => {
  const found = fixtures[name]
  if (found === undefined) throw new Error(`no Stripe fixture named ${name}`)
  return found
}

export const make = (respond: (request: Captured, index: number) => Reply) => RecordingServer.make(respond, { headers: (n) => ({ "request-id": `req_${n}` }) })
