/**
 * The durable operations of the crash test, as the test process enqueues them; `fixtures/durableWorker.mjs` declares
 * the same names and Schemas over the compiled SDK to run them.
 */
import * as Schema from "effect/Schema"
import * as Durable from "../../../src/outbox/Durable.js"
import * as ResendClient from "../../../src/vendors/resend/ResendClient.js"
import * as ResendSchemas from "../../../src/vendors/resend/ResendSchemas.js"
import * as TwilioClient from "../../../src/vendors/twilio/TwilioClient.js"
import * as TwilioError from "../../../src/vendors/twilio/TwilioError.js"
import * as TwilioSchemas from "../../../src/vendors/twilio/TwilioSchemas.js"

export const sendEmail = Durable.operation({
  name: "crash.resend.emails.send",
  input: ResendSchemas.SendEmailParams,
  output: Schema.Struct({ id: Schema.String }),
  idempotencyKeys: true,
  call: Durable.method(ResendClient.ResendClient, (resend) => resend.emails.send)
})

export const sendSms = Durable.operation({
  name: "crash.twilio.messages.create",
  input: TwilioSchemas.CreateMessageParams,
  output: Schema.Struct({ sid: Schema.String }),
  idempotencyKeys: false,
  call: Durable.method(TwilioClient.TwilioClient, (twilio) => twilio.messages.create),
  ambiguous: TwilioError.isAmbiguousSend
})

export const sendEmailInput = ResendSchemas.SendEmailParams
export const sendEmailOutput = Schema.Struct({ id: Schema.String })
