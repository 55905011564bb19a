/**
 * What `npm run schemas:generate` generates: one entry per vendor, each a slice of the vendor's spec (the operations
 * its client calls) written to `src/vendors/<folder>/generated/<module>.ts`. See scripts/README.md.
 *
 * Entry fields:
 * - `folder`, `module`, `title`: where the module goes and how its header names the vendor.
 * - `spec`: the document under the specs folder (`../shared/specs`, or `$SPECS_DIR`).
 * - `operations`: `{ method, path, name? }` in the order the module declares them; `name` is required when the spec
 *   has no operationId, and replaces it otherwise.
 * - `schemas`: component schemas to generate though no operation refers to them (stream events, webhooks).
 * - `rename`: better names for generated inline bodies (`{ SearchError: "ErrorResponse" }`).
 * - `patches`: corrections to the spec, each with `why` (the evidence) and either `at` (a JSON pointer into the
 *   slice) or `property` (every property of that name in the slice); then `set` (keys to merge), `unset` (keys to
 *   drop), `renameProperty` (`{ from: to }`). A patch that matches nothing fails the run, so it cannot outlive the
 *   spec error it fixes. The generated doc comment of each corrected field quotes `why`.
 * - `nullableOptionals` (default true): optional response fields also accept `null`.
 * - `maxBytes`: the most the module may weigh (default 200 kB); a bigger one means the slice takes too much.
 * - `since`: the `@since` of everything in the module.
 */

