/**
 * How a cold-start script ends: it writes one JSON line (its peak RSS and how long after the process's time origin the
 * first result arrived) and exits at once, so idle keep-alive sockets never decide how long the process lives.
 *
 * @since 0.1.0
 */

/**
 * What a cold-start script reports on stdout.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Report {
  readonly max_rss_bytes: number
  /** Milliseconds from the process's time origin to the result. */
  readonly ready_ms: number
  readonly [figure: string]: number
}

/**
 * @since 0.1.0
 * @category Exit
 */
export const done = (figures: Readonly<Record<string, number>> = {}): never => {
  const report: Report = { ...figures, max_rss_bytes: process.resourceUsage().maxRSS * 1024, ready_ms: performance.now() }
  // stdout is a pipe here, which Node writes synchronously on POSIX, so the line is out before the exit.
  process.stdout.write(`${JSON.stringify(report)}\n`)
  return process.exit(0)
}

/**
 * @since 0.1.0
 * @category Exit
 */
export const fail = (error: unknown): never => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  return process.exit(1)
}

/**
 * Throws unless the call returned the fixture's object, so a script that got an error body cannot pass for a success.
 *
 * @since 0.1.0
 * @category Exit
 */
export const expectId = (value: unknown, id: string): void => {
  const actual = typeof value === "object" && value !== null && "id" in value ? value.id : undefined
  if (actual !== id) throw new Error(`expected an object with id ${id}, got ${String(actual)}`)
}

/**
 * The target server's port, the script's first argument.
 *
 * @since 0.1.0
 * @category Exit
 */
export const port = (): number => {
  const value = Number(process.argv[2])
  if (!Number.isInteger(value) || value <= 0) throw new Error("usage: node <script> <port>")
  return value
}
