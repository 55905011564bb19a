/**
 * PhantomBuster API v2 request and response Schemas, written by hand: PhantomBuster's only public spec is v1
 * (legacy, Swagger 2.0). Fields and enumerations come from PhantomBuster's API v2 reference
 * (https://hub.phantombuster.com/reference: `/agents/launch`, `/agents/stop`, `/agents/fetch`, `/agents/fetch-all`,
 * `/agents/fetch-output`, `/containers/fetch`, `/containers/fetch-result-object`, `/orgs/fetch`), which is generated
 * from PhantomBuster's own OpenAPI 3 document (github.com/phantombuster/public-gists, `swagger-api-v2.json`); the
 * contract test checks them against recorded examples (capture-only). Dates are milliseconds since the epoch in v2.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openLiteral } from "../internal/openLiteral.js"

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/**
 * An agent or container id: PhantomBuster's are decimal strings (`"5027055349780535"`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Id = Schema.String.pipe(Schema.pattern(/^\d{1,32}$/), Schema.annotations({ identifier: "PhantomBusterId" }))

/**
 * A launch argument: a plain object (sent as is) or a JSON string of one.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Argument = Schema.Union(
  Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  Schema.String.pipe(
    Schema.filter((text) => {
      try {
        const value: unknown = JSON.parse(text)
        return (typeof value === "object" && value !== null && !Array.isArray(value)) || "must be a JSON object"
      } catch {
        return "must be a JSON object"
      }
    }, { identifier: "JsonObjectString" })
  )
)

/**
 * `POST /agents/launch`: adds the agent to the launch queue.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const LaunchRequest = Schema.Struct({
  id: Id,
  argument: Schema.optional(Argument),
  /** Single-use: merged into the saved argument for this launch only. */
  bonusArgument: Schema.optional(Argument),
  /** Save `argument` as the agent's default. */
  saveArgument: Schema.optional(Schema.Boolean),
  manualLaunch: Schema.optional(Schema.Boolean),
  /** Launch only if fewer instances than this are running. */
  maxInstanceCount: Schema.optional(Schema.Int.pipe(Schema.positive()))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface LaunchRequest extends Schema.Schema.Type<typeof LaunchRequest> {}

/**
 * The launch's container, the handle to poll.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Launched = Schema.Struct({ containerId: Id })

/**
 * @since 0.1.0
 * @category Models
 */
export interface Launched extends Schema.Schema.Type<typeof Launched> {}

/**
 * `POST /agents/stop` (API v2's name for v1's abort).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const StopRequest = Schema.Struct({
  id: Id,
  /** Ask the agent to end itself cleanly instead of killing it. */
  softAbort: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface StopRequest extends Schema.Schema.Type<typeof StopRequest> {}

/**
 * How a container ended; open (the reference lists `finished`, `killed`, `global timeout`, `org timeout`,
 * `agent timeout`, `unknown`, `no log timeout`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const EndType = openLiteral("finished", "killed", "global timeout", "org timeout", "agent timeout", "unknown", "no log timeout")

/**
 * A container's status; open (`starting`, `running`, `finished`, `unknown`, `launch error`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContainerStatus = openLiteral("starting", "running", "finished", "unknown", "launch error")

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Agent = Schema.Struct({
  id: Id,
  name: optional(Schema.String),
  scriptId: optional(Schema.String),
  script: optional(Schema.String),
  branch: optional(Schema.String),
  /** The saved argument, a JSON string. */
  argument: optional(Schema.String),
  launchType: optional(Schema.String),
  lastEndType: optional(EndType),
  lastEndedAt: optional(Schema.Number),
  lastExitCode: optional(Schema.Number),
  nbContainersRunning: optional(Schema.Number),
  s3Folder: optional(Schema.String),
  orgS3Folder: optional(Schema.String),
  createdAt: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Agent extends Schema.Schema.Type<typeof Agent> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const AgentList = Schema.Array(Agent)

/**
 * `GET /agents/fetch-output`: the most recent container's console output from `fromOutputPos`, for incremental reads.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FetchOutputParams = Schema.Struct({
  id: Id,
  fromOutputPos: Schema.optional(Schema.Int.pipe(Schema.nonNegative()))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface FetchOutputParams extends Schema.Schema.Type<typeof FetchOutputParams> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const AgentOutput = Schema.Struct({
  containerId: optional(Schema.String),
  status: Schema.Union(ContainerStatus, Schema.Literal("never launched")),
  output: optional(Schema.String),
  /** Pass as `fromOutputPos` next time to read only what is new. */
  outputPos: optional(Schema.Number),
  mostRecentEndedAt: optional(Schema.Number),
  progress: optional(Schema.Number),
  progressLabel: optional(Schema.String),
  isAgentRunning: Schema.Boolean,
  canSoftAbort: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface AgentOutput extends Schema.Schema.Type<typeof AgentOutput> {}

/**
 * `GET /containers/fetch`: one run of an agent.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Container = Schema.Struct({
  id: Id,
  status: ContainerStatus,
  agentId: optional(Schema.String),
  createdAt: optional(Schema.Number),
  launchedAt: optional(Schema.Number),
  endedAt: optional(Schema.Number),
  endType: optional(EndType),
  exitCode: optional(Schema.Number),
  launchType: optional(Schema.String),
  retryNumber: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Container extends Schema.Schema.Type<typeof Container> {}

/**
 * `GET /containers/fetch-result-object`: the run's result, a JSON string (or `null` when the script set none).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResultObject = Schema.Struct({ resultObject: optional(Schema.String) })

/**
 * `GET /orgs/fetch`, the health check's read.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Org = Schema.Struct({ id: optional(Schema.String), name: optional(Schema.String) })
