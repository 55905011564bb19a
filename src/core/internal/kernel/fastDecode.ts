/**
 * A decoder compiled once from a Schema's AST into plain closures, for the shapes vendor answers use (structs, records,
 * arrays, unions, literals, keywords, filters). For any input it either returns exactly the value
 * `ParseResult.decodeUnknownEither(schema, decodeOptions)` returns as `Right`, or `FallBack`: then ParseResult decides,
 * and every failure, with its full issue, still comes from ParseResult. It never fails on its own.
 *
 * Each node answers a value, `Fail` (ParseResult would fail on this node: a union then tries its next member, as
 * ParseResult does) or `FallBack` (this node cannot tell: the whole decode falls back). Nodes it does not support
 * (transformations other than `compose`, declarations, template literals, unique symbols, nodes with parse options)
 * answer `FallBack`, so a Schema using them still runs fast on the inputs that never reach them.
 */
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import * as UnionCandidates from "./unionCandidates.js"

/**
 * The options every compiled decoder reproduces: the kernel's decoding options.
 *
 * @since 0.1.0
 * @category Models
 */
export const decodeOptions: SchemaAST.ParseOptions = { errors: "all", onExcessProperty: "ignore" }

/**
 * What a compiled decoder answers when ParseResult must decide.
 *
 * @since 0.1.0
 * @category Models
 */
export const FallBack: unique symbol = Symbol("effect-integrations/FastDecode/FallBack")

/**
 * @since 0.1.0
 * @category Models
 */
export type FallBack = typeof FallBack

/**
 * @since 0.1.0
 * @category Models
 */
export type FastResult<A> = A | FallBack

/**
 * @since 0.1.0
 * @category Models
 */
export type FastDecoder<A> = (input: unknown) => FastResult<A>

/** This node fails in ParseResult too. Never leaves this module: the compiled decoder turns it into `FallBack`. */
const Fail: unique symbol = Symbol("effect-integrations/FastDecode/Fail")

type Node = (input: unknown) => unknown

const hasOwn = Object.prototype.hasOwnProperty

const fallBack: Node = () => FallBack
const never: Node = () => Fail
const identity: Node = (input) => input

/**
 * What a node that answers its input itself accepts: values of these `typeof`s, and these exact values. Unions of such
 * nodes merge into one (whichever member accepts, the answer is the input), which is what optional nullable fields are.
 */
interface Check {
  readonly types: ReadonlySet<string>
  readonly values: ReadonlyArray<unknown>
}

const checks = new WeakMap<Node, Check>()

const fromCheck = (check: Check): Node => {
  const { types, values } = check
  let node: Node
  if (values.length === 0 && types.size === 1) {
    const [type] = types
    node = (input) => (typeof input === type ? input : Fail)
  } else if (types.size === 0 && values.length === 1) {
    const [value] = values
    node = (input) => (input === value ? input : Fail)
  } else {
    node = (input) => {
      if (types.has(typeof input)) return input
      for (let i = 0; i < values.length; i++) if (input === values[i]) return input
      return Fail
    }
  }
  checks.set(node, check)
  return node
}

const isString = fromCheck({ types: new Set(["string"]), values: [] })
const isNumber = fromCheck({ types: new Set(["number"]), values: [] })
const isBoolean = fromCheck({ types: new Set(["boolean"]), values: [] })
const isBigInt = fromCheck({ types: new Set(["bigint"]), values: [] })
const isSymbol = fromCheck({ types: new Set(["symbol"]), values: [] })
const isUndefined = fromCheck({ types: new Set(), values: [undefined] })
const isObject: Node = (input) =>
  (typeof input === "object" && input !== null) || typeof input === "function" ? input : Fail
// A struct without fields accepts any non-nullish value as it is, uncopied.
const isNotNullish: Node = (input) => (input !== null && input !== undefined ? input : Fail)

/** Whether a node of this AST always answers `FallBack` (what it does is ParseResult's alone to decide). */
const unsupported = (ast: SchemaAST.AST): boolean => {
  // Parse options on a node change how everything under it decodes (excess properties, exactness, key order).
  if (Option.isSome(SchemaAST.getParseOptionsAnnotation(ast))) return true
  switch (ast._tag) {
    case "Declaration":
    case "TemplateLiteral":
    case "UniqueSymbol":
      return true
    case "Transformation":
      return ast.transformation._tag !== "ComposeTransformation"
    case "TypeLiteral":
      // ParseResult tracks declared names in a plain object, where `__proto__` is not an own key.
      return ast.propertySignatures.some((signature) => signature.name === "__proto__")
    case "Union":
      return UnionCandidates.file(ast.types) === undefined
    default:
      return false
  }
}

