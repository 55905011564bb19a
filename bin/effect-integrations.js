#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm install` in this repository through
// `prepare`). The CLI's packages are optional peers of the library: a missing one is named with the command that
// installs them, in one line, instead of a module-not-found stack trace.
const install = "npm install --save-dev @effect/cli@^0.77.2 @effect/printer@^0.51.0 @effect/printer-ansi@^0.51.0 @effect/platform-node@^0.108.2"

import("../dist/src/cli/main.js").then(
  ({ main }) => main(process.argv.slice(2)),
  (error) => {
    const missing = /Cannot find (?:package|module) '([^']+)'/.exec(String(error?.message))?.[1]
    if (error?.code === "ERR_MODULE_NOT_FOUND" && missing !== undefined) {
      console.error(
        missing.endsWith("/dist/src/cli/main.js")
          ? "effect-integrations: the CLI is not built: run `npm run build` in this repository"
          : `effect-integrations: the CLI needs the package ${missing}, which is not installed: ${install}`
      )
    } else {
      console.error(`effect-integrations: cannot start: ${String(error?.message ?? error).split("\n", 1)[0]}`)
    }
    process.exitCode = 1
  }
)
