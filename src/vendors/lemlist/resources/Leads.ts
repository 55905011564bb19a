/**
 * lemlist leads: in a campaign (add, list, update, delete, unsubscribe) and across campaigns by e-mail. Addresses in
 * paths never reach spans as written: the kernel replaces path segments holding an e-mail address.
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
export interface CampaignLeadsApi {
  /**
   * Adds a lead to a campaign. Not retried after a timeout or a 5xx (lemlist has no idempotency key); pass
   * `deduplicate: true` to have lemlist refuse an address already in another campaign.
   */
  readonly add: (
    campaignId: string,
    lead: S.NewLead,
    params?: S.AddLeadOptions,
    options?: CallOptions
  ) => Effect.Effect<S.CampaignLead, IntegrationError>
  /** The campaign's leads (id, contact id, state), at most `limit` (default 100, at most 500). */
  readonly list: (
    campaignId: string,
    params?: S.ListLeadsParams,
    options?: CallOptions
  ) => Effect.Effect<S.LeadSummaries, IntegrationError>
  readonly update: (
    campaignId: string,
    leadId: string,
    fields: S.LeadUpdate,
    options?: CallOptions
  ) => Effect.Effect<S.UpdatedLead, IntegrationError>
  /** Removes the lead from the campaign for good (`action=remove`). */
  readonly delete: (campaignId: string, leadId: string, options?: CallOptions) => Effect.Effect<S.DeletedLead, IntegrationError>
  /** Unsubscribes the address from the campaign: the lead stays, and receives nothing more from it. */
  readonly unsubscribe: (
    campaignId: string,
    email: string,
    options?: CallOptions
  ) => Effect.Effect<S.UnsubscribedLead, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface LeadsApi {
  /** The lead with this address in every campaign it belongs to. */
  readonly getByEmail: (email: string, options?: CallOptions) => Effect.Effect<S.LeadsByEmail, IntegrationError>
}

/**
 * Declares the lead operations on a lemlist pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  http: HttpIntegration.HttpIntegration
): { readonly campaignLeads: CampaignLeadsApi; readonly leads: LeadsApi } => {
  const add = http.operation({
    name: "campaignLeads.add",
    method: "POST",
    input: Schema.Struct({ campaignId: S.Id, lead: S.NewLead, params: S.AddLeadOptions }),
    output: S.CampaignLead,
    request: ({ campaignId, lead, params }) => ({
      path: VendorClient.path`/campaigns/${campaignId}/leads/`,
      query: params,
      body: HttpIntegration.json(lead)
    })
  })
  const list = http.operation({
    name: "campaignLeads.list",
    method: "GET",
    input: Schema.Struct({ campaignId: S.Id, params: S.ListLeadsParams }),
    output: S.LeadSummaries,
    request: ({ campaignId, params }) => ({ path: VendorClient.path`/campaigns/${campaignId}/leads/`, query: params })
  })
  const update = http.operation({
    name: "campaignLeads.update",
    method: "PATCH",
    // Setting the same fields again leaves the lead as it was.
    idempotent: true,
    input: Schema.Struct({ campaignId: S.Id, leadId: S.Id, fields: S.LeadUpdate }),
    output: S.UpdatedLead,
    request: ({ campaignId, fields, leadId }) => ({
      path: VendorClient.path`/campaigns/${campaignId}/leads/${leadId}`,
      body: HttpIntegration.json(fields)
    })
  })
  const remove = http.operation({
    name: "campaignLeads.delete",
    method: "DELETE",
    input: Schema.Struct({ campaignId: S.Id, leadId: S.Id }),
    output: S.DeletedLead,
    request: ({ campaignId, leadId }) => ({
      path: VendorClient.path`/campaigns/${campaignId}/leads/${leadId}`,
      query: { action: "remove" }
    })
  })
  const unsubscribe = http.operation({
    name: "campaignLeads.unsubscribe",
    method: "DELETE",
    input: Schema.Struct({ campaignId: S.Id, email: S.Email }),
    output: S.UnsubscribedLead,
    request: ({ campaignId, email }) => ({ path: VendorClient.path`/campaigns/${campaignId}/leads/${email}` })
  })
  const byEmail = http.operation({
    name: "leads.getByEmail",
    method: "GET",
    input: S.Email,
    output: S.LeadsByEmail,
    request: (email) => ({ path: VendorClient.path`/leads/${email}`, query: { version: "v2" } })
  })
  return {
    campaignLeads: {
      add: (campaignId, lead, params = {}, options) => add({ campaignId, lead, params }, options),
      list: (campaignId, params = {}, options) => list({ campaignId, params }, options),
      update: (campaignId, leadId, fields, options) => update({ campaignId, leadId, fields }, options),
      delete: (campaignId, leadId, options) => remove({ campaignId, leadId }, options),
      unsubscribe: (campaignId, email, options) => unsubscribe({ campaignId, email }, options)
    },
    leads: { getByEmail: (email, options) => byEmail(email, options) }
  }
}
