/**
 * lemlist webhooks: register one (`POST /hooks`), list them, delete one. A registration is not retried after a timeout
 * or a 5xx (lemlist has no idempotency key: a second registration would deliver every event twice).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../LemlistClient.js"
import * as S from "../LemlistSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly create: VendorClient.Method<S.CreateHookParams, S.CreatedHook, CallOptions>
  readonly list: (options?: CallOptions) => Effect.Effect<ReadonlyArray<S.Hook>, IntegrationError>
  readonly delete: (hookId: string, options?: CallOptions) => Effect.Effect<S.DeletedHook, IntegrationError>
}

/**
 * Declares the webhook operations on a lemlist pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "hooks.create",
    method: "POST",
    input: S.CreateHookParams,
    output: S.CreatedHook,
    request: ({ campaignId, isFirst, secret, targetUrl, type }) => ({
      path: "/hooks",
      query: { campaignId, isFirst },
      body: HttpIntegration.json({ targetUrl, type, secret })
    })
  })
  const list = http.operation({
    name: "hooks.list",
    method: "GET",
    input: Schema.Void,
    output: Schema.Array(S.Hook),
    request: () => ({ path: "/hooks" })
  })
  const remove = http.operation({
    name: "hooks.delete",
    method: "DELETE",
    input: S.Id,
    output: S.DeletedHook,
    request: (id) => ({ path: VendorClient.path`/hooks/${id}` })
  })
  return {
    create: (params, options) => create(params, options),
    list: (options) => list(undefined, options),
    delete: (hookId, options) => remove(hookId, options)
  }
}