/** Whether the compiled node may ever answer a value: otherwise there is no fast path to compile. */
const mayAnswer = (ast: SchemaAST.AST): boolean => {
  if (unsupported(ast)) return false
  switch (ast._tag) {
    case "NeverKeyword":
      return false
    case "TypeLiteral":
      return ast.propertySignatures.every((signature) => signature.isOptional || mayAnswer(signature.type))
    case "TupleType":
      return ast.elements.every((element) => element.isOptional || mayAnswer(element.type)) &&
        ast.rest.slice(1).every((rest) => mayAnswer(rest.type))
    case "Union":
      return ast.types.some(mayAnswer)
    case "Refinement":
      return mayAnswer(ast.from)
    case "Transformation":
      return mayAnswer(ast.from) && mayAnswer(ast.to)
    default:
      return true
  }
}

/** The keys ParseResult visits for an index signature: string keys for string-like parameters, symbols for symbols. */
const keysFor = (parameter: SchemaAST.Parameter): (input: object) => ReadonlyArray<PropertyKey> => {
  switch (parameter._tag) {
    case "StringKeyword":
    case "TemplateLiteral":
      return Object.keys
    case "SymbolKeyword":
      return Object.getOwnPropertySymbols
    case "Refinement":
      return keysFor(parameter.from)
  }
}

const typeLiteral = (ast: SchemaAST.TypeLiteral, compile: (ast: SchemaAST.AST) => Node): Node => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) return isNotNullish
  const names = ast.propertySignatures.map((signature) => signature.name)
  const optional = ast.propertySignatures.map((signature) => signature.isOptional)
  const fields = ast.propertySignatures.map((signature) => compile(signature.type))
  const count = names.length
  // Keys as an object's own keys are spelled (a numeric name is the string key), to skip declared names below.
  const declared = new Set<PropertyKey>(names.map((name) => (typeof name === "symbol" ? name : String(name))))
  const indexes = ast.indexSignatures.map((signature) => {
    const key = compile(signature.parameter)
    return {
      keys: keysFor(signature.parameter),
      // A plain string parameter accepts every key `Object.keys` gives: no need to ask it.
      key: key === isString ? undefined : key,
      value: compile(signature.type)
    }
  })
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return Fail
    const record = input as Record<PropertyKey, unknown>
    // Filled as ParseResult fills its output (same assignments, same order), so keys come out in the same order.
    const output: Record<PropertyKey, unknown> = {}
    let failed = false
    for (let i = 0; i < count; i++) {
      const name = names[i]!
      if (optional[i] && !hasOwn.call(record, name)) continue
      // A missing required key is decoded from `undefined` (not reported missing): ParseResult does so unless `exact`.
      const value = fields[i]!(record[name])
      if (value === FallBack) return FallBack
      if (value === Fail) failed = true
      else output[name] = value
    }
    for (const index of indexes) {
      for (const key of index.keys(record)) {
        if (index.key !== undefined) {
          const accepted = index.key(key)
          if (accepted === FallBack) return FallBack
          // A key its parameter refuses is skipped, not an error.
          if (accepted === Fail) continue
        }
        const value = index.value(record[key])
        if (value === FallBack) return FallBack
        if (value === Fail) failed = true
        else if (!declared.has(key)) output[key] = value
      }
    }
    return failed ? Fail : output
  }
}

