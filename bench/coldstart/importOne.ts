/**
 * Import time of one module in a fresh process: `node importOne.js <specifier>` imports it (with everything it
 * imports) and reports how long that took; with no specifier it imports nothing, which gives Node's own start-up.
 *
 * @since 0.1.0
 */
import { done, fail } from "./exit.js"

const specifier = process.argv[2]
const started = performance.now()
;(specifier === undefined ? Promise.resolve() : import(specifier)).then(
  () => done({ import_ms: performance.now() - started }),
  fail
)
