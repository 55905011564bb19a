/**
 * HubSpot companies: create one, optionally associated with existing records on the way in.
 *
 * @since 0.1.0
 */
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../HubSpotClient.js"
import * as S from "../HubSpotSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /**
   * Creates a company (`POST /crm/v3/objects/companies`). HubSpot has no idempotency keys and does not deduplicate
   * companies, so a create is retried only after a 429, which proves it was not applied.
   */
  readonly create: VendorClient.Method<S.CreateParams, S.CrmObject, CallOptions>
}

/**
 * Declares the company operations on a HubSpot pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "companies.create",
    method: "POST",
    input: S.CreateParams,
    output: S.CrmObject,
    request: (params) => ({
      path: "/crm/v3/objects/companies",
      body: HttpIntegration.json({ properties: params.properties, associations: params.associations ?? [] })
    })
  })
  return { create: (params, options) => create(params, options) }
}