const tupleType = (ast: SchemaAST.TupleType, compile: (ast: SchemaAST.AST) => Node): Node => {
  const elements = ast.elements.map((element) => compile(element.type))
  const [head, ...tail] = ast.rest.map((rest) => compile(rest.type))
  const required = ast.elements.filter((element) => !element.isOptional).length + tail.length
  if (elements.length === 0 && tail.length === 0 && head !== undefined) {
    // Schema.Array: the common case, one loop.
    return (input) => {
      if (!Array.isArray(input)) return Fail
      const output: Array<unknown> = []
      let failed = false
      for (let i = 0; i < input.length; i++) {
        const value = head(input[i])
        if (value === FallBack) return FallBack
        if (value === Fail) failed = true
        else output.push(value)
      }
      return failed ? Fail : output
    }
  }
  return (input) => {
    if (!Array.isArray(input)) return Fail
    const length = input.length
    // Too short for the required elements, or longer than a tuple without rest: ParseResult refuses either.
    let failed = length < required || (head === undefined && length > elements.length)
    const output: Array<unknown> = []
    const take = (node: Node, i: number): boolean => {
      const value = node(input[i])
      if (value === FallBack) return false
      if (value === Fail) failed = true
      else output.push(value)
      return true
    }
    let i = 0
    for (; i < elements.length; i++) {
      if (i < length && !take(elements[i]!, i)) return FallBack
    }
    if (head !== undefined) {
      for (; i < length - tail.length; i++) {
        if (!take(head, i)) return FallBack
      }
      for (let j = 0; j < tail.length; j++) {
        if (i + j < length && !take(tail[j]!, i + j)) return FallBack
      }
    }
    return failed ? Fail : output
  }
}

/** A discriminator value ParseResult turns into a bucket name with `String(value)`, which cannot throw for these. */
const isPrimitive = (value: unknown): boolean =>
  value === null || (typeof value !== "object" && typeof value !== "function" && typeof value !== "symbol")

/**
 * The members of an untagged union with its untagged member unions spliced in: ParseResult tries a member union's
 * members in order where the union stands, the same order once spliced.
 */
const flatten = (members: ReadonlyArray<SchemaAST.AST>): ReadonlyArray<SchemaAST.AST> =>
  members.flatMap((member) =>
    SchemaAST.isUnion(member) && !unsupported(member) &&
      Option.isNone(SchemaAST.getDecodingFallbackAnnotation(member)) && UnionCandidates.file(member.types)?.tags.length === 0
      ? flatten(member.types)
      : [member]
  )

/** Consecutive members that answer their input merged into one check (their order among themselves is moot). */
const mergeChecks = (nodes: ReadonlyArray<Node>): ReadonlyArray<Node> => {
  const merged: Array<Node> = []
  let pending: Array<Check> = []
  const flush = () => {
    if (pending.length === 1) merged.push(fromCheck(pending[0]!))
    else if (pending.length > 1) {
      merged.push(fromCheck({
        types: new Set(pending.flatMap((check) => Array.from(check.types))),
        values: pending.flatMap((check) => check.values)
      }))
    }
    pending = []
  }
  for (const node of nodes) {
    const check = checks.get(node)
    if (check !== undefined) pending.push(check)
    else {
      flush()
      merged.push(node)
    }
  }
  flush()
  return merged
}

const union = (ast: SchemaAST.Union, compile: (ast: SchemaAST.AST) => Node): Node => {
  const filing = UnionCandidates.file(ast.types)
  if (filing === undefined) return fallBack
  // The first member that answers (a value, or `FallBack`: then nobody can tell which member would decode).
  const first = (candidates: ReadonlyArray<Node>, input: unknown): unknown => {
    for (let i = 0; i < candidates.length; i++) {
      const value = candidates[i]!(input)
      if (value !== Fail) return value
    }
    return Fail
  }
  if (filing.tags.length === 0) {
    const merged = mergeChecks(flatten(ast.types).map(compile))
    if (merged.length === 1) return merged[0]!
    return (input) => first(merged, input)
  }
  const members = ast.types.map(compile)
  const untagged = filing.untagged.map((index) => members[index]!)
  const tags = filing.tags.map(({ byValue, name }) => ({
    name,
    byValue: new Map(Array.from(byValue, ([value, indices]) => [value, indices.map((index) => members[index]!)] as const))
  }))
  if (tags.length === 1) {
    // One tag property (a `type` discriminator), the usual case: each value's candidates are known up front.
    const { byValue, name } = tags[0]!
    const withUntagged = new Map(Array.from(byValue, ([value, filed]) => [value, filed.concat(untagged)] as const))
    return (input) => {
      if (typeof input !== "object" || input === null || !hasOwn.call(input, name)) return first(untagged, input)
      const value = (input as Record<PropertyKey, unknown>)[name]
      if (!isPrimitive(value)) return FallBack
      return first(withUntagged.get(String(value)) ?? untagged, input)
    }
  }
  return (input) => {
    if (typeof input !== "object" || input === null) return first(untagged, input)
    const record = input as Record<PropertyKey, unknown>
    let candidates: Array<Node> = []
    for (const tag of tags) {
      if (!hasOwn.call(record, tag.name)) continue
      const value = record[tag.name]
      if (!isPrimitive(value)) return FallBack
      const filed = tag.byValue.get(String(value))
      if (filed !== undefined) candidates = candidates.concat(filed)
    }
    return first(candidates.length === 0 ? untagged : candidates.concat(untagged), input)
  }
}

