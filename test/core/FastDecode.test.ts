import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Option from "effect/Option"
import * as SchemaAST from "effect/SchemaAST"
import * as Fixtures from "../../bench/fixtures.js"
import * as Codec from "../../src/core/internal/kernel/codec.js"
import * as FastDecode from "../../src/core/internal/kernel/fastDecode.js"
import * as AnthropicSchemas from "../../src/vendors/anthropic/AnthropicSchemas.js"
import * as CalComSchemas from "../../src/vendors/calcom/CalComSchemas.js"
import * as HubSpotSchemas from "../../src/vendors/hubspot/HubSpotSchemas.js"
import * as OpenAISchemas from "../../src/vendors/openai/OpenAISchemas.js"
import * as ResendSchemas from "../../src/vendors/resend/ResendSchemas.js"
import * as RetellSchemas from "../../src/vendors/retell/RetellSchemas.js"
import * as StripeSchemas from "../../src/vendors/stripe/StripeSchemas.js"
import * as TwilioSchemas from "../../src/vendors/twilio/TwilioSchemas.js"
import * as WahaSchemas from "../../src/vendors/waha/WahaSchemas.js"

// ---------------------------------------------------------------------------------------------------------------------
// The one behaviour: a compiled answer is ParseResult's `Right`, to key order and sharing; otherwise it falls back.
// ---------------------------------------------------------------------------------------------------------------------

type Schemaful = Schema.Schema<unknown, unknown, never>

const reference = (schema: Schemaful) => ParseResult.decodeUnknownEither(schema, FastDecode.decodeOptions)

/** A value's full structure, keys in their own order and prototypes included, so `toEqual` sees any difference. */
const outline = (value: unknown): unknown => {
  if (Array.isArray(value)) return { array: value.map(outline) }
  if (typeof value === "object" && value !== null) {
    return {
      plain: Object.getPrototypeOf(value) === Object.prototype,
      entries: Reflect.ownKeys(value).map((key) => [key, outline((value as Record<PropertyKey, unknown>)[key])])
    }
  }
  if (typeof value === "number") return { number: Object.is(value, -0) ? "-0" : String(value) }
  return { [typeof value]: value }
}

/** For each object or array of `output`, in order, whether it is one of `input`'s own (not copied). */
const sharing = (output: unknown, input: unknown): ReadonlyArray<boolean> => {
  const originals = new Set<unknown>()
  const collect = (value: unknown) => {
    if (typeof value !== "object" || value === null || originals.has(value)) return
    originals.add(value)
    for (const key of Reflect.ownKeys(value)) collect((value as Record<PropertyKey, unknown>)[key])
  }
  collect(input)
  const marks: Array<boolean> = []
  const seen = new Set<unknown>()
  const walk = (value: unknown) => {
    if (typeof value !== "object" || value === null || seen.has(value)) return
    seen.add(value)
    marks.push(originals.has(value))
    for (const key of Reflect.ownKeys(value)) walk((value as Record<PropertyKey, unknown>)[key])
  }
  walk(output)
  return marks
}

type Outcome = "answered" | "fell back"

/** Runs both decoders on `input` and asserts they agree; says whether the compiled one answered. */
const agree = (schema: Schemaful, decode: FastDecode.FastDecoder<unknown>, input: unknown): Outcome => {
  let expected: Either.Either<unknown, ParseResult.ParseIssue> | "threw"
  try {
    expected = reference(schema)(input)
  } catch {
    expected = "threw"
  }
  const fast = decode(input)
  if (fast === FastDecode.FallBack) return "fell back"
  if (expected === "threw" || Either.isLeft(expected)) {
    throw new Error(`answered ${JSON.stringify(outline(fast))} where ParseResult fails`)
  }
  expect(outline(fast)).toEqual(outline(expected.right))
  expect(sharing(fast, input)).toEqual(sharing(expected.right, input))
  return "answered"
}

const compiled = (schema: Schemaful): FastDecode.FastDecoder<unknown> => {
  const decode = FastDecode.compile(schema.ast)
  if (decode === undefined) throw new Error("expected the Schema to compile")
  return decode
}

// ---------------------------------------------------------------------------------------------------------------------
// Every vendor Schema, valid and mutated inputs
// ---------------------------------------------------------------------------------------------------------------------

const vendorModules: Record<string, Record<string, unknown>> = {
  anthropic: AnthropicSchemas,
  calcom: CalComSchemas,
  hubspot: HubSpotSchemas,
  openai: OpenAISchemas,
  resend: ResendSchemas,
  retell: RetellSchemas,
  stripe: StripeSchemas,
  twilio: TwilioSchemas,
  waha: WahaSchemas
}

