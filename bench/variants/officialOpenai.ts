/**
 * The official `openai` SDK with its defaults, pointed at the local server with `baseURL`.
 *
 * @since 0.1.0
 */
import OpenAI from "openai"
import * as Fixtures from "../fixtures.js"
import { type Driver, promiseLoad } from "../harness/load.js"

/**
 * @since 0.1.0
 * @category Drivers
 */
export const make = (port: number): Driver => {
  const openai = new OpenAI({ apiKey: Fixtures.apiKey, baseURL: `http://127.0.0.1:${port}/v1` })
  const call = () =>
    openai.chat.completions.create({
      model: Fixtures.chatRequest.model,
      messages: Fixtures.chatRequest.messages.map((message) => ({ ...message }))
    })
  return { run: (calls, concurrency) => promiseLoad(call, calls, concurrency), close: () => Promise.resolve() }
}
