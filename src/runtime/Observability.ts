/**
 * The app's telemetry in one layer: traces, metrics and logs through `@effect/opentelemetry`'s NodeSdk, exported over
 * OTLP/HTTP when the standard `OTEL_*` variables name a collector, to the console or nowhere otherwise; metrics are also
 * kept for a Prometheus scrape (`/metrics`). The library itself never builds an exporter: applications call this once.
 *
 * The kernel's `Telemetry` (in `effect-integrations`) names what the library records; this module decides where it
 * goes. (It was `Telemetry` too before 0.2.0.)
 *
 * @since 0.1.0
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import type * as Resource from "@effect/opentelemetry/Resource"
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http"
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http"
import { PrometheusExporter, PrometheusSerializer } from "@opentelemetry/exporter-prometheus"
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http"
import { BatchLogRecordProcessor, type LogRecordProcessor } from "@opentelemetry/sdk-logs"
import { type MetricReader, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics"
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

/**
 * Where a signal goes. `auto` means OTLP when an endpoint is configured, otherwise nowhere.
 *
 * @since 0.1.0
 * @category Models
 */
export type Destination = "auto" | "otlp" | "console" | "none"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** Defaults to `OTEL_SERVICE_NAME`, then `effect-integrations-app`. */
  readonly serviceName?: string | undefined
  readonly serviceVersion?: string | undefined
  /** Defaults to `OTEL_TRACES_EXPORTER` (`otlp`, `console`, `none`), then `auto`. */
  readonly traces?: Destination | undefined
  readonly metrics?: Destination | undefined
  readonly logs?: Destination | undefined
  /** How often metrics are pushed over OTLP. Default 10 s. */
  readonly metricsIntervalMillis?: number | undefined
  /** Span processors of the app's own, added to the one `traces` picks (an in-house exporter, a sampler's sink). */
  readonly spanProcessors?: ReadonlyArray<SpanProcessor> | undefined
}

/**
 * The current metrics in Prometheus text format, for a `/metrics` route.
 *
 * @since 0.1.0
 * @category Tags
 */
export class PrometheusMetrics extends Context.Tag("effect-integrations/runtime/PrometheusMetrics")<
  PrometheusMetrics,
  { readonly scrape: Effect.Effect<string> }
>() {}

const destination = (name: string) =>
  Config.literal("otlp", "console", "none")(name).pipe(Config.option)

const endpointFor = (base: Option.Option<string>, specific: Option.Option<string>, path: string) =>
  Option.orElse(specific, () => Option.map(base, (url) => `${url.replace(/\/+$/, "")}${path}`))

const resolve = (explicit: Destination | undefined, fromEnv: Option.Option<"otlp" | "console" | "none">, endpoint: Option.Option<string>) => {
  const chosen: Destination = explicit ?? Option.getOrElse(fromEnv, (): Destination => "auto")
  return chosen === "auto" ? (Option.isSome(endpoint) ? "otlp" : "none") : chosen
}

/**
 * NodeSdk configured from options and the standard `OTEL_*` environment, plus `PrometheusMetrics`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<Resource.Resource | PrometheusMetrics, import("effect/ConfigError").ConfigError> =>
  Layer.unwrapEffect(
    Effect.gen(function*() {
      const env = yield* Config.all({
        serviceName: Config.string("OTEL_SERVICE_NAME").pipe(Config.option),
        endpoint: Config.string("OTEL_EXPORTER_OTLP_ENDPOINT").pipe(Config.option),
        tracesEndpoint: Config.string("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").pipe(Config.option),
        metricsEndpoint: Config.string("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT").pipe(Config.option),
        logsEndpoint: Config.string("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT").pipe(Config.option),
        traces: destination("OTEL_TRACES_EXPORTER"),
        metrics: destination("OTEL_METRICS_EXPORTER"),
        logs: destination("OTEL_LOGS_EXPORTER")
      })
      const tracesUrl = endpointFor(env.endpoint, env.tracesEndpoint, "/v1/traces")
      const metricsUrl = endpointFor(env.endpoint, env.metricsEndpoint, "/v1/metrics")
      const logsUrl = endpointFor(env.endpoint, env.logsEndpoint, "/v1/logs")

      const spanProcessors: Array<SpanProcessor> = [...(options.spanProcessors ?? [])]
      switch (resolve(options.traces, env.traces, tracesUrl)) {
        case "otlp":
          spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter(Option.match(tracesUrl, { onNone: () => ({}), onSome: (url) => ({ url }) }))))
          break
        case "console":
          spanProcessors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()))
          break
      }

      const prometheus = new PrometheusExporter({ preventServerStart: true })
      const serializer = new PrometheusSerializer()
      const metricReaders: Array<MetricReader> = [prometheus]
      if (resolve(options.metrics, env.metrics, metricsUrl) === "otlp") {
        metricReaders.push(
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter(Option.match(metricsUrl, { onNone: () => ({}), onSome: (url) => ({ url }) })),
            exportIntervalMillis: options.metricsIntervalMillis ?? 10_000
          })
        )
      }

      const logProcessors: Array<LogRecordProcessor> = []
      if (resolve(options.logs, env.logs, logsUrl) === "otlp") {
        logProcessors.push(
          new BatchLogRecordProcessor({
            exporter: new OTLPLogExporter(Option.match(logsUrl, { onNone: () => ({}), onSome: (url) => ({ url }) }))
          })
        )
      }

      const sdk = NodeSdk.layer(() => ({
        resource: {
          serviceName: options.serviceName ?? Option.getOrElse(env.serviceName, () => "effect-integrations-app"),
          ...(options.serviceVersion !== undefined ? { serviceVersion: options.serviceVersion } : {})
        },
        ...(spanProcessors.length > 0 ? { spanProcessor: spanProcessors } : {}),
        metricReader: metricReaders,
        ...(logProcessors.length > 0 ? { logRecordProcessor: logProcessors } : {})
      }))
      const scrape = Effect.promise(() => prometheus.collect()).pipe(
        Effect.map(({ resourceMetrics }) => serializer.serialize(resourceMetrics))
      )
      return Layer.merge(sdk, Layer.succeed(PrometheusMetrics, { scrape }))
    })
  )
