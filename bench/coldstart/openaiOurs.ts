/**
 * Cold start, ours: what a user's script does to make one OpenAI call: import the OpenAI entry and a transport
 * (`node` or `undici`, the second argument), build the layer, one chat completion, done.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { OpenAIClient } from "../../src/vendors/openai/index.js"
import * as Fixtures from "../fixtures.js"
import { done, expectId, fail, port } from "./exit.js"
import * as Transport from "./transport.js"

const program = Effect.flatMap(OpenAIClient.OpenAIClient, (openai) => openai.chat.completions.create(Fixtures.chatRequest)).pipe(
  Effect.provide(OpenAIClient.layer({ apiKey: Redacted.make(Fixtures.apiKey), baseUrl: `http://127.0.0.1:${port()}/v1` })),
  Effect.provide(await Transport.layer())
)

Effect.runPromise(program).then((completion) => {
  expectId(completion, Fixtures.chatCompletion.id)
  done()
}).catch(fail)
