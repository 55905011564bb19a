/**
 * The order in which Schema tries a union's members on an input. ParseResult does not try them in declaration order:
 * members with required literal properties (a `type: "text"` tag) are filed under that property and value, and an
 * input only tries the members filed under the values it carries, then the members without tags. A compiled union
 * must try the same members in the same order to pick the same one, so this module files them by the same rules
 * (ParseResult's `getLiterals` and `getSearchTree`, Effect 3.x).
 */
import * as Option from "effect/Option"
import * as SchemaAST from "effect/SchemaAST"

/** Where a member is filed: the tag properties it requires, each with its literal. */
type Tags = ReadonlyArray<readonly [PropertyKey, SchemaAST.Literal]>

const tagsOf = (ast: SchemaAST.AST): Tags => {
  switch (ast._tag) {
    case "Declaration": {
      const surrogate = SchemaAST.getSurrogateAnnotation(ast)
      return Option.isSome(surrogate) ? tagsOf(surrogate.value) : []
    }
    case "TypeLiteral": {
      const tags: Array<readonly [PropertyKey, SchemaAST.Literal]> = []
      for (const signature of ast.propertySignatures) {
        const encoded = SchemaAST.encodedAST(signature.type)
        if (SchemaAST.isLiteral(encoded) && !signature.isOptional) tags.push([signature.name, encoded])
      }
      return tags
    }
    case "TupleType": {
      const tags: Array<readonly [PropertyKey, SchemaAST.Literal]> = []
      ast.elements.forEach((element, index) => {
        const encoded = SchemaAST.encodedAST(element.type)
        if (SchemaAST.isLiteral(encoded) && !element.isOptional) tags.push([index, encoded])
      })
      return tags
    }
    case "Refinement":
      return tagsOf(ast.from)
    case "Suspend":
      return tagsOf(ast.f())
    case "Transformation":
      return tagsOf(ast.from)
    default:
      return []
  }
}

/**
 * A union's members filed by tag: for each tag property (in the order Schema visits them), the members filed under
 * each value; then the untagged members, tried last. Members are given by their index in `ast.types`.
 */
export interface Filing {
  readonly tags: ReadonlyArray<{ readonly name: PropertyKey; readonly byValue: ReadonlyMap<string, ReadonlyArray<number>> }>
  readonly untagged: ReadonlyArray<number>
}

/**
 * The filing of a union's members, or `undefined` when a tag name or value would collide with `Object.prototype` in
 * ParseResult's plain-object tables (a property named `toString`, a literal `"__proto__"`), where its behaviour is an
 * accident better left to ParseResult itself.
 */
export const file = (members: ReadonlyArray<SchemaAST.AST>): Filing | undefined => {
  // A plain object, as in ParseResult, so that its own-key order (integer-like keys first) is the order tags are tried.
  const byName: Record<PropertyKey, Map<string, Array<number>>> = {}
  const untagged: Array<number> = []
  for (let index = 0; index < members.length; index++) {
    const tags = tagsOf(members[index]!)
    if (tags.length === 0) {
      untagged.push(index)
      continue
    }
    for (let j = 0; j < tags.length; j++) {
      const [name, literal] = tags[j]!
      const value = String(literal.literal)
      if (name in Object.prototype || value === "__proto__") return undefined
      const byValue = (byName[name] ??= new Map())
      const filed = byValue.get(value)
      if (filed === undefined) {
        byValue.set(value, [index])
        break
      }
      // A value already taken files the member under its next tag; under its last tag, it joins the others.
      if (j < tags.length - 1) continue
      filed.push(index)
    }
  }
  return {
    tags: Reflect.ownKeys(byName).map((name) => ({ name, byValue: byName[name]! })),
    untagged
  }
}
