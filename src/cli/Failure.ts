/**
 * How a command that cannot do its job ends: one line on stderr naming the cause, and an exit code (1 a runtime
 * failure, 2 a usage error), never a stack trace. `describe` reduces any failure or defect to that line.
 *
 * @since 0.2.0
 */
import * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"

/**
 * A command's own failure, already worded for the user.
 *
 * @since 0.2.0
 * @category Errors
 */
export class CliFailure extends Data.TaggedError("CliFailure")<{
  readonly message: string
  readonly code: 1 | 2
}> {}

/**
 * @since 0.2.0
 * @category Guards
 */
export const isCliFailure = (u: unknown): u is CliFailure => Predicate.isTagged(u, "CliFailure")

/**
 * @since 0.2.0
 * @category Constructors
 */
export const usage = (message: string): CliFailure => new CliFailure({ message, code: 2 })

/**
 * @since 0.2.0
 * @category Constructors
 */
export const failure = (message: string): CliFailure => new CliFailure({ message, code: 1 })

const field = (u: unknown, name: string): unknown => (Predicate.isObject(u) && name in u ? (u as Record<string, unknown>)[name] : undefined)

const firstLine = (text: string): string => text.split("\n", 1)[0]!.trim()

/** A system or driver code worth showing (`EADDRINUSE`, `SQLITE_NOTADB`, Postgres' `28000`). */
const codeOf = (u: unknown): string | undefined => {
  const code = field(u, "code")
  return typeof code === "string" && code !== "" ? code : undefined
}

/** What one error says by itself: its own message (first line), or its tag. */
const said = (u: unknown): string | undefined => {
  const message = field(u, "message")
  if (typeof message === "string" && message.trim() !== "") return firstLine(message)
  const tag = field(u, "_tag")
  return typeof tag === "string" ? tag : typeof u === "string" ? firstLine(u) : undefined
}

/**
 * One line for an error and its chain of causes: each distinct message, outermost first, then the innermost code
 * (`Failed to execute statement: file is not a database (SQLITE_NOTADB)`). `secrets` are masked wherever they appear.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const describe = (error: unknown, secrets: ReadonlyArray<string> = []): string => {
  const parts: Array<string> = []
  let code: string | undefined
  let current: unknown = error
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    const text = said(current)
    if (text !== undefined && !parts.some((part) => part.includes(text))) parts.push(text)
    code = codeOf(current) ?? code
    current = field(current, "cause")
  }
  let line = parts.length === 0 ? "unknown error" : parts.join(": ")
  if (code !== undefined && !line.includes(code)) line = `${line} (${code})`
  for (const secret of secrets) if (secret !== "") line = line.split(secret).join("***")
  return line
}

/**
 * The line for how a command ended: its failure, else its first defect, else an interruption.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const describeCause = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) return describe(failure.value)
  const defect = Cause.dieOption(cause)
  if (Option.isSome(defect)) return `unexpected error: ${describe(defect.value)}`
  return Cause.isInterruptedOnly(cause) ? "interrupted" : "unexpected error"
}
