/**
 * What declaring an operation fixes once, so that a call only does per-call work: its name and span, its policy under
 * the vendor's, its Schemas' codecs, its attempt stack, its metric series.
 */
import * as Metric from "effect/Metric"
import type * as Schema from "effect/Schema"
import type * as Api from "../../HttpIntegration.js"
import { IntegrationError } from "../../IntegrationError.js"
import * as Telemetry from "../../Telemetry.js"
import type * as Answer from "./answer.js"
import * as Codec from "./codec.js"
import * as Policy from "./policy.js"
import * as Stages from "./stages.js"
import type { Vendor } from "./vendor.js"

/** The request side of an operation, plain or streaming. */
export interface RequestSpec<I, IE> {
  readonly name: string
  readonly method: Api.Method
  readonly request: (input: IE) => Api.RequestParts
  readonly idempotent?: boolean | undefined
  readonly idempotencyKey?: boolean | undefined
  readonly policy?: Api.PolicyInput | undefined
  readonly responseBody?: "json" | "text" | undefined
  readonly _input?: I
}

export interface Plan<IE, O> {
  readonly vendor: Vendor
  readonly operation: Answer.Operation
  readonly method: Api.Method
  readonly request: (input: IE) => Api.RequestParts
  /** Whether calls send an idempotency key by default (POST and PATCH to a vendor that takes one). */
  readonly sendsKey: boolean
  /** `spec.idempotent` when declared; otherwise decided per call from the method and the key. */
  readonly idempotent: boolean | undefined
  /** The vendor's policy under the operation's. */
  readonly policy: Api.Policy
  readonly encoder: Codec.Codec<IE>
  readonly decoder: Codec.Codec<O>
  readonly stack: Stages.Stack
  readonly metrics: {
    readonly successes: Metric.Metric.Counter<number>
    readonly failures: Metric.Metric.Counter<number>
    readonly retries: Metric.Metric.Counter<number>
    readonly duration: Metric.Metric.Histogram<number>
    /** `integration.failures` by reason, tagged on first use. */
    readonly byReason: (reason: IntegrationError["reason"]) => Metric.Metric.Counter<number>
  }
  readonly spanOptions: { readonly kind: "client"; readonly captureStackTrace: false }
}

/**
 * An operation's plan: its policy under the vendor's (checked now: a bad one is a defect naming the operation), the
 * input Schema's encoder and the output's (or a stream event's) decoder.
 */
export const make = <I, IE, O, OE>(
  vendor: Vendor,
  basePolicy: Api.Policy,
  spec: Omit<RequestSpec<unknown, IE>, "_input"> & { readonly input: Schema.Schema<I, IE> },
  output: Schema.Schema<O, OE>
): Plan<IE, O> => {
  const policy = Policy.forOperation(vendor.name, spec.name, basePolicy, spec.policy)
  const encoder = Codec.encoder(spec.input)
  const decoder = Codec.decoder(output)
  const name = spec.name
  const tags = { [Telemetry.Tag.vendor]: vendor.name, [Telemetry.Tag.operation]: name }
  const byReason = new Map<string, Metric.Metric.Counter<number>>()
  return {
    vendor,
    operation: {
      name,
      spanName: `${vendor.name}.${name}`,
      textBody: spec.responseBody === "text",
      fail: (reason, description, extra = {}) =>
        new IntegrationError({ vendor: vendor.name, operation: name, reason, description, ...extra })
    },
    method: spec.method,
    request: spec.request,
    sendsKey: vendor.idempotencyHeader !== undefined &&
      (spec.idempotencyKey ?? (spec.method === "POST" || spec.method === "PATCH")),
    idempotent: spec.idempotent,
    policy,
    encoder,
    decoder,
    stack: Stages.resolve(vendor.policies, name, vendor.stages),
    metrics: {
      successes: Telemetry.tagged(Telemetry.calls, { ...tags, [Telemetry.Tag.outcome]: "success" }),
      failures: Telemetry.tagged(Telemetry.calls, { ...tags, [Telemetry.Tag.outcome]: "failure" }),
      retries: Telemetry.tagged(Telemetry.retries, tags),
      duration: Telemetry.tagged(Telemetry.callDuration, tags),
      byReason: (reason) => {
        let counter = byReason.get(reason)
        if (counter === undefined) {
          counter = Telemetry.tagged(Telemetry.failures, { [Telemetry.Tag.vendor]: vendor.name, [Telemetry.Tag.reason]: reason })
          byReason.set(reason, counter)
        }
        return counter
      }
    },
    spanOptions: { kind: "client", captureStackTrace: false }
  }
}

