/**
 * A local stand-in for api.retellai.com in tests: records every request as received on the wire and answers with the
 * script's reply; and bodies as Retell's API reference shows them (https://docs.retellai.com/api-references).
 */
import * as RecordingServer from "../../../support/RecordingServer.js"
import type { Captured, Reply } from "../../../support/RecordingServer.js"

export type { Captured, Reply }

export const make = (respond: (request: Captured, index: number) => Reply) => RecordingServer.make(respond)

/** A phone call as `GET /v2/get-call/{call_id}` returns it after analysis (docs.retellai.com/api-references/get-call). */
export const phoneCall = {
  call_type: "phone_call",
  from_number: "+12137771234",
  to_number: "+12137771235",
  direction: "inbound",
  call_id: "Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6",
  agent_id: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
  agent_version: 1,
  call_status: "ended",
  metadata: {},
  retell_llm_dynamic_variables: { customer_name: "John Doe" },
  start_timestamp: 1703302407333,
  end_timestamp: 1703302428855,
  duration_ms: 21522,
  transcript: "Agent: hi how are you doing?\nUser: Doing pretty well. How are you?",
  transcript_object: [{ role: "agent", content: "hi how are you doing?", words: [] }],
  recording_url: "https://retellai.s3.us-west-2.amazonaws.com/Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6/recording.wav",
  public_log_url: "https://retellai.s3.us-west-2.amazonaws.com/Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6/public_log.txt",
  disconnection_reason: "agent_hangup",
  call_analysis: {
    call_summary: "The agent called the user to ask question about his purchase inquiry.",
    in_voicemail: false,
    user_sentiment: "Positive",
    call_successful: true,
    custom_analysis_data: {}
  },
  opt_out_sensitive_data_storage: true,
  agent_name: "Jarvis"
}

/** A web call as `POST /v2/create-web-call` returns it. */
export const webCall = {
  call_type: "web_call",
  access_token: "eyJhbGciOiJIUzI1NiJ9.eyJ2aWRlbyI6eyJyb29tSm9p",
  call_id: "Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6",
  agent_id: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
  agent_version: 1,
  call_status: "registered"
}

/** An agent as `GET /get-agent/{agent_id}` returns it. */
export const agent = {
  agent_id: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
  version: 0,
  is_published: false,
  response_engine: { type: "retell-llm", llm_id: "llm_234sdertfsdsfsdf", version: 0 },
  agent_name: "Jarvis",
  voice_id: "11labs-Adrian",
  language: "en-US",
  webhook_url: null,
  last_modification_timestamp: 1703413636133
}

/** A phone number as `GET /get-phone-number/{phone_number}` returns it. */
export const phoneNumber = {
  phone_number: "+14157774444",
  phone_number_type: "retell-twilio",
  phone_number_pretty: "+1 (415) 777-4444",
  inbound_agent_id: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
  outbound_agent_id: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
  area_code: 415,
  nickname: "Frontdesk Number",
  inbound_webhook_url: null,
  last_modification_timestamp: 1703413636133
}
