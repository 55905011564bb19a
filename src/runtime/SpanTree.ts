/**
 * Renders finished OpenTelemetry spans as an indented tree, for terminals and reports: name, duration, status and the
 * attributes worth reading. Attribute values are printed as recorded, so only already-sanitised spans should be shown.
 *
 * @since 0.1.0
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"

/**
 * @since 0.1.0
 * @category Models
 */
export interface FormatOptions {
  /** Attributes to print after each span's name, when present. */
  readonly attributes?: ReadonlyArray<string> | undefined
  /** Print span events (retries, attempt failures) under their span. */
  readonly events?: boolean | undefined
}

const DEFAULT_ATTRIBUTES = [
  "http.request.method",
  "http.response.status_code",
  "integration.retries",
  "integration.error.reason",
  "integration.request_id"
]

const durationMillis = (span: ReadableSpan): number => span.duration[0] * 1000 + span.duration[1] / 1e6

/**
 * Formats every trace among `spans` as a tree, roots first in start order.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const format = (spans: ReadonlyArray<ReadableSpan>, options: FormatOptions = {}): string => {
  const attributes = options.attributes ?? DEFAULT_ATTRIBUTES
  const ids = new Set(spans.map((span) => span.spanContext().spanId))
  const children = new Map<string, Array<ReadableSpan>>()
  const roots: Array<ReadableSpan> = []
  const startOf = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1]
  for (const span of [...spans].sort((a, b) => startOf(a) - startOf(b))) {
    const parent = span.parentSpanContext?.spanId
    if (parent !== undefined && ids.has(parent)) {
      const list = children.get(parent) ?? []
      list.push(span)
      children.set(parent, list)
    } else {
      roots.push(span)
    }
  }
  const lines: Array<string> = []
  const visit = (span: ReadableSpan, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? "" : last ? "└─ " : "├─ "
    const details = attributes
      .filter((key) => span.attributes[key] !== undefined)
      .map((key) => `${key.split(".").pop()}=${String(span.attributes[key])}`)
    const status = span.status.code === 2 ? " ERROR" : ""
    lines.push(`${prefix}${branch}${span.name} ${durationMillis(span).toFixed(1)}ms${status}${details.length > 0 ? ` [${details.join(" ")}]` : ""}`)
    const childPrefix = root ? prefix : prefix + (last ? "   " : "│  ")
    const kids = children.get(span.spanContext().spanId) ?? []
    if (options.events !== false) {
      const eventPrefix = childPrefix + (kids.length > 0 ? "│  " : "   ")
      for (const event of span.events) {
        // A stack trace is many lines of noise in a tree: the exception's type and message say what happened.
        const attrs = Object.entries(event.attributes ?? {})
          .filter(([key]) => key !== "exception.stacktrace")
          .map(([key, value]) => `${key.split(".").pop()}=${String(value)}`)
          .join(" ")
        lines.push(`${eventPrefix}· ${event.name}${attrs === "" ? "" : ` ${attrs}`}`)
      }
    }
    kids.forEach((kid, index) => visit(kid, childPrefix, index === kids.length - 1, false))
  }
  roots.forEach((root) => visit(root, "", true, true))
  return lines.join("\n")
}