const refinement = (ast: SchemaAST.Refinement, compile: (ast: SchemaAST.AST) => Node): Node => {
  const from = compile(ast.from)
  return (input) => {
    const value = from(input)
    if (value === Fail || value === FallBack) return value
    return Option.isNone(ast.filter(value, decodeOptions, ast)) ? value : Fail
  }
}

/** `Schema.compose`: the `from` side's output decoded by the `to` side, nothing in between. */
const composition = (ast: SchemaAST.Transformation, compile: (ast: SchemaAST.AST) => Node): Node => {
  const from = compile(ast.from)
  const to = compile(ast.to)
  return (input) => {
    const value = from(input)
    return value === Fail || value === FallBack ? value : to(value)
  }
}

const suspend = (ast: SchemaAST.Suspend, compile: (ast: SchemaAST.AST) => Node): Node => {
  // Compiled at first use, as ParseResult does: the suspended Schema may refer to this very node.
  let target: Node | undefined
  return (input) => (target ??= compile(ast.f()))(input)
}

const bare = (ast: SchemaAST.AST, compile: (ast: SchemaAST.AST) => Node): Node => {
  switch (ast._tag) {
    case "Literal":
      return fromCheck({ types: new Set(), values: [ast.literal] })
    case "Enums":
      return fromCheck({ types: new Set(), values: ast.enums.map(([, value]) => value) })
    case "UndefinedKeyword":
      return isUndefined
    case "NeverKeyword":
      return never
    case "UnknownKeyword":
    case "AnyKeyword":
    case "VoidKeyword":
      return identity
    case "StringKeyword":
      return isString
    case "NumberKeyword":
      // As Schema.Number: any number, NaN and infinities included.
      return isNumber
    case "BooleanKeyword":
      return isBoolean
    case "BigIntKeyword":
      return isBigInt
    case "SymbolKeyword":
      return isSymbol
    case "ObjectKeyword":
      return isObject
    case "TypeLiteral":
      return typeLiteral(ast, compile)
    case "TupleType":
      return tupleType(ast, compile)
    case "Union":
      return union(ast, compile)
    case "Refinement":
      return refinement(ast, compile)
    case "Transformation":
      return composition(ast, compile)
    case "Suspend":
      return suspend(ast, compile)
    default:
      return fallBack
  }
}

const compileNodes = (): ((ast: SchemaAST.AST) => Node) => {
  const compiled = new Map<SchemaAST.AST, Node>()
  const compile = (ast: SchemaAST.AST): Node => {
    const known = compiled.get(ast)
    if (known !== undefined) return known
    let node = unsupported(ast) ? fallBack : bare(ast, compile)
    if (node !== fallBack && Option.isSome(SchemaAST.getDecodingFallbackAnnotation(ast))) {
      // A failure here is replaced by the annotation's fallback value: only ParseResult knows it.
      const strict = node
      node = (input) => {
        const value = strict(input)
        return value === Fail ? FallBack : value
      }
    }
    compiled.set(ast, node)
    return node
  }
  return compile
}

/**
 * Compiles a decoder for an AST, or `undefined` when it could never answer (its root is unsupported, or every way
 * through it is): then there is no fast path, only ParseResult.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const compile = (ast: SchemaAST.AST): FastDecoder<unknown> | undefined => {
  let root: Node
  try {
    if (!mayAnswer(ast)) return undefined
    root = compileNodes()(ast)
  } catch {
    // A Schema whose compilation throws (a suspended Schema that fails to build) is ParseResult's to report.
    return undefined
  }
  return (input) => {
    try {
      const value = root(input)
      return value === Fail ? FallBack : value
    } catch {
      // A throwing filter or an input nested deeper than the stack: ParseResult does whatever it does with it.
      return FallBack
    }
  }
}

/**
 * `compile` for a Schema, typed by it.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const forSchema = <A, I>(schema: Schema.Schema<A, I, never>): FastDecoder<A> | undefined =>
  // The compiled decoder answers only values ParseResult decodes for this Schema, i.e. values of type A.
  compile(schema.ast) as FastDecoder<A> | undefined
