/**
 * dist/ for tests that run the compiled package in processes of their own: compiled here when a source they load has
 * not been built since it last changed (`npm test` builds first anyway; `scripts/build-stamp.mjs` says what "built"
 * means).
 */
import * as NodeChildProcess from "node:child_process"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import * as BuildStamp from "../../scripts/build-stamp.mjs"

export const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../..")

/** Compiles src/ unless every source under `dirs` (relative to the root) is built; fails naming what is still not. */
export const ensureBuilt = (dirs: ReadonlyArray<string> = ["src"]): void => {
  if (BuildStamp.staleSources(root, dirs).length === 0) return
  // Type errors elsewhere in the tree do not stop tsc from emitting, so the stamp is written and the outputs checked.
  NodeChildProcess.spawnSync(
    process.execPath,
    [NodePath.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    { cwd: root, stdio: "ignore", timeout: 240_000 }
  )
  BuildStamp.write(root)
  const stale = BuildStamp.staleSources(root, dirs)
  if (stale.length > 0) throw new Error(`the build did not refresh ${stale.slice(0, 5).join(", ")}`)
}
