/** What the business and prospect resources share: pre-flight validation of whole batches, page-numbered streams. */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as SchemaIssues from "../../../core/internal/schemaIssues.js"
import * as Pagination from "../../../core/Pagination.js"
import * as S from "../ExploriumSchemas.js"
import { duplicate, invalid, VENDOR } from "./bulk.js"

/** Checks every input of a batch call before the first request, so a bad input in the 51st place sends nothing. */
export const checkAll = <A, I>(operation: string, schema: Schema.Schema<A, I>, inputs: ReadonlyArray<A>) => {
  if (inputs.length === 0) return Effect.fail(invalid(operation, "at least one input is needed"))
  return Effect.mapError(
    Schema.encode(Schema.Array(schema), { errors: "all" })(inputs),
    (error) => invalid(operation, `inputs do not match the schema: ${SchemaIssues.summarise(error.issue)}`)
  )
}

/** Checks ids for a bulk enrichment: each well-formed, none twice. */
export const checkIds = (operation: string, schema: Schema.Schema<string>, ids: ReadonlyArray<string>) =>
  Effect.flatMap(checkAll(operation, schema, ids), () => {
    const twice = duplicate(ids)
    return twice === undefined ? Effect.void : Effect.fail(invalid(operation, `ids ${twice[0]} and ${twice[1]} are the same`))
  })

/** The body of a fetch page. */
export const fetchBody = (params: S.FetchParams, page: number) => ({
  mode: params.mode ?? "full",
  size: params.size,
  page_size: params.pageSize ?? 100,
  page,
  ...(params.filters === undefined ? {} : { filters: params.filters })
})

/** Every record of a fetch, page after page, until the last page or `size` records. */
export const pages = <A>(
  operation: string,
  params: S.FetchParams,
  fetch: (page: number) => Effect.Effect<{ readonly items: ReadonlyArray<A>; readonly totalPages: number | undefined }, IntegrationError>
): Stream.Stream<A, IntegrationError> =>
  Pagination.cursor<A, number, IntegrationError, never>({
    vendor: VENDOR,
    operation,
    fetch: (cursor) => {
      const page = Option.getOrElse(cursor, () => 1)
      return Effect.map(fetch(page), ({ items, totalPages }) => {
        const pageSize = params.pageSize ?? 100
        const more = totalPages === undefined ? items.length === pageSize : page < totalPages
        return Pagination.page(items, more && page * pageSize < params.size ? page + 1 : undefined)
      })
    }
  })
