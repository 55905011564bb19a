#!/usr/bin/env node
/**
 * Whether dist/ is built from what src/ holds now. An incremental build leaves the output of a source that was touched
 * but not changed (a branch switched back, a file saved as it was) as it was, so an output older than its source does
 * not mean a stale build: the build writes `dist/.build-stamp` when it ends, and a source counts as stale only when
 * it is newer than both its output and that stamp, or has no output.
 *
 *     node scripts/build-stamp.mjs     # writes the stamp (the last step of `npm run build`)
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const STAMP = Path.join("dist", ".build-stamp")

/** Writes the stamp: everything in src/ as it is now has been built. */
export const write = (root) => {
  Fs.mkdirSync(Path.join(root, "dist"), { recursive: true })
  Fs.writeFileSync(Path.join(root, STAMP), `${new Date().toISOString()}\n`)
}

const sources = (dir) =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = Path.join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : entry.name.endsWith(".ts") ? [path] : []
  })

/** The sources under `dirs` (relative to `root`; files or folders) not built since they last changed. */
export const staleSources = (root, dirs = ["src"]) => {
  const stampPath = Path.join(root, STAMP)
  const stamped = Fs.existsSync(stampPath) ? Fs.statSync(stampPath).mtimeMs : 0
  return dirs
    .map((dir) => Path.join(root, dir))
    .filter((path) => Fs.existsSync(path))
    .flatMap((path) => Fs.statSync(path).isDirectory() ? sources(path) : [path])
    .filter((source) => {
      const output = Path.join(root, "dist", Path.relative(root, source)).replace(/\.ts$/, ".js")
      if (!Fs.existsSync(output)) return true
      const changed = Fs.statSync(source).mtimeMs
      return changed > Fs.statSync(output).mtimeMs && changed > stamped
    })
    .map((source) => Path.relative(root, source))
}

if (process.argv[1] !== undefined && Path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  write(Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), ".."))
}
