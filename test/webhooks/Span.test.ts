import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Tracer from "effect/Tracer"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as Stripe from "../../src/webhooks/schemes/Stripe.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import type { WebhookScheme } from "../../src/webhooks/WebhookScheme.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"

/** A span that keeps everything it was given, so two spans can be compared field by field. */
class RecordedSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly spanId: string
  readonly traceId = "trace"
  readonly sampled = true
  readonly attributes = new Map<string, unknown>()
  readonly links: Array<Tracer.SpanLink>
  status: Tracer.SpanStatus
  constructor(
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    links: ReadonlyArray<Tracer.SpanLink>,
    startTime: bigint,
    readonly kind: Tracer.SpanKind,
    readonly options: Tracer.SpanOptions | undefined,
    index: number
  ) {
    this.spanId = `span-${index}`
    this.links = [...links]
    this.status = { _tag: "Started", startTime }
  }
  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>) {
    this.status = { _tag: "Ended", startTime: this.status.startTime, endTime, exit }
  }
  attribute(key: string, value: unknown) {
    this.attributes.set(key, value)
  }
  event() {}
  addLinks(links: ReadonlyArray<Tracer.SpanLink>) {
    this.links.push(...links)
  }
}

const recordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const span = new RecordedSpan(name, parent, context, links, startTime, kind, options, spans.length)
      spans.push(span)
      return span
    },
    context: (f) => f()
  })
  return { spans, tracer }
}

/** What a span shows an exporter, minus its id. */
const shape = (span: RecordedSpan) => ({
  name: span.name,
  parent: Option.map(span.parent, (parent) => (parent._tag === "Span" ? parent.name : parent.spanId)),
  kind: span.kind,
  attributes: Object.fromEntries(span.attributes),
  links: span.links.map((link) => link.span.spanId),
  captureStackTrace: span.options?.captureStackTrace,
  timed: span.status.startTime !== BigInt(0),
  ended: span.status._tag === "Ended"
    ? { timed: span.status.endTime !== BigInt(0), exit: Exit.isSuccess(span.status.exit) ? "success" : "failure" }
    : "open"
})

// A copy is not the registered built-in object, so it goes through `Effect.withSpan` around the scheme's `verify`.
const viaWithSpan = (scheme: WebhookScheme): WebhookScheme => ({ ...scheme })

const stripeSecret = Redacted.make("whsec_span_test_secret")
const body = JSON.stringify({ id: "evt_span", type: "customer.updated" })

/** Runs `around(verify)` once per path and returns the `Webhooks.verify` spans each recorded. */
const bothPaths = <A, E>(
  scheme: WebhookScheme,
  headers: Readonly<Record<string, string>>,
  secrets: Redacted.Redacted<string> | ReadonlyArray<Redacted.Redacted<string>>,
  around: (verify: Effect.Effect<unknown, unknown>) => Effect.Effect<A, E>,
  options: Webhooks.Options = {}
) =>
  Effect.gen(function*() {
    const run = (candidate: WebhookScheme) =>
      Effect.gen(function*() {
        const { spans, tracer } = recordingTracer()
        const verify = Webhooks.verify(candidate, makeRequest({ body, headers }), secrets, options)
        const exit = yield* Effect.exit(around(verify).pipe(Effect.withTracer(tracer)))
        return { exit, spans: spans.filter((span) => span.name === "Webhooks.verify"), all: spans }
      })
    return { builtIn: yield* run(scheme), generic: yield* run(viaWithSpan(scheme)) }
  })

const signedStripe = Effect.map(Stripe.scheme.sign({ body }, stripeSecret), (signed) => signed.headers)

