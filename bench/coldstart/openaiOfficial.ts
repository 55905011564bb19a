/**
 * Cold start, official: `import OpenAI from "openai"`, one chat completion, done.
 *
 * @since 0.1.0
 */
import OpenAI from "openai"
import * as Fixtures from "../fixtures.js"
import { done, expectId, fail, port } from "./exit.js"

const openai = new OpenAI({ apiKey: Fixtures.apiKey, baseURL: `http://127.0.0.1:${port()}/v1` })

openai.chat.completions.create({
  model: Fixtures.chatRequest.model,
  messages: Fixtures.chatRequest.messages.map((message) => ({ ...message }))
}).then((completion) => {
  expectId(completion, Fixtures.chatCompletion.id)
  done()
}).catch(fail)