export const vendors = [
  {
    folder: "tavily",
    module: "TavilyOpenApi",
    title: "Tavily",
    spec: "tavily/openapi.tryAGI.json",
    since: "0.1.0",
    operations: [
      { method: "post", path: "/search", name: "search" },
      { method: "post", path: "/extract", name: "extract" },
      { method: "post", path: "/crawl", name: "crawl" },
      { method: "post", path: "/map", name: "map" },
      { method: "post", path: "/research", name: "research" },
      { method: "get", path: "/research/{request_id}", name: "getResearch" },
      { method: "get", path: "/usage", name: "usage" }
    ],
    rename: { SearchError: "ErrorResponse" },
    patches: [
      {
        property: "response_time",
        set: { anyOf: [{ type: "number" }, { type: "string" }] },
        unset: ["type", "format"],
        why: "declared an integer (research) or a number, yet Tavily's own examples give fractional seconds (1.23) and, " +
          "for search, a string (\"1.67\")."
      },
      {
        at: "/paths/~1search/post/responses/200/content/application~1json/schema",
        set: { required: ["query", "results", "images", "response_time"] },
        why: "`answer` was listed as required, yet its own description says it is included only if `include_answer` is " +
          "requested."
      },
      {
        property: "raw_content",
        set: { nullable: true },
        why: "Tavily's own example of a search result gives `null` when `include_raw_content` is off."
      },
      {
        at: "/components/schemas/ResearchTaskFailed",
        set: { required: ["request_id", "status"] },
        why: "`response_time` was listed as required, yet Tavily's own example of a failed task has none."
      },
      {
        at: "/paths/~1extract/post/requestBody/content/application~1json/schema/properties/timeout",
        unset: ["default"],
        why: "the default was \"None\" (Python's None) on a number: there is no default, the timeout then depends on " +
          "`extract_depth`."
      }
    ]
  },
  {
    folder: "firecrawl",
    module: "FirecrawlOpenApi",
    title: "Firecrawl",
    spec: "firecrawl/v2-openapi.json",
    since: "0.1.0",
    operations: [
      { method: "post", path: "/scrape", name: "scrape" },
      { method: "post", path: "/map", name: "map" },
      { method: "post", path: "/search", name: "search" },
      { method: "post", path: "/extract", name: "extract" },
      { method: "get", path: "/extract/{id}", name: "getExtract" },
      { method: "post", path: "/crawl", name: "crawl" },
      { method: "get", path: "/crawl/{id}", name: "getCrawl" },
      { method: "delete", path: "/crawl/{id}", name: "cancelCrawl" },
      { method: "post", path: "/batch/scrape", name: "batchScrape" },
      { method: "get", path: "/batch/scrape/{id}", name: "getBatchScrape" },
      { method: "delete", path: "/batch/scrape/{id}", name: "cancelBatchScrape" },
      { method: "get", path: "/team/credit-usage", name: "creditUsage" }
    ],
    rename: { ScrapeError402: "ErrorResponse", ScrapeError500: "CodedErrorResponse", SearchError408: "SearchTimeoutResponse" },
    patches: [
      {
        property: "country",
        set: { example: "US" },
        why: "no example for an ISO 3166-1 alpha-2 code (`^[A-Z]{2}$`); the spec's own description and default give \"US\"."
      }
    ]
  },
  {
    folder: "postmark",
    module: "PostmarkOpenApi",
    title: "Postmark",
    spec: "postmark/server.openapi.json",
    since: "0.1.0",
    operations: [
      { method: "post", path: "/email" },
      { method: "post", path: "/email/batch" },
      { method: "post", path: "/email/withTemplate" },
      { method: "post", path: "/email/batchWithTemplates" },
      { method: "get", path: "/templates" },
      { method: "post", path: "/templates", name: "createTemplate" },
      { method: "get", path: "/templates/{templateIdOrAlias}" },
      { method: "put", path: "/templates/{templateIdOrAlias}" },
      { method: "delete", path: "/templates/{templateIdOrAlias}" },
      { method: "post", path: "/templates/validate" },
      { method: "get", path: "/bounces" },
      { method: "get", path: "/bounces/{bounceid}" },
      { method: "put", path: "/bounces/{bounceid}/activate" },
      { method: "get", path: "/server" }
    ],
    patches: [
      {
        at: "/components/schemas/TemplateListingResponse",
        renameProperty: { "Templates API": "Templates" },
        why: "the list is `Templates` in Postmark's API reference (Templates API, \"List templates\"); the spec's " +
          "`Templates API` is its section title leaking into the field name."
      },
      {
        at: "/components/schemas/EditTemplateRequest",
        unset: ["required"],
        why: "it required `TemplateId`, which is no field of the body: the template is named by the path."
      }
    ]
  },
  {
    folder: "lemlist",
    module: "LemlistOpenApi",
    title: "Lemlist",
    spec: "lemlist/openapi.v2.json",
    since: "0.1.0",
    operations: [
      { method: "get", path: "/campaigns", name: "listCampaigns" },
      { method: "post", path: "/campaigns", name: "createCampaign" },
      { method: "get", path: "/campaigns/{campaignId}", name: "getCampaign" },
      { method: "post", path: "/campaigns/{campaignId}/start", name: "startCampaign" },
      { method: "post", path: "/campaigns/{campaignId}/pause", name: "pauseCampaign" },
      { method: "get", path: "/campaigns/{campaignId}/leads/", name: "listCampaignLeads" },
      { method: "post", path: "/campaigns/{campaignId}/leads/", name: "addCampaignLead" },
      { method: "patch", path: "/campaigns/{campaignId}/leads/{leadId}", name: "updateCampaignLead" },
      { method: "delete", path: "/campaigns/{campaignId}/leads/{leadId}", name: "deleteCampaignLead" },
      { method: "delete", path: "/campaigns/{campaignId}/leads/{email}", name: "unsubscribeCampaignLead" },
      { method: "get", path: "/leads/{email}", name: "getLeadsByEmail" },
      { method: "get", path: "/activities", name: "listActivities" },
      { method: "get", path: "/hooks", name: "listHooks" },
      { method: "post", path: "/hooks", name: "createHook" },
      { method: "delete", path: "/hooks/{hookId}", name: "deleteHook" },
      { method: "get", path: "/team", name: "getTeam" }
    ],
    patches: [
      {
        at: "/paths/~1campaigns~1{campaignId}~1leads~1{leadId}/delete/responses/200/content/application~1json/schema",
        unset: ["additionalProperties"],
        why: "it allowed only string values beside the declared fields, yet its own example (and the declared `isPaused`) " +
          "carries a boolean; the other custom variables are dropped on decode anyway."
      }
    ]
  }
]
