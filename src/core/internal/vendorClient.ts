import * as Config from "effect/Config"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Credentials from "../Credentials.js"
import * as Health from "../Health.js"
import * as HttpIntegration from "../HttpIntegration.js"
import { IntegrationError } from "../IntegrationError.js"
import * as Telemetry from "../Telemetry.js"
import type * as Api from "../VendorClient.js"
import * as Fake from "./fake.js"
import * as Validation from "./policyValidation.js"

export const secret = (input: Api.SecretInput): Credentials.Secret =>
  Redacted.isRedacted(input) ? Credentials.fixed(input) : input

export const callUnkeyed = <I, O>(
  operation: HttpIntegration.Operation<I, O>,
  input: I,
  options: HttpIntegration.CallOptions | undefined
): Effect.Effect<O, IntegrationError> =>
  operation(
    input,
    options === undefined
      ? undefined
      : { policy: options.policy, headers: options.headers, attemptStages: options.attemptStages }
  )

export const path = (template: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string => {
  let out = template[0] ?? ""
  for (let i = 0; i < values.length; i++) out += encodeURIComponent(String(values[i])) + (template[i + 1] ?? "")
  return out
}

export const PathSegment = (maxLength: number, message = "a path segment, not a dot segment") =>
  Schema.NonEmptyTrimmedString.pipe(
    Schema.maxLength(maxLength),
    Schema.filter((segment) => (segment !== "." && segment !== "..") || message)
  )

export const failures = (vendor: string): Api.Failures => {
  const failure = (reason: IntegrationError["reason"]) => (operation: string, description: string) =>
    new IntegrationError({ vendor, operation, reason, description })
  return { invalid: failure("InvalidRequest"), drift: failure("ResponseDrift"), notFound: failure("NotFound") }
}

type Observe = HttpIntegration.Definition["observeResponse"]

/** Both observers, the vendor's first; an answer that neither needs still costs no Effect step. */
const observeBoth = (vendor: Observe, caller: Observe): Observe => {
  if (vendor === undefined) return caller
  if (caller === undefined) return vendor
  return (context) => {
    const first = vendor(context)
    const second = caller(context)
    return first === undefined ? second : second === undefined ? first : Effect.zipRight(first, second)
  }
}

export const healthCheckName = (vendor: string): string =>
  vendor.toLowerCase().trim().replace(/\s+/g, "-").replace(/[^a-z0-9-]/g, "")

/** A field given as `undefined` means "not set", so it must not erase the value beneath it. */
const defined = <A extends object>(value: A): Partial<A> => {
  const out: Partial<A> = {}
  for (const key in value) {
    if (value[key] !== undefined) out[key] = value[key]
  }
  return out
}

const BASE_URL_RULE = "must be an absolute http(s) URL with a host, without credentials, query or fragment"

/** A base URL variable, unset or empty meaning the vendor's public API (as the vendors' own SDKs read `*_BASE_URL`). */
const baseUrlConfig = (name: string, fallback: string): Config.Config<string> =>
  Config.string(name).pipe(
    Config.validate({
      message: BASE_URL_RULE,
      validation: (value) => value.trim() === "" || Validation.baseUrlProblem(value) === undefined
    }),
    Config.option,
    Config.map((value) => Option.getOrElse(Option.filter(value, (url) => url.trim() !== ""), () => fallback))
  )

/** Options the kit reads itself, checked with the vendor's own when the client is made. */
const optionRules: Validation.Rules = { streamIdleTimeout: Validation.positiveDuration }

/**
 * The pipeline as the vendor's operations see it: an operation the vendor gives defaults of its own gets them on top of
 * the vendor's policy and under the caller's (the kernel would put an operation's policy over the caller's), and every
 * stream gets the caller's idle timeout, else its own, else the vendor's.
 */
const withOperationDefaults = <Options extends Api.VendorOptions>(
  http: HttpIntegration.HttpIntegration,
  spec: Pick<Api.Spec<Options, Api.Service, never>, "operationPolicies" | "streamIdleTimeout">,
  options: Options
): HttpIntegration.HttpIntegration => {
  const table = spec.operationPolicies ?? {}
  const caller = defined(options.policy ?? {})
  const policyOf = (name: string, own: HttpIntegration.PolicyInput | undefined) => {
    const defaults = table[name]
    return defaults === undefined ? own : { ...defaults, ...own, ...caller }
  }
  return {
    ...http,
    operation: (operation) => http.operation({ ...operation, policy: policyOf(operation.name, operation.policy) }),
    streamOperation: (operation) =>
      http.streamOperation({
        ...operation,
        policy: policyOf(operation.name, operation.policy),
        idleTimeout: options.streamIdleTimeout ?? operation.idleTimeout ?? spec.streamIdleTimeout
      })
  }
}

export const failOnEvent = <A, B extends A>(
  isError: (event: A) => event is B,
  toError: (event: B) => IntegrationError
) =>
<E, R>(stream: Stream.Stream<A, E, R>): Stream.Stream<Exclude<A, B>, E | IntegrationError, R> =>
  Stream.mapEffect(stream, (event) => {
    // A type guard narrows only its positive branch; what it rejects is by definition not a `B`.
    if (!isError(event)) return Effect.succeed(event as Exclude<A, B>)
    const error = toError(event)
    return Effect.zipRight(
      Metric.increment(
        Telemetry.tagged(Telemetry.failures, { [Telemetry.Tag.vendor]: error.vendor, [Telemetry.Tag.reason]: error.reason })
      ),
      Effect.fail(error)
    )
  })

export const define = <Self, Options extends Api.VendorOptions, S extends Api.Service, Setup = void>(
  tag: Context.Tag<Self, S>,
  spec: Api.Spec<Options, S, Setup>
): Api.Client<Self, Options, S> => {
  const vendor = spec.vendor
  const checkName = healthCheckName(vendor)
  const tagName = tag.key.split("/").pop() ?? tag.key

  const make: Api.Client<Self, Options, S>["make"] = (options) =>
    Effect.gen(function*() {
      const own = [...Validation.fields("", options, optionRules), ...(spec.validate?.(options) ?? [])]
      if (own.length > 0) yield* Validation.check(vendor, own)
      // Without a setup step `Setup` is `void`.
      const setup = spec.setup === undefined ? (undefined as Setup) : yield* spec.setup(options)
      const declared = spec.definition(options, setup)
      const http = yield* HttpIntegration.make({
        vendor,
        baseUrl: options.baseUrl ?? spec.baseUrl.default,
        auth: declared.auth,
        headers: { ...options.headers, ...declared.headers },
        dialect: declared.dialect,
        policy: { ...spec.policy, ...defined(options.policy ?? {}) },
        attemptPolicy: options.attemptPolicy,
        attemptStages: options.attemptStages,
        circuitBreaker: options.circuitBreaker,
        rateLimit: options.rateLimit === undefined ? spec.rateLimit : options.rateLimit,
        bulkhead: options.bulkhead,
        retryBudget: options.retryBudget,
        propagateTraceContext: options.propagateTraceContext,
        observeResponse: observeBoth(declared.observeResponse, options.observeResponse)
      })
      return spec.operations(withOperationDefaults(http, spec, options), options, setup)
    })

  const layer: Api.Client<Self, Options, S>["layer"] = (options) =>
    Layer.scoped(tag, Effect.tap(make(options), (service) => Health.register(Health.check(checkName, service.healthCheck))))

  const config = Config.map(
    Config.all({ own: spec.config, baseUrl: baseUrlConfig(spec.baseUrl.env, spec.baseUrl.default) }),
    ({ baseUrl, own }) => ({ ...own, baseUrl }) as unknown as Options
  )

  return {
    tag,
    vendor,
    healthCheckName: checkName,
    make,
    layer,
    config,
    fromEnv: Config.map(config, layer),
    layerConfig: (overrides = {}) =>
      Layer.unwrapEffect(Effect.map(config, (options) => layer({ ...options, ...defined(overrides) }))),
    layerTest: (partial) =>
      Layer.succeed(tag, Fake.make<S>(tagName, { healthCheck: Effect.void, ...partial }))
  }
}