const vendorSchemas: ReadonlyArray<readonly [string, Schemaful]> = (() => {
  const seen = new Set<unknown>()
  const all: Array<readonly [string, Schemaful]> = []
  const add = (name: string, schema: Schemaful) => {
    if (seen.has(schema)) return
    seen.add(schema)
    all.push([name, schema])
  }
  for (const [vendor, module] of Object.entries(vendorModules)) {
    for (const [name, value] of Object.entries(module)) {
      if (Schema.isSchema(value)) add(`${vendor}.${name}`, value as Schemaful)
    }
  }
  // Outputs that operations build from Schema constructors rather than export.
  add("stripe.List(Customer)", StripeSchemas.List(StripeSchemas.Customer) as Schemaful)
  add("stripe.List(Subscription)", StripeSchemas.List(StripeSchemas.Subscription) as Schemaful)
  add("stripe.DeletedCustomer | Customer", Schema.Union(StripeSchemas.DeletedCustomer, StripeSchemas.Customer) as Schemaful)
  add("calcom.Envelope(BookingData)", CalComSchemas.Envelope(CalComSchemas.BookingData) as Schemaful)
  add("calcom.Envelope(RecurringBooking | Booking)", CalComSchemas.Envelope(Schema.Union(CalComSchemas.RecurringBooking, CalComSchemas.Booking)) as Schemaful)
  add("calcom.Envelope(EventType[])", CalComSchemas.Envelope(Schema.Array(CalComSchemas.EventType)) as Schemaful)
  return all
})()

/** Whether every node of an AST is one the compiled decoder supports (then it answers every valid input). */
const fullySupported = (root: SchemaAST.AST): boolean => {
  const seen = new Set<SchemaAST.AST>()
  const visit = (ast: SchemaAST.AST): boolean => {
    if (seen.has(ast)) return true
    seen.add(ast)
    switch (ast._tag) {
      case "Declaration":
      case "TemplateLiteral":
      case "UniqueSymbol":
        return false
      case "Transformation":
        return ast.transformation._tag === "ComposeTransformation" && visit(ast.from) && visit(ast.to)
      case "TypeLiteral":
        return ast.propertySignatures.every((signature) => visit(signature.type)) &&
          ast.indexSignatures.every((signature) => visit(signature.parameter) && visit(signature.type))
      case "Union":
        return ast.types.every(visit)
      case "TupleType":
        return ast.elements.every((element) => visit(element.type)) && ast.rest.every((rest) => visit(rest.type))
      case "Refinement":
        return visit(ast.from)
      case "Suspend":
        return visit(ast.f())
      default:
        return true
    }
  }
  return visit(root)
}

/**
 * Generators for the vendors' format filters (dates, time zones, addresses, phone numbers), which random strings never
 * pass: `Arbitrary.make` would filter for them forever. Found by the node itself or by its identifier.
 */
const formats: ReadonlyArray<readonly [SchemaAST.AST | string, FastCheck.Arbitrary<string>]> = (() => {
  const instant = FastCheck.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
    .map((date) => date.toISOString())
  const phone = FastCheck.stringMatching(/^\+[1-9]\d{6,13}$/)
  return [
    [CalComSchemas.UtcDateTime.ast, instant],
    [CalComSchemas.DateOrDateTime.ast, FastCheck.oneof(instant, instant.map((text) => text.slice(0, 10)))],
    [CalComSchemas.TimeZone.ast, FastCheck.constantFrom("Europe/Rome", "America/New_York", "UTC")],
    [ResendSchemas.EmailAddress.ast, FastCheck.constantFrom("a@example.com", "Acme <team@example.com>")],
    ["E164PhoneNumberOrWhatsAppAddress", FastCheck.oneof(phone, phone.map((number) => `whatsapp:${number}`))],
    ["E164PhoneNumberOrShortCodeOrSenderId", phone],
    ["HttpUrl", FastCheck.constantFrom("https://example.com/a.png", "http://127.0.0.1/x")]
  ]
})()

const formatOf = (ast: SchemaAST.AST): FastCheck.Arbitrary<string> | undefined => {
  const identifier = Option.getOrUndefined(SchemaAST.getIdentifierAnnotation(ast))
  return formats.find(([key]) => key === ast || (identifier !== undefined && key === identifier))?.[1]
}

