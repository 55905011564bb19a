/**
 * A local stand-in for api.twilio.com in tests: records every request as received on the wire and answers with the
 * script's reply.
 */
import * as RecordingServer from "../../../support/RecordingServer.js"
import type { Captured, Reply } from "../../../support/RecordingServer.js"

export type { Captured, Reply }

export const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
export const MESSAGE_SID = "SM0123456789abcdef0123456789abcdef"

export const make = (respond: (request: Captured, index: number) => Reply) => RecordingServer.make(respond, { headers: (n) => ({ "twilio-request-id": `RQ${n}` }) })

/** A message as Twilio returns it on create (the shape of the spec's `create` example). */
export const message = {
  account_sid: ACCOUNT_SID,
  api_version: "2010-04-01",
  body: "Hello! 👍",
  date_created: "Thu, 24 Aug 2023 05:01:45 +0000",
  date_sent: null,
  date_updated: "Thu, 24 Aug 2023 05:01:45 +0000",
  direction: "outbound-api",
  error_code: null,
  error_message: null,
  from: "+14155552345",
  num_media: "0",
  num_segments: "1",
  price: null,
  price_unit: null,
  messaging_service_sid: null,
  sid: MESSAGE_SID,
  status: "queued",
  subresource_uris: { media: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}/Media.json` },
  to: "+14155552671",
  uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`
}

/** Twilio's error body. */
export const error = (status: number, code: number) => ({
  code,
  message: "The 'To' number +14155552671 is not a valid phone number.",
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status
})
