/**
 * Retell voice agents: create, retrieve (a version), list (a `Stream` over `pagination_key`), update the draft,
 * publish a version, list versions, delete.
 *
 * Creating an agent is not idempotent (a retry after a lost answer makes a second agent): it is retried only on a 429.
 * Updates set values and publishing a version twice publishes it once, so both are retried like reads.
 *
 * Paths from Retell's API reference and its SDK's `src/resources/agent.ts`: `POST /v2/list-agents` and
 * `POST /publish-agent-version/{agent_id}` are missing from the community OpenAPI copy (capture-tested only).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import * as S from "../RetellSchemas.js"

/**
 * Per-call options of a read or an update of one agent: which `version` (default: the latest draft).
 *
 * @since 0.1.0
 * @category Models
 */
export interface VersionOptions extends HttpIntegration.CallOptions {
  readonly version?: number | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Creates an agent. Not retried once it may have reached Retell (a retry could create a second agent). */
  readonly create: VendorClient.Method<S.CreateAgentParams, S.Agent>
  readonly retrieve: (agentId: string, options?: VersionOptions) => Effect.Effect<S.Agent, IntegrationError>
  /** One page of agents; pass the previous page's `pagination_key` for the next. */
  readonly listPage: (params?: S.ListAgentsParams, options?: HttpIntegration.CallOptions) => Effect.Effect<S.AgentPage, IntegrationError>
  /** Every agent, pages fetched as the stream is pulled. */
  readonly list: (
    params?: Omit<S.ListAgentsParams, "pagination_key">,
    options?: HttpIntegration.CallOptions
  ) => Stream.Stream<S.AgentSummary, IntegrationError>
  readonly update: (agentId: string, params: S.UpdateAgentParams, options?: VersionOptions) => Effect.Effect<S.Agent, IntegrationError>
  /** Publishes `version`, which inbound and outbound calls then use. */
  readonly publish: (agentId: string, params: S.PublishAgentParams, options?: HttpIntegration.CallOptions) => Effect.Effect<void, IntegrationError>
  /** Every version of the agent, the draft included. */
  readonly versions: (agentId: string, options?: HttpIntegration.CallOptions) => Effect.Effect<ReadonlyArray<S.Agent>, IntegrationError>
  readonly delete: (agentId: string, options?: HttpIntegration.CallOptions) => Effect.Effect<void, IntegrationError>
}

const Version = Schema.optional(Schema.Int.pipe(Schema.nonNegative()))

/**
 * Declares the agent operations on a Retell pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "agents.create",
    method: "POST",
    input: S.CreateAgentParams,
    output: S.Agent,
    request: (params) => ({ path: "/create-agent", body: HttpIntegration.json(params) }),
    idempotent: false,
    idempotencyKey: false
  })
  const retrieve = http.operation({
    name: "agents.retrieve",
    method: "GET",
    input: Schema.Struct({ agent_id: S.Id, version: Version }),
    output: S.Agent,
    request: ({ agent_id, version }) => ({ path: VendorClient.path`/get-agent/${agent_id}`, query: { version } })
  })
  const listPage = http.operation({
    name: "agents.list",
    method: "POST",
    input: S.ListAgentsParams,
    output: S.AgentPage,
    request: (params) => ({ path: "/v2/list-agents", body: HttpIntegration.json(params) }),
    idempotent: true,
    idempotencyKey: false
  })
  const update = http.operation({
    name: "agents.update",
    method: "PATCH",
    input: Schema.Struct({ agent_id: S.Id, version: Version, params: S.UpdateAgentParams }),
    output: S.Agent,
    request: ({ agent_id, params, version }) => ({
      path: VendorClient.path`/update-agent/${agent_id}`,
      query: { version },
      body: HttpIntegration.json(params)
    }),
    idempotent: true,
    idempotencyKey: false
  })
  const publish = http.operation({
    name: "agents.publish",
    method: "POST",
    input: Schema.Struct({ agent_id: S.Id, params: S.PublishAgentParams }),
    output: Schema.Void,
    request: ({ agent_id, params }) => ({
      path: VendorClient.path`/publish-agent-version/${agent_id}`,
      body: HttpIntegration.json(params),
      headers: { accept: "*/*" }
    }),
    idempotent: true,
    idempotencyKey: false
  })
  const versions = http.operation({
    name: "agents.versions",
    method: "GET",
    input: S.Id,
    output: Schema.Array(S.Agent),
    request: (id) => ({ path: VendorClient.path`/get-agent-versions/${id}` })
  })
  const remove = http.operation({
    name: "agents.delete",
    method: "DELETE",
    input: S.Id,
    output: Schema.Void,
    request: (id) => ({ path: VendorClient.path`/delete-agent/${id}`, headers: { accept: "*/*" } })
  })
  const page = (params: S.ListAgentsParams | undefined, options: HttpIntegration.CallOptions | undefined) =>
    Op.call(listPage, params ?? {}, options)
  const versionOf = (options: VersionOptions | undefined) => options?.version
  return {
    create: (params, options) => Op.call(create, params, options),
    retrieve: (id, options) => Op.call(retrieve, { agent_id: id, version: versionOf(options) }, options),
    listPage: page,
    list: (params, options) =>
      Op.paginate("agents.list", (key) => page({ ...params, ...Op.keyed(key) }, options)),
    update: (id, params, options) => Op.call(update, { agent_id: id, version: versionOf(options), params }, options),
    publish: (id, params, options) => Op.call(publish, { agent_id: id, params }, options),
    versions: (id, options) => Op.call(versions, id, options),
    delete: (id, options) => Op.call(remove, id, options)
  }
}
