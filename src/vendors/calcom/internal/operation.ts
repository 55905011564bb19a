/** What every Cal.com resource shares: the version header of its group of endpoints, and the `data` of each answer. */
import * as Effect from "effect/Effect"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import type { CallOptions } from "../CalComClient.js"

export const versionHeader = (version: string): Readonly<Record<string, string>> => ({ "cal-api-version": version })

/** Cal.com answers `{ status, data }`: the call gives `data` alone. */
export const data = <I, A>(operation: HttpIntegration.Operation<I, { readonly data: A }>) =>
(input: I, options?: CallOptions): Effect.Effect<A, IntegrationError> =>
  Effect.map(operation(input, options), (answer) => answer.data)
