/**
 * Postmark templates: list, create, get, update, delete (by numeric id or alias), and validate template content
 * without saving it (Templates API, https://postmarkapp.com/developer/api/templates-api). Validation is a pure
 * computation, so it is retried like a read; creating is not retried after a failure that may have created it.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as S from "../PostmarkSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly list: VendorClient.Method<S.ListTemplatesParams, S.TemplateList>
  readonly create: VendorClient.Method<S.CreateTemplateRequest, S.TemplateRecord>
  readonly get: VendorClient.Method<S.TemplateIdOrAlias, S.Template>
  readonly update: (
    idOrAlias: S.TemplateIdOrAlias,
    changes: S.UpdateTemplateRequest,
    options?: HttpIntegration.CallOptions
  ) => Effect.Effect<S.TemplateRecord, IntegrationError>
  readonly delete: VendorClient.Method<S.TemplateIdOrAlias, S.DeleteResponse>
  readonly validate: VendorClient.Method<S.ValidateTemplateRequest, S.TemplateValidation>
}

/**
 * Declares the template operations on a Postmark pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const list = http.operation({
    name: "templates.list",
    method: "GET",
    input: S.ListTemplatesParams,
    output: S.TemplateList,
    request: (params) => ({ path: "/templates", query: params })
  })
  const create = http.operation({
    name: "templates.create",
    method: "POST",
    input: S.CreateTemplateRequest,
    output: S.TemplateRecord,
    request: (template) => ({ path: "/templates", body: HttpIntegration.json(template) })
  })
  const get = http.operation({
    name: "templates.get",
    method: "GET",
    input: S.TemplateIdOrAlias,
    output: S.Template,
    request: (id) => ({ path: VendorClient.path`/templates/${id}` })
  })
  const update = http.operation({
    name: "templates.update",
    method: "PUT",
    input: Schema.Struct({ id: S.TemplateIdOrAlias, changes: S.UpdateTemplateRequest }),
    output: S.TemplateRecord,
    request: ({ changes, id }) => ({ path: VendorClient.path`/templates/${id}`, body: HttpIntegration.json(changes) })
  })
  const remove = http.operation({
    name: "templates.delete",
    method: "DELETE",
    input: S.TemplateIdOrAlias,
    output: S.DeleteResponse,
    request: (id) => ({ path: VendorClient.path`/templates/${id}` })
  })
  const validate = http.operation({
    name: "templates.validate",
    method: "POST",
    // A test render: nothing is stored, so repeating it is harmless.
    idempotent: true,
    input: S.ValidateTemplateRequest,
    output: S.TemplateValidation,
    request: (content) => ({ path: "/templates/validate", body: HttpIntegration.json(content) })
  })
  return {
    list,
    create,
    get,
    update: (id, changes, options) => update({ id, changes }, options),
    delete: remove,
    validate
  }
}
