/**
 * What the CLI prints to is often not a terminal (a pipe, a CI log, a file): colours are only for terminals, and never
 * when `NO_COLOR` is set (no-color.org). @effect/cli colours its help and errors itself, so the codes are removed on the
 * way out, stream by stream.
 *
 * @since 0.2.0
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"

/**
 * @since 0.2.0
 * @category Models
 */
export interface Stream {
  readonly isTTY?: boolean | undefined
}

/**
 * Whether output to `stream` may carry ANSI colours: a terminal, and `NO_COLOR` unset or empty.
 *
 * @since 0.2.0
 * @category Predicates
 */
export const colours = (stream: Stream, env: Readonly<Record<string, string | undefined>>): boolean =>
  stream.isTTY === true && (env["NO_COLOR"] ?? "") === ""

// SGR sequences (colours, bold) and the other CSI sequences a help renderer may emit.
const ansi = /\u001b\[[0-9;?]*[A-Za-z]/g

/**
 * `text` without ANSI escape sequences.
 *
 * @since 0.2.0
 * @category Combinators
 */
export const strip = (text: string): string => text.replace(ansi, "")

const plain = (args: ReadonlyArray<unknown>) => args.map((arg) => (typeof arg === "string" ? strip(arg) : arg))

/**
 * A console that drops colours from what goes to stdout (`log`, `info`) and stderr (`error`, `warn`) when the
 * matching flag is off.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const console = (base: Console.Console, options: { readonly stdout: boolean; readonly stderr: boolean }): Console.Console => ({
  ...base,
  log: (...args) => base.log(...(options.stdout ? args : plain(args))),
  info: (...args) => base.info(...(options.stdout ? args : plain(args))),
  error: (...args) => base.error(...(options.stderr ? args : plain(args))),
  warn: (...args) => base.warn(...(options.stderr ? args : plain(args)))
})

/**
 * Runs `self` with colours kept only where this process's stdout and stderr are terminals and `NO_COLOR` is unset.
 *
 * @since 0.2.0
 * @category Combinators
 */
export const withPlainOutput = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.console, (base) =>
    Effect.withConsole(
      self,
      console(base, { stdout: colours(process.stdout, process.env), stderr: colours(process.stderr, process.env) })
    ))