describe("Webhooks.verify span for built-in schemes", () => {
  it.live("matches Effect.withSpan: parent, annotations, links, attributes and exit of an accepted delivery", () =>
    Effect.gen(function*() {
      const headers = yield* signedStripe
      const { builtIn, generic } = yield* bothPaths(Stripe.scheme, headers, stripeSecret, (verify) =>
        Effect.gen(function*() {
          const linked = yield* Effect.makeSpan("linked")
          return yield* verify.pipe(
            Effect.linkSpans(linked, { why: "test" }),
            Effect.annotateSpans("tenant", "t1"),
            Effect.withSpan("request")
          )
        }))
      expect(Exit.isSuccess(builtIn.exit)).toBe(true)
      expect(builtIn.spans).toHaveLength(1)
      expect(generic.spans).toHaveLength(1)
      expect(shape(builtIn.spans[0]!)).toEqual(shape(generic.spans[0]!))
      expect(shape(builtIn.spans[0]!)).toMatchObject({
        parent: Option.some("request"),
        kind: "internal",
        attributes: {
          tenant: "t1",
          [Webhooks.Attr.scheme]: "stripe",
          [Webhooks.Attr.bodyBytes]: body.length,
          [Webhooks.Attr.id]: "evt_span"
        },
        links: ["span-0"],
        timed: true,
        ended: { timed: true, exit: "success" }
      })
    }))

  it.live("matches Effect.withSpan on a rejection: the reason attribute and a failed exit", () =>
    Effect.gen(function*() {
      const headers = yield* Effect.map(Stripe.scheme.sign({ body }, Redacted.make("whsec_other")), (s) => s.headers)
      const { builtIn, generic } = yield* bothPaths(Stripe.scheme, headers, stripeSecret, (verify) => verify)
      expect(shape(builtIn.spans[0]!)).toEqual(shape(generic.spans[0]!))
      expect(builtIn.spans[0]!.attributes.get(Webhooks.Attr.reason)).toBe("InvalidSignature")
      expect(shape(builtIn.spans[0]!).ended).toEqual({ timed: true, exit: "failure" })
    }))

  it.live("matches Effect.withSpan for a body over the size limit", () =>
    Effect.gen(function*() {
      const headers = yield* signedStripe
      const { builtIn, generic } = yield* bothPaths(Stripe.scheme, headers, stripeSecret, (verify) => verify, {
        maxBodyBytes: 4
      })
      expect(shape(builtIn.spans[0]!)).toEqual(shape(generic.spans[0]!))
      expect(builtIn.spans[0]!.attributes.get(Webhooks.Attr.reason)).toBe("PayloadTooLarge")
    }))

  it.live("skips a parent that disables propagation, as Effect does", () =>
    Effect.gen(function*() {
      const headers = yield* signedStripe
      const { builtIn, generic } = yield* bothPaths(Stripe.scheme, headers, stripeSecret, (verify) =>
        verify.pipe(
          Effect.withSpan("hidden", { context: Context.make(Tracer.DisablePropagation, true) }),
          Effect.withSpan("request")
        ))
      expect(shape(builtIn.spans[0]!)).toEqual(shape(generic.spans[0]!))
      expect(shape(builtIn.spans[0]!).parent).toEqual(Option.some("request"))
    }))

  it.live("records no span when tracing is disabled, and zero times when timing is disabled", () =>
    Effect.gen(function*() {
      const headers = yield* signedStripe
      const disabled = yield* bothPaths(Stripe.scheme, headers, stripeSecret, (verify) =>
        verify.pipe(Effect.withTracerEnabled(false)))
      expect(disabled.builtIn.all).toHaveLength(0)
      expect(disabled.generic.all).toHaveLength(0)
      expect(Exit.isSuccess(disabled.builtIn.exit)).toBe(true)

      const untimed = yield* bothPaths(Stripe.scheme, headers, stripeSecret, (verify) =>
        verify.pipe(Effect.withTracerTiming(false)))
      expect(shape(untimed.builtIn.spans[0]!)).toEqual(shape(untimed.generic.spans[0]!))
      expect(shape(untimed.builtIn.spans[0]!)).toMatchObject({ timed: false, ended: { timed: false } })
    }))

  it.live("dies without a secret and still ends its span with the defect", () =>
    Effect.gen(function*() {
      const headers = yield* signedStripe
      const { builtIn, generic } = yield* bothPaths(Stripe.scheme, headers, [], (verify) => verify)
      for (const path of [builtIn, generic]) {
        expect(Exit.isFailure(path.exit) && Cause.isDie(path.exit.cause)).toBe(true)
        expect(shape(path.spans[0]!).ended).toEqual({ timed: true, exit: "failure" })
      }
    }))

  it.live("counts a Standard Webhooks verification once on either path", () =>
    Effect.gen(function*() {
      const secret = Redacted.make(`whsec_${Buffer.alloc(24, 3).toString("base64")}`)
      const signed = yield* StandardWebhooks.scheme.sign({ body, id: "msg_count" }, secret)
      const valid = Metric.tagged(
        Metric.tagged(Webhooks.verifications, Webhooks.Attr.scheme, "standard"),
        Webhooks.Attr.outcome,
        "valid"
      )
      const before = (yield* Metric.value(valid)).count
      const { builtIn, generic } = yield* bothPaths(StandardWebhooks.scheme, signed.headers, secret, (verify) => verify)
      expect(Exit.isSuccess(builtIn.exit) && Exit.isSuccess(generic.exit)).toBe(true)
      expect((yield* Metric.value(valid)).count).toBe(before + 2)
      expect(shape(builtIn.spans[0]!)).toEqual(shape(generic.spans[0]!))
      expect(builtIn.spans[0]!.attributes.get(Webhooks.Attr.id)).toBe("msg_count")
    }))
})
