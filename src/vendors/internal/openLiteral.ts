/**
 * An open string enum for response fields vendors extend (statuses, kinds): the known values are suggested by the
 * type, any other string still decodes, so a value the vendor adds later is not a decoding failure. Used by the
 * generated Schema modules (`src/vendors/<vendor>/generated/`); requests keep closed `Schema.Literal`s.
 */
import * as Schema from "effect/Schema"

/**
 * `"a" | "b" | (string & {})`: the `string & {}` keeps the known values in editor suggestions, which a plain
 * `string` member would absorb.
 */
export const openLiteral = <const Known extends ReadonlyArray<string>>(
  ...known: Known
): Schema.Schema<Known[number] | (string & {}), string> => Schema.Union(Schema.Literal(...known), Schema.String)
