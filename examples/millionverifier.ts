/**
 * MillionVerifier: check a sign-up's address in real time within a tight budget, and verify a list in bulk, waiting
 * for the file with a bound. The key travels in the query string and is never logged. Needs `MILLIONVERIFIER_API_KEY`;
 * read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { IntegrationError } from "effect-integrations"
import { MillionVerifierClient } from "effect-integrations/millionverifier"

const acceptSignup = (email: string) =>
  Effect.gen(function*() {
    const mv = yield* MillionVerifierClient.MillionVerifierClient
    // 12 s per attempt: MillionVerifier is told to give up on the recipient's server after 7 s.
    const checked = yield* mv.verify(email, { policy: { timeout: "12 seconds", maxRetries: 1 } })
    return checked.result !== "invalid" && checked.result !== "disposable"
  }).pipe(
    // When the verifier is unavailable, let the sign-up through rather than block it.
    Effect.catchIf(IntegrationError.isReason("Timeout"), () => Effect.succeed(true))
  )

const verifyList = (csv: string) =>
  Effect.gen(function*() {
    const mv = yield* MillionVerifierClient.MillionVerifierClient
    const file = yield* mv.bulk.upload({ fileName: "list.csv", contents: new TextEncoder().encode(csv) })
    const done = yield* mv.bulk.waitForFile(file.file_id ?? 0, { timeout: "30 minutes" })
    yield* Effect.log(`${done.ok ?? 0} ok, ${done.invalid ?? 0} invalid of ${done.unique_emails ?? 0}`)
  })

const program = Effect.gen(function*() {
  yield* Effect.log(`accepted: ${yield* acceptSignup("jane@example.com")}`)
  yield* verifyList("email\njane@example.com\njohn@example.com\n")
  yield* Effect.log(`${yield* Effect.flatMap(MillionVerifierClient.MillionVerifierClient, (mv) => mv.credits())} credits left`)
})

// MILLIONVERIFIER_API_KEY from the environment.
const Live = MillionVerifierClient.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
