/**
 * The guarded HttpClient: an undici Agent whose connector resolves each hostname itself, judges every address, and
 * dials only an address it has judged, so DNS rebinding between a check and the request cannot slip past. Requests
 * are also checked before they reach the Agent, and redirects are never followed.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Undici from "@effect/platform-node/Undici"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import { SsrfBlocked } from "../SsrfGuard.js"
import { record, resolveHost, toError } from "./ssrfCheck.js"
import type { Policy } from "./ssrfPolicy.js"
import { judgeHost } from "./ssrfPolicy.js"
import { defaultPort, parseTarget } from "./ssrfUrl.js"

export { blockedBy } from "./ssrfCheck.js"

const preflight = (policy: Policy, request: HttpClientRequest.HttpClientRequest): SsrfBlocked | undefined => {
  const parsed = parseTarget(request.url, policy)
  if (Either.isLeft(parsed)) return toError(parsed.left)
  if (Option.isSome(request.hash)) {
    return new SsrfBlocked({
      reason: "AmbiguousUrl",
      url: parsed.right.sanitised,
      description: "the URL has a fragment (#), which is never sent"
    })
  }
  return undefined
}

type Connector = Undici.buildConnector.connector
type ConnectOptions = Undici.buildConnector.Options
type ConnectCallback = Undici.buildConnector.Callback

/**
 * Wraps undici's own connector: the host is judged and resolved through `Resolver` (run on the layer's runtime),
 * then each accepted address is dialled in turn by IP, with TLS SNI and certificate checks still on the hostname
 * (undici derives them from `host`, which we leave untouched).
 */
const guardedConnector = (policy: Policy, runtime: Runtime.Runtime<never>): Connector => {
  const base = Undici.buildConnector({ timeout: Duration.toMillis(policy.connectTimeout) })
  const run = Runtime.runCallback(runtime)
  return (options: ConnectOptions, callback: ConnectCallback) => {
    const port = options.port === "" ? defaultPort(options.protocol) : Number(options.port)
    const url = `${options.protocol}//${options.host ?? options.hostname}`
    const guard = Effect.suspend(() => {
      const judged = judgeHost(policy, options.hostname, port)
      if (Either.isLeft(judged)) {
        return Effect.zipRight(
          record(judged.left.reason, "connect"),
          Effect.fail(new SsrfBlocked({ ...judged.left, url }))
        )
      }
      return resolveHost(policy, judged.right, port, url, "connect")
    })
    run(guard, {
      onExit: (exit) => {
        if (Exit.isFailure(exit)) {
          const failure = Cause.failureOption(exit.cause)
          // Fail closed: a defect or interruption in the guard must not turn into an unchecked connection.
          callback(Option.isSome(failure) ? failure.value : new Error("SSRF guard could not check the target"), null)
          return
        }
        const dial = (index: number, lastError: Error | undefined): void => {
          const address = exit.value[index]
          if (address === undefined) {
            callback(lastError ?? new Error("no address to connect to"), null)
            return
          }
          base({ ...options, hostname: address }, (error, socket) => {
            if (error === null) callback(null, socket)
            else dial(index + 1, error)
          })
        }
        dial(0, undefined)
      }
    })
  }
}

/** A guarded client whose Agent lives as long as the scope. */
export const make = (policy: Policy): Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<never>()
    const agent = yield* Effect.acquireRelease(
      Effect.sync(() => new Undici.Agent({ connect: guardedConnector(policy, runtime) })),
      (agent) => Effect.promise(() => agent.destroy())
    )
    return NodeHttpClient.makeUndici(agent).pipe(
      HttpClient.transform((effect, request) =>
        Effect.suspend(() => {
          const refused = preflight(policy, request)
          if (refused === undefined) return effect
          return Effect.zipRight(
            record(refused.reason, "request"),
            Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: refused }))
          )
        })
      )
    )
  })
