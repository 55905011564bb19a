/**
 * Applies a store's `onUnavailable` policy to one Redis-backed decision: the Redis answer when there is one, else
 * the per-process fallback (fail-open) or the store's refusal (fail-closed), with the outage reported either way.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as NodeCrypto from "node:crypto"
import type { Policy, Redis, StateUnavailableError } from "../Redis.js"

/** @internal */
export interface Guard {
  readonly redis: Redis.Service
  readonly store: string
  readonly policy: Policy
}

/** @internal */
export const decide = <A, E = never>(
  guard: Guard,
  operation: string,
  primary: Effect.Effect<A, StateUnavailableError>,
  onOpen: Effect.Effect<A, E>,
  onClosed: (error: StateUnavailableError) => Effect.Effect<A, E>
): Effect.Effect<A, E> =>
  Effect.matchEffect(primary, {
    onSuccess: (value) => Effect.as(guard.redis.reportAvailable, value),
    onFailure: (error) => {
      const open = guard.policy === "fail-open"
      return Effect.zipRight(
        guard.redis.reportUnavailable(guard.store, operation, error, open),
        open ? onOpen : onClosed(error)
      )
    }
  })

/**
 * Ids handed out by the fallback carry this mark, so their follow-up calls go back to the fallback.
 *
 * @internal
 */
export const localMark = "local:"

/** @internal */
export const isLocal = (id: string): boolean => id.startsWith(localMark)

/** @internal */
export const unmark = (id: string): string => id.slice(localMark.length)

/** @internal */
export const randomId = (): string => NodeCrypto.randomBytes(12).toString("base64url")

/**
 * The strings of a script's array reply; anything else means the script and this code disagree, a defect.
 *
 * @internal
 */
export const strings = (reply: unknown): ReadonlyArray<string> => {
  if (!Array.isArray(reply) || !reply.every((item) => typeof item === "string")) {
    throw new Error("unexpected reply from a state store script")
  }
  return reply
}
