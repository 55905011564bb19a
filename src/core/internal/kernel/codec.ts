/**
 * Schema encoding of inputs and decoding of outputs, synchronous whenever the Schema allows (the common case: no
 * asynchronous transformations), falling back to the Effect form otherwise. Both forms give the same answer; the
 * synchronous one costs no Effect steps.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as FastDecode from "./fastDecode.js"

/** Whether an issue says the Schema needs the Effect form (an asynchronous transformation somewhere). */
const needsEffect = (issue: ParseResult.ParseIssue): boolean => {
  switch (issue._tag) {
    case "Forbidden":
      return true
    case "Composite":
      return Array.isArray(issue.issues)
        ? (issue.issues as ReadonlyArray<ParseResult.ParseIssue>).some(needsEffect)
        : needsEffect(issue.issues as ParseResult.ParseIssue)
    case "Pointer":
    case "Refinement":
    case "Transformation":
      return needsEffect(issue.issue)
    default:
      return false
  }
}

/** A conversion that answers at once (`Right`/`Left`) or, when the Schema is asynchronous, as an Effect. */
export type Conversion<A> = Either.Either<A, ParseResult.ParseIssue> | Effect.Effect<A, ParseResult.ParseIssue>

export interface Codec<A> {
  readonly run: (value: unknown) => Conversion<A>
  /**
   * The Schema refers to itself (`Schema.suspend`): decoding walks a value as deep as it is nested, so untrusted text
   * must have its nesting bounded first. Other Schemas stop where they end, whatever the value's depth.
   */
  readonly recursive: boolean
}

/** Whether an AST contains a `suspend`, i.e. may recurse as deep as its input. */
const hasSuspend = (root: SchemaAST.AST): boolean => {
  const seen = new Set<SchemaAST.AST>()
  const visit = (ast: SchemaAST.AST): boolean => {
    if (seen.has(ast)) return false
    seen.add(ast)
    switch (ast._tag) {
      case "Suspend":
        return true
      case "TypeLiteral":
        return ast.propertySignatures.some((signature) => visit(signature.type)) ||
          ast.indexSignatures.some((signature) => visit(signature.type))
      case "Union":
        return ast.types.some(visit)
      case "TupleType":
        return ast.elements.some((element) => visit(element.type)) || ast.rest.some((rest) => visit(rest.type))
      case "Refinement":
        return visit(ast.from)
      case "Transformation":
        return visit(ast.from) || visit(ast.to)
      case "Declaration":
        return ast.typeParameters.some(visit)
      default:
        return false
    }
  }
  return visit(root)
}

const make = <A>(
  ast: SchemaAST.AST,
  sync: (u: unknown) => Either.Either<A, ParseResult.ParseIssue>,
  effect: (u: unknown) => Effect.Effect<A, ParseResult.ParseIssue>
): Codec<A> => ({
  recursive: hasSuspend(ast),
  run: (value) => {
    const result = sync(value)
    if (Either.isLeft(result) && needsEffect(result.left)) return effect(value)
    return result
  }
})

const options = FastDecode.decodeOptions

/** Input (the Schema's type) to its encoded form, every problem reported. */
export const encoder = <I, IE>(schema: Schema.Schema<I, IE>): Codec<IE> =>
  make(schema.ast, ParseResult.encodeUnknownEither(schema, { errors: "all" }), ParseResult.encodeUnknown(schema, { errors: "all" }))

/**
 * A parsed body to the Schema's type; properties the Schema does not declare are ignored, not refused. A decoder
 * compiled from the Schema answers first; what it cannot answer (every failure among it) goes to ParseResult, which
 * gives the same value or the failure with its full issue.
 */
export const decoder = <O, OE>(schema: Schema.Schema<O, OE>): Codec<O> => {
  const codec = make(schema.ast, ParseResult.decodeUnknownEither(schema, options), ParseResult.decodeUnknown(schema, options))
  const fast = FastDecode.forSchema(schema)
  if (fast === undefined) return codec
  return {
    recursive: codec.recursive,
    run: (value) => {
      const decoded = fast(value)
      return decoded === FastDecode.FallBack ? codec.run(value) : Either.right(decoded)
    }
  }
}

export const isEither = <A>(conversion: Conversion<A>): conversion is Either.Either<A, ParseResult.ParseIssue> =>
  Either.isEither(conversion)
