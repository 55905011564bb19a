/**
 * HubSpot associations (CRM v4): link a contact to a company with HubSpot's default association type. The call is a
 * PUT, so repeating it leaves one association: it is retried like a read.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import type { CallOptions } from "../HubSpotClient.js"
import * as S from "../HubSpotSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /**
   * Associates a contact with a company using the default (unlabeled) type, both directions at once
   * (`PUT /crm/v4/objects/contacts/{contactId}/associations/default/companies/{companyId}`). Ids are record ids.
   */
  readonly contactToCompany: (
    contactId: string,
    companyId: string,
    options?: CallOptions
  ) => Effect.Effect<S.DefaultAssociationResponse, IntegrationError>
}

/**
 * Declares the association operations on a HubSpot pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const contactToCompany = http.operation({
    name: "associations.contactToCompany",
    method: "PUT",
    input: Schema.Struct({ contactId: Op.NumericId, companyId: Op.NumericId }),
    output: S.DefaultAssociationResponse,
    request: ({ companyId, contactId }) => ({
      path: VendorClient.path`/crm/v4/objects/contacts/${contactId}/associations/default/companies/${companyId}`
    })
  })
  return {
    contactToCompany: (contactId, companyId, options) => contactToCompany({ contactId, companyId }, options)
  }
}
