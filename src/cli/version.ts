/**
 * The package version, read once from package.json so the CLI and the User-Agent never disagree with the release.
 *
 * @since 0.1.0
 */
import * as NodeFs from "node:fs"

const read = (): string => {
  for (const candidate of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(NodeFs.readFileSync(new URL(candidate, import.meta.url), "utf8")) as { name?: string; version?: string }
      if (pkg.name === "effect-integrations" && typeof pkg.version === "string") return pkg.version
    } catch {
      // not at this depth (source vs compiled layout)
    }
  }
  return "0.0.0"
}

/**
 * @since 0.1.0
 */
export const version: string = read()