/** The same Schema with generators on its format filters, to feed `Arbitrary.make`. */
const withFormats = (root: SchemaAST.AST): SchemaAST.AST => {
  const go = (ast: SchemaAST.AST): SchemaAST.AST => {
    const format = formatOf(ast)
    if (format !== undefined) return SchemaAST.annotations(ast, { [SchemaAST.ArbitraryAnnotationId]: () => () => format })
    switch (ast._tag) {
      case "TypeLiteral":
        return new SchemaAST.TypeLiteral(
          ast.propertySignatures.map((signature) =>
            new SchemaAST.PropertySignature(
              signature.name,
              go(signature.type),
              signature.isOptional,
              signature.isReadonly,
              signature.annotations
            )
          ),
          ast.indexSignatures.map((signature) =>
            new SchemaAST.IndexSignature(signature.parameter, go(signature.type), signature.isReadonly)
          ),
          ast.annotations
        )
      case "Union":
        return SchemaAST.Union.make(ast.types.map(go), ast.annotations)
      case "TupleType":
        return new SchemaAST.TupleType(
          ast.elements.map((element) => new SchemaAST.OptionalType(go(element.type), element.isOptional, element.annotations)),
          ast.rest.map((rest) => new SchemaAST.Type(go(rest.type), rest.annotations)),
          ast.isReadonly,
          ast.annotations
        )
      case "Refinement":
        return new SchemaAST.Refinement(go(ast.from), ast.filter, ast.annotations)
      case "Transformation":
        return new SchemaAST.Transformation(go(ast.from), go(ast.to), ast.transformation, ast.annotations)
      case "Suspend":
        return new SchemaAST.Suspend(() => go(ast.f()), ast.annotations)
      default:
        return ast
    }
  }
  return go(root)
}

/** Values that break a Schema in many ways, anywhere. */
const garbage: FastCheck.Arbitrary<unknown> = FastCheck.oneof(
  FastCheck.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    1.5,
    "",
    "customer",
    true,
    [],
    {},
    [null],
    { type: "text" },
    { __proto__: null },
    JSON.parse("{\"__proto__\": {\"x\": 1}}")
  ),
  FastCheck.jsonValue({ maxDepth: 3 }),
  FastCheck.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true })
)

interface Mutation {
  readonly path: ReadonlyArray<number>
  readonly kind: "delete" | "replace" | "extra" | "wrap" | "root"
  readonly value: unknown
  readonly key: string
}

const mutation: FastCheck.Arbitrary<Mutation> = FastCheck.record({
  path: FastCheck.array(FastCheck.nat(), { minLength: 0, maxLength: 6 }),
  kind: FastCheck.constantFrom("delete", "replace", "replace", "replace", "extra", "wrap", "root"),
  value: garbage,
  key: FastCheck.constantFrom("extra", "__proto__", "toString", "0", "type", "id", "object")
})

const isContainer = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.keys(value).length > 0

/** A deep copy of `value` with one mutation at the place `path` leads to. */
const mutate = (value: unknown, { key, kind, path, value: replacement }: Mutation): unknown => {
  if (kind === "root") return replacement
  const copy: unknown = structuredClone(value)
  if (!isContainer(copy)) return replacement
  let parent: Record<string, unknown> = copy
  let at = Object.keys(parent)[0]!
  for (const step of path) {
    const keys = Object.keys(parent)
    at = keys[step % keys.length]!
    const child = parent[at]
    if (!isContainer(child)) break
    // Into the child, with a key of its own: a key of the parent's (an array's `length`) may not be deletable there.
    parent = child
    at = Object.keys(parent)[0]!
  }
  switch (kind) {
    case "delete":
      delete parent[at]
      break
    case "replace":
      parent[at] = replacement
      break
    case "extra":
      Object.defineProperty(parent, key, { value: replacement, enumerable: true, configurable: true, writable: true })
      break
    case "wrap":
      parent[at] = [parent[at]]
      break
  }
  return copy
}

