/**
 * Tavily research tasks: start one (`POST /research`, `201`), read its status (`GET /research/{request_id}`: `202`
 * while it runs, `200` once completed or failed), or wait for it on a bounded schedule (`JobPolling`). Starting a task
 * costs credits and Tavily takes no idempotency key, so a start is retried only when Tavily proves it did not run it
 * (a 429); a status read is retried like any read.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as JobPolling from "../../../core/JobPolling.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../TavilyClient.js"
import * as S from "../TavilySchemas.js"

/**
 * How long `wait` polls: the first wait between reads (`interval`, default 2 s), growing by 1.5 up to `maxInterval`
 * (default 15 s), for at most `timeout` (default 10 minutes: Tavily's `pro` model may research for several minutes).
 *
 * @since 0.1.0
 * @category Models
 */
export interface WaitOptions extends CallOptions {
  readonly interval?: Duration.DurationInput | undefined
  readonly maxInterval?: Duration.DurationInput | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Starts a research task; its `request_id` is what `get` and `wait` take. */
  readonly create: VendorClient.Method<S.ResearchRequest, S.ResearchResponse, CallOptions>
  /** The task's status now: running, completed (with its report) or failed. */
  readonly get: (requestId: string, options?: CallOptions) => Effect.Effect<S.ResearchStatus, IntegrationError>
  /**
   * Reads the status until the task completes (its report), fails (`Server`, not retryable), or `timeout` passes
   * (`Timeout`, retryable: the task may still finish; `wait` again rather than starting a new one).
   */
  readonly wait: (requestId: string, options?: WaitOptions) => Effect.Effect<S.ResearchCompleted, IntegrationError>
  /** `create`, then `wait`. */
  readonly run: (params: S.ResearchRequest, options?: WaitOptions) => Effect.Effect<S.ResearchCompleted, IntegrationError>
}

/**
 * Declares the research operations on a Tavily pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "research.create",
    method: "POST",
    input: S.ResearchRequest,
    output: S.ResearchResponse,
    request: (params) => ({ path: "/research", body: HttpIntegration.json(params) })
  })
  const get = http.operation({
    name: "research.get",
    method: "GET",
    input: Schema.NonEmptyTrimmedString,
    output: S.ResearchStatus,
    request: (requestId) => ({ path: VendorClient.path`/research/${requestId}` })
  })
  const wait = (requestId: string, options: WaitOptions = {}) => {
    const { interval, maxInterval, timeout, ...call } = options
    return JobPolling.untilDone({
      vendor: "Tavily",
      operation: "research.wait",
      poll: get(requestId, call),
      decide: (status) =>
        S.isCompleted(status)
          ? JobPolling.done(status)
          : S.isFailed(status)
          ? JobPolling.failed("Tavily reported the research task as failed")
          : JobPolling.pending(),
      interval: interval ?? "2 seconds",
      maxInterval: maxInterval ?? "15 seconds",
      timeout: timeout ?? "10 minutes"
    }).pipe(Effect.withSpan("Tavily.research.wait"))
  }
  const run = (params: S.ResearchRequest, options: WaitOptions = {}) => {
    const { interval: _interval, maxInterval: _maxInterval, timeout: _timeout, ...call } = options
    return Effect.flatMap(create(params, call), (task) => wait(task.request_id, options))
  }
  return { create, get, wait, run }
}
