/**
 * @effect/cli reads its built-in `--log-level` only in front of the subcommand's own options, so
 * `effect-integrations outbox stats --db x --log-level debug` was refused as an unknown argument. Global flags are
 * moved to the front before parsing, wherever the user wrote them (up to a `--`, after which everything is data).
 *
 * @since 0.2.0
 */

/** Global flags that take a value. */
const withValue = ["--log-level"]

/**
 * `argv` (without `node` and the script) with every global flag and its value moved to the front, in order.
 *
 * @since 0.2.0
 * @category Combinators
 */
export const hoist = (argv: ReadonlyArray<string>): ReadonlyArray<string> => {
  const globals: Array<string> = []
  const rest: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--") {
      rest.push(...argv.slice(i))
      break
    }
    const flag = withValue.find((name) => arg === name || arg.startsWith(`${name}=`))
    if (flag === undefined) {
      rest.push(arg)
    } else if (arg === flag && i + 1 < argv.length) {
      globals.push(arg, argv[i + 1]!)
      i++
    } else {
      globals.push(arg)
    }
  }
  return [...globals, ...rest]
}
