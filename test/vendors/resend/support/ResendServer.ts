/**
 * A local stand-in for api.resend.com in tests: records every request as received on the wire and answers with the
 * script's reply.
 */
import * as RecordingServer from "../../../support/RecordingServer.js"
import type { Captured, Reply } from "../../../support/RecordingServer.js"

export type { Captured, Reply }

export const make = (respond: (request: Captured, index: number) => Reply) => RecordingServer.make(respond)

/** An email as `GET /emails/{id}` returns it, with the `null`s Resend sends for unset fields. */
export const email = {
  object: "email",
  id: "4ef9a417-02e9-4d39-ad75-9611e0fcc33c",
  to: ["delivered@resend.dev"],
  from: "Acme <onboarding@resend.dev>",
  created_at: "2023-04-03 22:13:42.674981+00",
  subject: "Hello World",
  html: "Congrats on sending your <strong>first email</strong>!",
  text: null,
  bcc: null,
  cc: null,
  reply_to: null,
  last_event: "delivered",
  scheduled_at: null
}
