/** Fallback members for open unions of typed objects (stream events, output items), shared by the vendor schemas. */
import * as Schema from "effect/Schema"

const JsonFields = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * Decodes any object whose `type` is none of `known` into `{ type: "unknown", event }`, keeping the object whole in
 * `event`. The literal `"unknown"` keeps the union discriminated (a member typed `type: string` would stop TypeScript
 * from narrowing on `type`), and listing the known types makes a known object that fails its own schema a decoding
 * error (drift) instead of a silent fallback.
 */
export const unknownMember = (known: ReadonlyArray<string>) => {
  const knownTypes = new Set(known)
  return Schema.transform(
    Schema.Struct(
      { type: Schema.String.pipe(Schema.filter((type) => !knownTypes.has(type), { message: () => "a known type" })) },
      JsonFields
    ),
    Schema.Struct({ type: Schema.Literal("unknown"), event: Schema.Struct({ type: Schema.String }, JsonFields) }),
    { strict: true, decode: (event) => ({ type: "unknown" as const, event }), encode: (wrapped) => wrapped.event }
  )
}

/** The literal `type` values of a list of struct schemas, for `unknownMember`. */
export const typesOf = (
  members: ReadonlyArray<{ readonly fields: { readonly type: { readonly literals: ReadonlyArray<string> } } }>
): ReadonlyArray<string> =>
  members.flatMap((member) => member.fields.type.literals)

/**
 * An object of a kind the schemas do not type (a built-in tool, a block echoed back), accepted as given. Kinds that are
 * typed must match their own schema: they cannot slip through as a passthrough.
 */
export const passthroughExcept = (...typed: ReadonlyArray<string>) => {
  const typedKinds = new Set(typed)
  return Schema.Struct(
    { type: Schema.String.pipe(Schema.filter((type) => !typedKinds.has(type), { message: () => "a typed kind" })) },
    JsonFields
  )
}