describe("FastDecode on vendor Schemas", () => {
  // The only vendor Schema without a fast path: a request whose required `file` is a `Blob` (a Declaration).
  const withoutFastPath = ["openai.CreateTranscriptionParams"]

  it("finds the vendor Schemas, and compiles every one of them but a Blob upload", () => {
    expect(vendorSchemas.length).toBeGreaterThan(200)
    const uncompiled = vendorSchemas.filter(([, schema]) => FastDecode.compile(schema.ast) === undefined)
    expect(uncompiled.map(([name]) => name)).toEqual(withoutFastPath)
  })

  for (const [name, schema] of vendorSchemas) {
    if (withoutFastPath.includes(name)) continue
    const decode = compiled(schema)
    const arbitrary = Arbitrary.make(Schema.make<unknown, unknown, never>(withFormats(schema.ast)))
    const encode = Schema.encodeSync(schema)
    const full = fullySupported(schema.ast)

    it(`${name}: valid inputs get ParseResult's value, ${full ? "always" : "often"} from the compiled decoder`, () => {
      let answered = 0
      FastCheck.assert(
        FastCheck.property(arbitrary, (value) => {
          const wire = encode(value)
          // As received: JSON drops undefined and turns NaN into null, which the Schema may then refuse.
          for (const input of [wire, JSON.parse(JSON.stringify(wire))]) {
            const outcome = agree(schema, decode, input)
            if (outcome === "answered") answered++
            if (full && Either.isRight(reference(schema)(input))) expect(outcome).toBe("answered")
          }
        }),
        { numRuns: 25 }
      )
      // Schemas with a transformation (an open union's `unknown` member) fall back only on inputs that reach it.
      expect(answered).toBeGreaterThan(0)
    })

    it(`${name}: mutated inputs never get a value ParseResult refuses`, () => {
      const samples = FastCheck.sample(arbitrary, { numRuns: 10 }).map((value) => encode(value))
      FastCheck.assert(
        FastCheck.property(FastCheck.constantFrom(...samples), mutation, (wire, change) => {
          agree(schema, decode, mutate(wire, change))
        }),
        { numRuns: 60 }
      )
    })
  }
})

// ---------------------------------------------------------------------------------------------------------------------
// The benchmarked answers take the fast path
// ---------------------------------------------------------------------------------------------------------------------

