/**
 * PhantomBuster agents (API v2): launch, fetch, list, fetch the latest output, stop (v1's abort), and launch-and-wait,
 * which launches, polls the launch's container until it ends (`JobPolling`, bounded), and returns the container with
 * its parsed result object.
 *
 * A launch is not idempotent (a repeat starts another run) and PhantomBuster takes no idempotency key: it is retried
 * only when the failure proves nothing was launched (429, a refused connection). Stopping twice is harmless, so a stop
 * is retried like a read.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as JobPolling from "../../../core/JobPolling.js"
import * as Op from "../internal/operation.js"
import * as S from "../PhantomBusterSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface WaitOptions extends HttpIntegration.CallOptions {
  /** The longest the run may take, from the launch. Default 15 minutes. */
  readonly timeout?: Duration.DurationInput | undefined
  /** The first wait between two status reads. Default 5 s, growing 1.5 times up to 60 s. */
  readonly interval?: Duration.DurationInput | undefined
}

/**
 * A finished run: its container and its result object, parsed (`undefined` when the script set none).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Run {
  readonly container: S.Container
  readonly result: unknown
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly launch: VendorClient.Method<S.LaunchRequest, S.Launched>
  readonly fetch: (id: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Agent, IntegrationError>
  readonly list: (options?: HttpIntegration.CallOptions) => Effect.Effect<ReadonlyArray<S.Agent>, IntegrationError>
  readonly fetchOutput: VendorClient.Method<S.FetchOutputParams, S.AgentOutput>
  /** Stops the agent's running container (`POST /agents/stop`, v1's abort). */
  readonly abort: VendorClient.Method<S.StopRequest, void>
  /**
   * Launches and waits for the run to end: its container and result, or `Server` when it ended with a non-zero exit
   * code or a launch error (not retryable: PhantomBuster ran it), or `Timeout` (the run may still finish: read its
   * container later rather than launching again).
   */
  readonly launchAndWait: (request: S.LaunchRequest, options?: WaitOptions) => Effect.Effect<Run, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface ContainersApi {
  readonly fetch: (id: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Container, IntegrationError>
  /** The run's result object, parsed from its JSON string; `undefined` when the script set none. */
  readonly fetchResult: (id: string, options?: HttpIntegration.CallOptions) => Effect.Effect<unknown, IntegrationError>
}

/**
 * What one container status says about a launch: done when it finished with exit code 0.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const decide = (container: S.Container): JobPolling.Verdict<S.Container> => {
  if (container.status === "launch error") return JobPolling.failed("PhantomBuster could not launch the agent")
  if (container.status !== "finished") return JobPolling.pending()
  if (container.exitCode === 0) return JobPolling.done(container)
  return JobPolling.failed(
    `the agent ended with exit code ${container.exitCode ?? "unknown"}${container.endType ? ` (${container.endType})` : ""}`
  )
}

/**
 * Declares the agent and container operations on a PhantomBuster pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): { readonly agents: Api; readonly containers: ContainersApi } => {
  const launch = http.operation({
    name: "agents.launch",
    method: "POST",
    input: S.LaunchRequest,
    output: S.Launched,
    request: (request) => ({ path: "/agents/launch", body: HttpIntegration.json(request) })
  })
  const fetch = http.operation({
    name: "agents.fetch",
    method: "GET",
    input: S.Id,
    output: S.Agent,
    request: (id) => ({ path: "/agents/fetch", query: { id } })
  })
  const list = http.operation({
    name: "agents.list",
    method: "GET",
    input: Schema.Void,
    output: S.AgentList,
    request: () => ({ path: "/agents/fetch-all" })
  })
  const fetchOutput = http.operation({
    name: "agents.fetchOutput",
    method: "GET",
    input: S.FetchOutputParams,
    output: S.AgentOutput,
    request: (params) => ({ path: "/agents/fetch-output", query: params })
  })
  const stop = http.operation({
    name: "agents.abort",
    method: "POST",
    idempotent: true,
    input: S.StopRequest,
    output: Schema.Unknown,
    request: (request) => ({ path: "/agents/stop", body: HttpIntegration.json(request) })
  })
  const container = http.operation({
    name: "containers.fetch",
    method: "GET",
    input: S.Id,
    output: S.Container,
    request: (id) => ({ path: "/containers/fetch", query: { id } })
  })
  const result = http.operation({
    name: "containers.fetchResult",
    method: "GET",
    input: S.Id,
    output: S.ResultObject,
    request: (id) => ({ path: "/containers/fetch-result-object", query: { id } })
  })

  const fetchResult = (id: string, options?: HttpIntegration.CallOptions) =>
    Effect.flatMap(result(id, options), ({ resultObject }) =>
      resultObject === null || resultObject === undefined || resultObject === ""
        ? Effect.succeed(undefined)
        : Effect.try({
          try: (): unknown => JSON.parse(resultObject),
          catch: () => Op.drift(result.operation, "the container's result object is not JSON")
        }))

  const launchAndWait = (request: S.LaunchRequest, options: WaitOptions = {}) =>
    Effect.gen(function*() {
      const { interval, timeout, ...callOptions } = options
      const { containerId } = yield* launch(request, callOptions)
      const ended = yield* JobPolling.untilDone({
        vendor: Op.VENDOR,
        operation: "agents.launchAndWait",
        poll: container(containerId, callOptions),
        decide,
        interval: interval ?? "5 seconds",
        maxInterval: "60 seconds",
        timeout: timeout ?? "15 minutes"
      })
      return { container: ended, result: yield* fetchResult(containerId, callOptions) }
    })

  return {
    agents: {
      launch,
      fetch,
      list: (options) => list(undefined, options),
      fetchOutput,
      abort: (request, options) => Effect.asVoid(stop(request, options)),
      launchAndWait
    },
    containers: { fetch: container, fetchResult }
  }
}
