/**
 * Apollo organizations: enrich one company by its domain (`GET /organizations/enrich?domain=`, Organization
 * Enrichment in Apollo's reference). A domain is no personal data, so it may go in the query string.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as S from "../ApolloSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** The organization, or `None` when Apollo has none for the domain. */
  readonly enrich: (domain: string, options?: HttpIntegration.CallOptions) => Effect.Effect<Option.Option<S.Organization>, IntegrationError>
}

/**
 * Declares the organization operations on an Apollo pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const enrich = http.operation({
    name: "organizations.enrich",
    method: "GET",
    input: S.Domain,
    output: S.OrganizationEnrichResponse,
    request: (domain) => ({ path: "/organizations/enrich", query: { domain } })
  })
  return {
    enrich: (domain, options) =>
      Effect.map(enrich(domain, options), (response) =>
        response.organization === null || response.organization === undefined || Object.keys(response.organization).length === 0
          ? Option.none()
          : Option.some(response.organization))
  }
}
