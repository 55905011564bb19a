/**
 * A vendor's typed webhook events as one catalogue: the typed events (each a Struct whose discriminator field is a
 * literal), a fallback that keeps any other event whole (a type this SDK does not know yet is passed on, never dropped),
 * decoders for a parsed or raw JSON body, and guards that narrow to the typed events or to one type. Every vendor's
 * `*Events` module is such a catalogue.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { WebhookEvents } from "effect-integrations/webhooks"
 *
 * const Paid = Schema.Struct({ type: Schema.Literal("order.paid"), data: Schema.Struct({ id: Schema.String }) })
 * const Other = Schema.Struct({ type: Schema.String, data: Schema.Unknown })
 * const Events = WebhookEvents.catalog({ known: [Paid], unknown: Other })
 * // Events.decodeEventJson(body), Events.isKnown(event), Events.is("order.paid")(event)
 * ```
 *
 * @since 0.2.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"

/**
 * The typed event of type `T`, its discriminator narrowed to `T` (a member may accept several types).
 *
 * @since 0.2.0
 * @category Models
 */
export type EventOf<Known, D extends string, T> = Known extends Readonly<Record<D, infer Type>>
  ? T extends Type ? Known & Readonly<Record<D, T>> : never
  : never

/**
 * @since 0.2.0
 * @category Models
 */
export interface Catalog<Known extends Record<D, string>, Unknown extends Record<D, string>, D extends string> {
  /** One of the typed events, or the fallback kept whole. */
  readonly Event: Schema.Schema<Known | Unknown, unknown>
  /**
   * The fallback as the catalogue decodes it: any event whose type is not a typed one. A typed event that does not
   * match its Schema is a decoding error (drift to look at), never an unknown event.
   */
  readonly UnknownEvent: Schema.Schema<Unknown, unknown>
  /** The discriminator values decoded into a typed event. */
  readonly knownTypes: ReadonlyArray<Known[D]>
  /** Decodes a parsed JSON event. */
  readonly decodeEvent: (u: unknown) => Effect.Effect<Known | Unknown, ParseResult.ParseError>
  /** Decodes an event from the raw JSON text of a verified webhook body. */
  readonly decodeEventJson: (text: string) => Effect.Effect<Known | Unknown, ParseResult.ParseError>
  /** Narrows to the typed events, after which `switch` on the discriminator narrows each case. */
  readonly isKnown: (event: Known | Unknown) => event is Known
  /** Narrows to one event type. */
  readonly is: <T extends Known[D]>(type: T) => (event: Known | Unknown) => event is EventOf<Known, D, T>
}

/** The literal values a member's discriminator field accepts. */
const literalsOf = (ast: SchemaAST.AST, field: string): ReadonlyArray<string> => {
  const type = SchemaAST.typeAST(ast)
  if (type._tag !== "TypeLiteral") return []
  const signature = type.propertySignatures.find((property) => property.name === field)
  if (signature === undefined) return []
  const literals = (node: SchemaAST.AST): ReadonlyArray<string> =>
    node._tag === "Literal" && typeof node.literal === "string"
      ? [node.literal]
      : node._tag === "Union"
      ? node.types.flatMap(literals)
      : []
  return literals(signature.type)
}

/**
 * A catalogue from the typed events and the fallback. `discriminator` is the field naming the event type (default
 * `type`); each typed event must fix it with a literal (or a union of literals). The fallback takes only the other
 * types: an event of a typed type that does not match its Schema is a decoding error (API drift to look at), never
 * passed on as unknown.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const catalog = <
  const Members extends ReadonlyArray<Schema.Schema.AnyNoContext>,
  U extends Schema.Schema.AnyNoContext,
  D extends string = "type"
>(options: {
  readonly known: Members
  readonly unknown: U
  readonly discriminator?: D | undefined
}): Catalog<Schema.Schema.Type<Members[number]>, Schema.Schema.Type<U>, D> => {
  type Known = Schema.Schema.Type<Members[number]>
  type Event = Known | Schema.Schema.Type<U>
  const field = options.discriminator ?? "type"
  const knownTypes = options.known.flatMap((member) => literalsOf(member.ast, field)) as ReadonlyArray<Known[D]>
  const known: ReadonlySet<string> = new Set(knownTypes as ReadonlyArray<string>)
  const typeOf = (event: unknown): unknown => (event as Record<string, unknown>)[field]
  const UnknownEvent = options.unknown.pipe(
    Schema.filter((event) => {
      const type = typeOf(event)
      return typeof type !== "string" || !known.has(type) || `${type} is a typed event, so it must match its own Schema`
    })
  ) as unknown as Schema.Schema<Schema.Schema.Type<U>, unknown>
  const Event = Schema.Union(...options.known, UnknownEvent) as unknown as Schema.Schema<Event, unknown>
  return {
    Event,
    UnknownEvent,
    knownTypes,
    decodeEvent: Schema.decodeUnknown(Event, { errors: "all" }),
    decodeEventJson: Schema.decodeUnknown(Schema.parseJson(Event), { errors: "all" }),
    isKnown: (event): event is Known => known.has(typeOf(event) as string),
    is: <T extends Known[D]>(type: T) => (event: Event): event is EventOf<Known, D, T> => typeOf(event) === type
  }
}
