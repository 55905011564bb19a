/**
 * Apollo people: match one person, match many (any number, sent 10 per call as Apollo allows, with an outcome per
 * record by its input index), and search Apollo's database as a `Stream` over pages (People API Search, which costs no
 * credits and reveals no emails or phones).
 *
 * Identifiers (emails, names, LinkedIn URLs) are sent in the JSON body, never in the URL, so they stay out of access
 * logs and span URLs; only the reveal flags go in the query string, as Apollo's reference documents them. A match
 * changes nothing at Apollo but may consume credits: it is retried like a read (a retry after a lost answer may be
 * charged again).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Bulk from "../../../core/Bulk.js"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"
import * as S from "../ApolloSchemas.js"
import * as Op from "../internal/operation.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface MatchOptions extends HttpIntegration.CallOptions {
  readonly reveal?: S.RevealOptions | undefined
}

/**
 * Every record's outcome by its index in the input: the matched person, or why not (`NotFound` when Apollo had no
 * match, else the error of the call that carried the record).
 *
 * @since 0.1.0
 * @category Models
 */
export type BulkMatchResult = Bulk.BulkResult<S.Person, IntegrationError>

/**
 * @since 0.1.0
 * @category Models
 */
export interface SearchOptions extends HttpIntegration.CallOptions {
  /** Page size, 1 to 100 (default 100). */
  readonly perPage?: number | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** The person, or `None` when Apollo has no match. */
  readonly match: (identity: S.PersonIdentity, options?: MatchOptions) => Effect.Effect<Option.Option<S.Person>, IntegrationError>
  readonly bulkMatch: (identities: ReadonlyArray<S.PersonIdentity>, options?: MatchOptions) => Effect.Effect<BulkMatchResult, IntegrationError>
  /** One page of People API Search. */
  readonly searchPage: VendorClient.Method<S.PeopleSearchRequest, S.PeopleSearchPage>
  /** Every person matching the filters, pages fetched on demand, up to Apollo's 500-page window. */
  readonly search: (filters?: S.PeopleSearchFilters, options?: SearchOptions) => Stream.Stream<S.Person, IntegrationError>
}

const Identities = Schema.Array(S.PersonIdentity).pipe(Schema.minItems(1), Schema.maxItems(S.MAX_BULK_MATCH))

const revealQuery = (reveal: S.RevealOptions | undefined) => ({
  reveal_personal_emails: reveal?.reveal_personal_emails,
  reveal_phone_number: reveal?.reveal_phone_number,
  webhook_url: reveal?.webhook_url
})

/**
 * Pairs a bulk answer with its records: Apollo answers `matches` in request order, `null` for a miss. An answer of
 * another length cannot be attributed, so every record of the call is reported as drift rather than guessed.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const attribute = (
  operation: string,
  slots: ReadonlyArray<{ readonly index: number }>,
  response: S.BulkMatchResponse
): BulkMatchResult => {
  if (response.matches.length !== slots.length) {
    const error = Op.drift(operation, `Apollo answered ${response.matches.length} matches for ${slots.length} records`)
    return { succeeded: [], failed: slots.map(({ index }) => ({ index, error })) }
  }
  const succeeded: Array<Bulk.Succeeded<S.Person>> = []
  const failed: Array<Bulk.Failed<IntegrationError>> = []
  slots.forEach(({ index }, position) => {
    const entry = response.matches[position]
    const person = entry !== null && entry !== undefined && "person" in entry ? entry.person : entry
    if (person === null || person === undefined) failed.push({ index, error: Op.notFound(operation, "Apollo found no match for this record") })
    else succeeded.push({ index, value: person })
  })
  return { succeeded, failed }
}

/**
 * Declares the people operations on an Apollo pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const match = http.operation({
    name: "people.match",
    method: "POST",
    idempotent: true,
    input: Schema.Struct({ identity: S.PersonIdentity, reveal: Schema.optional(S.RevealOptions) }),
    output: S.MatchResponse,
    request: ({ identity, reveal }) => ({
      path: "/people/match",
      query: revealQuery(reveal),
      body: HttpIntegration.json(identity)
    })
  })
  const bulk = http.operation({
    name: "people.bulkMatch",
    method: "POST",
    idempotent: true,
    input: Schema.Struct({ details: Identities, reveal: Schema.optional(S.RevealOptions) }),
    output: S.BulkMatchResponse,
    request: ({ details, reveal }) => ({
      path: "/people/bulk_match",
      query: revealQuery(reveal),
      body: HttpIntegration.json({ details })
    })
  })
  const searchPage = http.operation({
    name: "people.search",
    method: "POST",
    // A search reads and costs no credits.
    idempotent: true,
    input: S.PeopleSearchRequest,
    output: S.PeopleSearchPage,
    request: (request) => ({ path: "/mixed_people/api_search", body: HttpIntegration.json(request) })
  })
  const encodeAll = Schema.validate(Schema.Array(S.PersonIdentity))

  const bulkMatch = (identities: ReadonlyArray<S.PersonIdentity>, options: MatchOptions = {}) =>
    Effect.gen(function*() {
      const { reveal, ...callOptions } = options
      // Every record is checked before any call: one bad record fails the whole request, before any credit is spent.
      yield* Effect.mapError(encodeAll(identities), () => Op.invalid(bulk.operation, "a record has no identifier Apollo can match on"))
      if (identities.length === 0) return Bulk.empty
      const results = yield* Effect.forEach(
        Bulk.batches(identities, S.MAX_BULK_MATCH),
        (batch) =>
          Effect.match(bulk({ details: batch.map((slot) => slot.item), reveal }, callOptions), {
            onFailure: (error): BulkMatchResult => ({ succeeded: [], failed: batch.map(({ index }) => ({ index, error })) }),
            onSuccess: (response) => attribute(bulk.operation, batch, response)
          }),
        // Apollo's bulk endpoints get a tenth of the single endpoints' rate: one call at a time.
        { concurrency: 1 }
      )
      return Bulk.combine(results)
    })

  const search = (filters: S.PeopleSearchFilters = {}, options: SearchOptions = {}) => {
    const { perPage = S.MAX_PER_PAGE, ...callOptions } = options
    return Pagination.cursor<S.Person, number, IntegrationError, never>({
      vendor: Op.VENDOR,
      operation: searchPage.operation,
      fetch: (cursor) => {
        const page = Option.getOrElse(cursor, () => 1)
        if (page > S.MAX_PAGES) {
          return Effect.fail(Op.invalid(searchPage.operation, `Apollo lists at most ${S.MAX_PAGES} pages per search: narrow the filters`))
        }
        return Effect.map(searchPage({ ...filters, page, per_page: perPage }, callOptions), (result) => {
          const total = result.total_entries ?? result.pagination?.total_entries ?? undefined
          const more = result.people.length === perPage && (total === undefined || page * perPage < total)
          return Pagination.page(result.people, more ? page + 1 : undefined)
        })
      }
    })
  }

  return {
    match: (identity, options = {}) => {
      const { reveal, ...callOptions } = options
      return Effect.map(match({ identity, reveal }, callOptions), (response) => Option.fromNullable(response.person))
    },
    bulkMatch,
    searchPage,
    search
  }
}