describe("FastDecode on the benchmarked answers", () => {
  const anthropicMessage = {
    id: "msg_01",
    type: "message",
    role: "assistant",
    content: [{ type: "text", text: "Hello" }, { type: "tool_use", id: "toolu_1", name: "get", input: { q: 1 } }],
    model: "claude-sonnet-4-5",
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 }
  }
  const cases: ReadonlyArray<readonly [string, Schemaful, unknown]> = [
    ["Stripe Customer", StripeSchemas.Customer as Schemaful, Fixtures.customer],
    ["OpenAI chat completion", OpenAISchemas.ChatCompletion as Schemaful, Fixtures.chatCompletion],
    ["Anthropic message", AnthropicSchemas.Message as Schemaful, anthropicMessage]
  ]
  for (const [name, schema, fixture] of cases) {
    it(`compiles ${name} and answers its fixture itself`, () => {
      expect(agree(schema, compiled(schema), JSON.parse(JSON.stringify(fixture)))).toBe("answered")
    })
  }

  it("answers an Anthropic message with an unknown block kind through ParseResult, with the same value", () => {
    const decode = compiled(AnthropicSchemas.Message as Schemaful)
    const input = { ...anthropicMessage, content: [{ type: "web_search_tool_result", tool_use_id: "x", content: [] }] }
    expect(agree(AnthropicSchemas.Message as Schemaful, decode, input)).toBe("fell back")
    expect(Either.getOrThrow(reference(AnthropicSchemas.Message as Schemaful)(input))).toMatchObject({
      content: [{ type: "unknown", event: { type: "web_search_tool_result" } }]
    })
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// Node by node
// ---------------------------------------------------------------------------------------------------------------------

const outcomes = (schema: Schemaful, inputs: ReadonlyArray<unknown>): ReadonlyArray<Outcome> => {
  const decode = compiled(schema)
  return inputs.map((input) => agree(schema, decode, input))
}

describe("FastDecode node by node", () => {
  it("keywords accept exactly their type, NaN and infinities included for numbers", () => {
    expect(outcomes(Schema.String as Schemaful, ["a", "", 1, null, undefined])).toEqual([
      "answered",
      "answered",
      "fell back",
      "fell back",
      "fell back"
    ])
    expect(outcomes(Schema.Number as Schemaful, [1, Number.NaN, Number.NEGATIVE_INFINITY, -0, "1"])).toEqual([
      "answered",
      "answered",
      "answered",
      "answered",
      "fell back"
    ])
    expect(outcomes(Schema.Boolean as Schemaful, [true, false, 0])).toEqual(["answered", "answered", "fell back"])
    expect(outcomes(Schema.BigIntFromSelf as Schemaful, [1n, 1])).toEqual(["answered", "fell back"])
    expect(outcomes(Schema.SymbolFromSelf as Schemaful, [Symbol.iterator, "s"])).toEqual(["answered", "fell back"])
    expect(outcomes(Schema.Undefined as Schemaful, [undefined, null])).toEqual(["answered", "fell back"])
    expect(outcomes(Schema.Object as Schemaful, [{}, [], () => 1, null, "o"])).toEqual([
      "answered",
      "answered",
      "answered",
      "fell back",
      "fell back"
    ])
  })

  it("unknown, any and void pass the input through, uncopied", () => {
    const input = { nested: [1] }
    for (const schema of [Schema.Unknown, Schema.Any, Schema.Void]) {
      expect(compiled(schema as Schemaful)(input)).toBe(input)
    }
  })

  it("literals and enums accept exactly their values", () => {
    expect(outcomes(Schema.Literal("a", 1, null, true) as Schemaful, ["a", 1, null, true, "1", false, undefined])).toEqual(
      ["answered", "answered", "answered", "answered", "fell back", "fell back", "fell back"]
    )
    enum Color {
      Red = "red",
      Two = 2
    }
    expect(outcomes(Schema.Enums(Color) as Schemaful, ["red", 2, "Red", "2"])).toEqual([
      "answered",
      "answered",
      "fell back",
      "fell back"
    ])
  })

  it("structs copy declared keys in declaration order, drop the others, keep absent optionals absent", () => {
    const schema = Schema.Struct({
      b: Schema.String,
      a: Schema.optional(Schema.NullOr(Schema.Number)),
      c: Schema.optionalWith(Schema.Boolean, { exact: true }),
      d: Schema.Unknown
    }) as Schemaful
    const input = { z: 1, a: null, b: "x" }
    const decoded = compiled(schema)(input)
    expect(outline(decoded)).toEqual(outline({ b: "x", a: null, d: undefined }))
    expect(Object.keys(decoded as object)).toEqual(["b", "a", "d"])
    expect(outcomes(schema, [
      { b: "x" },
      { b: "x", a: undefined },
      { b: "x", c: undefined },
      { a: 1 },
      { b: "x", a: "1" },
      [],
      null,
      Object.create({ b: "inherited" })
    ])).toEqual(["answered", "answered", "fell back", "fell back", "fell back", "fell back", "fell back", "answered"])
  })

  it("structs and arrays are copies at every level; a struct without fields is the input itself", () => {
    const schema = Schema.Struct({ inner: Schema.Struct({ list: Schema.Array(Schema.Number) }), any: Schema.Struct({}) })
    const input = { inner: { list: [1, 2] }, any: [3] }
    const decoded = compiled(schema as Schemaful)(input) as typeof input
    expect(decoded.inner).not.toBe(input.inner)
    expect(decoded.inner.list).not.toBe(input.inner.list)
    expect(decoded.any).toBe(input.any)
    expect(outcomes(schema as Schemaful, [input, { inner: { list: [] }, any: null }])).toEqual(["answered", "fell back"])
  })

  it("records copy keys in own-key order, drop keys their parameter refuses, and skip declared names", () => {
    const record = Schema.Record({ key: Schema.String, value: Schema.Number }) as Schemaful
    expect(Object.keys(compiled(record)({ b: 1, 2: 2, a: 3, 1: 4 }) as object)).toEqual(["1", "2", "b", "a"])
    expect(outcomes(record, [{}, { a: 1 }, { a: "1" }, JSON.parse("{\"__proto__\": 1, \"a\": 2}")])).toEqual([
      "answered",
      "answered",
      "fell back",
      "answered"
    ])
    const refinedKeys = Schema.Record({ key: Schema.String.pipe(Schema.minLength(2)), value: Schema.Number }) as Schemaful
    expect(compiled(refinedKeys)({ a: "not checked", ab: 1 })).toEqual({ ab: 1 })
    const structWithRecord = Schema.Struct({ type: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.String }))
    expect(outcomes(structWithRecord as Schemaful, [{ x: "1", type: "t" }, { type: "t", x: 1 }])).toEqual([
      "answered",
      "fell back"
    ])
    expect(Object.keys(compiled(structWithRecord as Schemaful)({ x: "1", type: "t" }) as object)).toEqual(["type", "x"])
    const symbols = Schema.Record({ key: Schema.SymbolFromSelf, value: Schema.Number }) as Schemaful
    expect(outcomes(symbols, [{ [Symbol.iterator]: 1, a: "ignored" }, { [Symbol.iterator]: "1" }])).toEqual([
      "answered",
      "fell back"
    ])
  })

  it("a declared key also matched by an index signature keeps its declared decoding", () => {
    const schema = Schema.Struct({ a: Schema.Struct({ x: Schema.Number }) }, Schema.Record({ key: Schema.String, value: Schema.Unknown }))
    const input = { a: { x: 1, y: 2 }, b: 3 }
    const decoded = compiled(schema as Schemaful)(input)
    expect(decoded).toEqual({ a: { x: 1 }, b: 3 })
    expect(outcomes(schema as Schemaful, [input])).toEqual(["answered"])
  })

  it("a record input with an own __proto__ key decodes as ParseResult's assignment does", () => {
    const record = Schema.Record({ key: Schema.String, value: Schema.Unknown }) as Schemaful
    expect(outcomes(record, [JSON.parse("{\"__proto__\": {\"polluted\": true}, \"a\": 1}")])).toEqual(["answered"])
  })

  it("unions try members in ParseResult's order: tagged candidates first, untagged last", () => {
    const untaggedFirst = Schema.Union(
      Schema.Struct({ a: Schema.Number }),
      Schema.Struct({ kind: Schema.Literal("x"), a: Schema.Number })
    ) as Schemaful
    expect(compiled(untaggedFirst)({ kind: "x", a: 1 })).toEqual({ kind: "x", a: 1 })
    expect(compiled(untaggedFirst)({ kind: "y", a: 1 })).toEqual({ a: 1 })
    expect(outcomes(untaggedFirst, [{ kind: "x", a: 1 }, { kind: "y", a: 1 }, { kind: "x" }, "x"])).toEqual([
      "answered",
      "answered",
      "fell back",
      "fell back"
    ])
  })

  it("unions try only untagged members on an input without its own tag, even one it inherits", () => {
    const schema = Schema.Union(
      Schema.Struct({ type: Schema.Literal("a"), n: Schema.Number }),
      Schema.Struct({ n: Schema.Number })
    ) as Schemaful
    const inherits = Object.assign(Object.create({ type: "a" }), { n: 1 })
    expect(compiled(schema)(inherits)).toEqual({ n: 1 })
    expect(outcomes(schema, [inherits, { type: "a", n: 1 }, { n: 1 }])).toEqual(["answered", "answered", "answered"])
  })

  it("unions file a member whose first tag value is taken under its next tag", () => {
    const schema = Schema.Union(
      Schema.Struct({ type: Schema.Literal("a"), version: Schema.Literal(1), n: Schema.Number }),
      Schema.Struct({ type: Schema.Literal("a"), version: Schema.Literal(2), s: Schema.String }),
      Schema.Struct({ type: Schema.Literal("a"), version: Schema.Literal(2), n: Schema.Number })
    ) as Schemaful
    expect(outcomes(schema, [
      { type: "a", version: 1, n: 1 },
      { type: "a", version: 2, s: "s" },
      { type: "a", version: 2, n: 1 },
      { type: "a", version: 3, n: 1 },
      { version: 2, n: 1 }
    ])).toEqual(["answered", "answered", "answered", "fell back", "fell back"])
    // Filed under `kind`, which an earlier member made the first tag tried: tried before the member filed under `type`.
    const byKind = Schema.Union(
      Schema.Struct({ kind: Schema.Literal("z") }),
      Schema.Struct({ type: Schema.Literal("a"), n: Schema.Number }),
      Schema.Struct({ type: Schema.Literal("a"), kind: Schema.Literal("k"), n: Schema.Number })
    ) as Schemaful
    expect(compiled(byKind)({ type: "a", kind: "k", n: 1 })).toEqual({ type: "a", kind: "k", n: 1 })
    expect(outcomes(byKind, [{ type: "a", kind: "k", n: 1 }, { type: "a", kind: "z", n: 1 }])).toEqual(["answered", "answered"])
    // Filed once, under `kind` only: a later member filed under `type` is tried before it.
    const once = Schema.Union(
      Schema.Struct({ type: Schema.Literal("a"), n: Schema.String }),
      Schema.Struct({ type: Schema.Literal("a"), kind: Schema.Literal("k"), n: Schema.Number }),
      Schema.Struct({ type: Schema.Literal("a"), n: Schema.Number })
    ) as Schemaful
    expect(compiled(once)({ type: "a", kind: "k", n: 1 })).toEqual({ type: "a", n: 1 })
  })

  it("unions do not file members under optional literal properties", () => {
    const schema = Schema.Union(
      Schema.Struct({ n: Schema.Number }),
      Schema.Struct({ type: Schema.optionalWith(Schema.Literal("a"), { exact: true }), n: Schema.Number })
    ) as Schemaful
    expect(compiled(schema)({ type: "a", n: 1 })).toEqual({ n: 1 })
    expect(outcomes(schema, [{ type: "a", n: 1 }])).toEqual(["answered"])
  })

  it("unions fall back on a tag that is not a primitive, and on tuple tags", () => {
    const schema = Schema.Union(
      Schema.Struct({ type: Schema.Literal("a") }),
      Schema.Record({ key: Schema.String, value: Schema.Unknown })
    ) as Schemaful
    expect(outcomes(schema, [{ type: "a" }, { type: "b" }, { type: { toString: () => "a" } }])).toEqual([
      "answered",
      "answered",
      "fell back"
    ])
    const tuples = Schema.Union(Schema.Tuple(Schema.Literal("a"), Schema.Number), Schema.Tuple(Schema.Literal("b"), Schema.String))
    expect(outcomes(tuples as Schemaful, [["a", 1], ["b", "s"], ["a", "s"], { 0: "a", 1: 1 }])).toEqual([
      "answered",
      "answered",
      "fell back",
      "fell back"
    ])
  })

  it("nullable and nested unions decode in order", () => {
    const schema = Schema.optional(Schema.NullOr(Schema.Union(Schema.Number, Schema.Struct({ n: Schema.Number }))))
    const struct = Schema.Struct({ field: schema }) as Schemaful
    expect(outcomes(struct, [{}, { field: null }, { field: 1 }, { field: { n: 1, m: 2 } }, { field: "1" }])).toEqual([
      "answered",
      "answered",
      "answered",
      "answered",
      "fell back"
    ])
  })

  it("nested unions: untagged ones splice in, tagged ones and ones with a decoding fallback stay whole", () => {
    const tagged = Schema.Union(
      Schema.Union(Schema.Struct({ a: Schema.Number }), Schema.Struct({ kind: Schema.Literal("x"), a: Schema.Number })),
      Schema.Null
    ) as Schemaful
    expect(compiled(tagged)({ kind: "x", a: 1 })).toEqual({ kind: "x", a: 1 })
    const withFallback = Schema.Union(
      Schema.Union(Schema.Number, Schema.Boolean).annotations({ decodingFallback: () => Either.right(0) }),
      Schema.String
    ) as Schemaful
    expect(outcomes(withFallback, [1, true, "a"])).toEqual(["answered", "answered", "fell back"])
    // Members that answer their input merge only with their neighbours: a member in between keeps its place.
    const between = Schema.Union(Schema.String, Schema.NumberFromString, Schema.Null) as Schemaful
    expect(outcomes(between, ["1", null, 1])).toEqual(["answered", "fell back", "fell back"])
  })

  it("tuples: required, optional, rest and trailing elements; excess elements are refused", () => {
    const pair = Schema.Tuple(Schema.String, Schema.optionalElement(Schema.Number)) as Schemaful
    expect(outcomes(pair, [["a"], ["a", 1], ["a", 1, 2], [], ["a", "1"], "a"])).toEqual([
      "answered",
      "answered",
      "fell back",
      "fell back",
      "fell back",
      "fell back"
    ])
    const withRest = Schema.Tuple([Schema.String], Schema.Number, Schema.Boolean) as Schemaful
    expect(outcomes(withRest, [["a", true], ["a", 1, 2, false], ["a"], ["a", 1, "2", true]])).toEqual([
      "answered",
      "answered",
      "fell back",
      "fell back"
    ])
    expect(outcomes(Schema.NonEmptyArray(Schema.String) as Schemaful, [["a", "b"], []])).toEqual(["answered", "fell back"])
  })

  it("refinements run the filter on the decoded value; a refusal or a throw falls back", () => {
    expect(outcomes(Schema.Int as Schemaful, [1, 1.5, "1"])).toEqual(["answered", "fell back", "fell back"])
    const seen: Array<unknown> = []
    const filtered = Schema.Struct({ a: Schema.Number }).pipe(
      Schema.filter((value) => {
        seen.push(value)
        return value.a > 0
      })
    ) as Schemaful
    const input = { a: 1, b: 2 }
    expect(compiled(filtered)(input)).toEqual({ a: 1 })
    expect(seen).toEqual([{ a: 1 }])
    expect(outcomes(filtered, [{ a: 0 }])).toEqual(["fell back"])
    const throwing = Schema.String.pipe(Schema.filter(() => {
      throw new Error("boom")
    })) as Schemaful
    expect(compiled(throwing)("a")).toBe(FastDecode.FallBack)
  })

  it("recursive Schemas decode through their suspension", () => {
    interface Tree {
      readonly value: number
      readonly children: ReadonlyArray<Tree>
    }
    const Tree: Schema.Schema<Tree> = Schema.Struct({
      value: Schema.Number,
      children: Schema.Array(Schema.suspend(() => Tree))
    })
    const input = { value: 1, children: [{ value: 2, children: [], extra: true }] }
    expect(outcomes(Tree as Schemaful, [input, { value: 1, children: [{ value: "2", children: [] }] }])).toEqual([
      "answered",
      "fell back"
    ])
  })

  it("compositions decode through both sides; other transformations fall back where reached", () => {
    const composed = Schema.compose(Schema.String, Schema.NonEmptyString) as Schemaful
    expect(outcomes(composed, ["a", "", 1])).toEqual(["answered", "fell back", "fell back"])
    expect(FastDecode.compile(Schema.NumberFromString.ast)).toBeUndefined()
    const partly = Schema.Struct({ a: Schema.String, n: Schema.optional(Schema.NumberFromString) }) as Schemaful
    expect(outcomes(partly, [{ a: "x" }, { a: "x", n: "1" }])).toEqual(["answered", "fell back"])
  })

  it("a Schema compiles when only optional keys can never decode", () => {
    const schema = Schema.Struct({ a: Schema.optionalWith(Schema.Never, { exact: true }), b: Schema.String }) as Schemaful
    expect(outcomes(schema, [{ b: "x" }, { a: 1, b: "x" }])).toEqual(["answered", "fell back"])
  })

  it("unsupported Schemas compile to nothing", () => {
    class Person extends Schema.Class<Person>("Person")({ name: Schema.String }) {}
    const unique = Symbol.for("FastDecode.test")
    for (
      const schema of [
        Schema.instanceOf(Date),
        Person,
        Schema.TemplateLiteral("a", Schema.String),
        Schema.UniqueSymbolFromSelf(unique),
        Schema.Never,
        Schema.Struct({ a: Schema.Never }),
        // A computed key: `{ __proto__: ... }` would set the literal's prototype instead.
        Schema.Struct({ ["__proto__"]: Schema.String }),
        Schema.Struct({ a: Schema.String }).annotations({ parseOptions: { onExcessProperty: "preserve" } })
      ]
    ) {
      expect([String(schema.ast), FastDecode.compile(schema.ast)]).toEqual([String(schema.ast), undefined])
    }
  })

  it("parse options and decoding fallbacks inside a Schema leave that node to ParseResult", () => {
    const options = Schema.Struct({
      inner: Schema.optional(
        Schema.Struct({ a: Schema.String }).annotations({ parseOptions: { onExcessProperty: "preserve" } })
      )
    }) as Schemaful
    expect(outcomes(options, [{}, { inner: { a: "x", b: 1 } }])).toEqual(["answered", "fell back"])
    const withFallback = Schema.Union(
      Schema.Number.annotations({ decodingFallback: () => Either.right(0) }),
      Schema.String
    ) as Schemaful
    expect(outcomes(withFallback, [1, "a"])).toEqual(["answered", "fell back"])
    expect(Either.getOrThrow(reference(withFallback)("a"))).toBe(0)
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// The codec
// ---------------------------------------------------------------------------------------------------------------------

describe("Codec.decoder with a compiled decoder", () => {
  const decoder = Codec.decoder(StripeSchemas.Customer)
  const run = (input: unknown) => {
    const result = decoder.run(input)
    if (!Codec.isEither(result)) throw new Error("expected a synchronous answer")
    return result
  }

  it("answers ParseResult's value", () => {
    const input = JSON.parse(JSON.stringify(Fixtures.customer))
    expect(outline(Either.getOrThrow(run(input)))).toEqual(outline(Either.getOrThrow(reference(StripeSchemas.Customer as Schemaful)(input))))
  })

  it("reports ParseResult's issue, every problem in it, for an input it refuses", () => {
    const input = { ...Fixtures.customer, created: 1.5, livemode: "no", email: 3 }
    const result = run(input)
    expect(Either.isLeft(result)).toBe(true)
    const expected = reference(StripeSchemas.Customer as Schemaful)(input)
    const paths = (either: Either.Either<unknown, ParseResult.ParseIssue>) =>
      Either.isLeft(either) ? ParseResult.ArrayFormatter.formatIssueSync(either.left).map((issue) => issue.path) : []
    expect(new Set(paths(result).map((path) => path.join(".")))).toEqual(new Set(["created", "livemode", "email"]))
    expect(paths(result)).toEqual(paths(expected))
  })
})
