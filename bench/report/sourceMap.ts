/**
 * Maps a generated position (a profiled `.js` file) back to its TypeScript source through the file's source map, so
 * profile entries name `src/...ts:line` rather than compiled output. Only the mappings are decoded, not names.
 *
 * @since 0.1.0
 */
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]))

/** One decoded segment: generated column, source index, original line (0-based). */
type Segment = readonly [number, number, number]

interface Decoded {
  readonly sources: ReadonlyArray<string>
  readonly lines: ReadonlyArray<ReadonlyArray<Segment>>
}

const decodeVlq = (text: string): Array<number> => {
  const values: Array<number> = []
  let value = 0
  let shift = 0
  for (const char of text) {
    const digit = DIGIT.get(char)
    if (digit === undefined) break
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1)
      value = 0
      shift = 0
    }
  }
  return values
}

const decode = (mappings: string): Array<Array<Segment>> => {
  let source = 0
  let line = 0
  return mappings.split(";").map((group) => {
    let column = 0
    const segments: Array<Segment> = []
    for (const part of group.split(",")) {
      if (part === "") continue
      const fields = decodeVlq(part)
      column += fields[0] ?? 0
      if (fields.length >= 4) {
        source += fields[1] ?? 0
        line += fields[2] ?? 0
        segments.push([column, source, line])
      }
    }
    return segments
  })
}

const cache = new Map<string, Decoded | undefined>()

const load = (file: string): Decoded | undefined => {
  if (cache.has(file)) return cache.get(file)
  let decoded: Decoded | undefined
  try {
    const map = JSON.parse(NodeFs.readFileSync(`${file}.map`, "utf8")) as {
      readonly sources: ReadonlyArray<string>
      readonly sourceRoot?: string
      readonly mappings: string
    }
    const base = NodePath.resolve(NodePath.dirname(file), map.sourceRoot ?? "")
    decoded = { sources: map.sources.map((source) => NodePath.resolve(base, source)), lines: decode(map.mappings) }
  } catch {
    decoded = undefined
  }
  cache.set(file, decoded)
  return decoded
}

/**
 * The original `file:line` (1-based line) of a 0-based generated position, or the generated one when there is no map.
 *
 * @since 0.1.0
 * @category Mapping
 */
export const original = (file: string, line: number, column: number): { readonly file: string; readonly line: number } => {
  const decoded = load(file)
  const segments = decoded?.lines[line]
  if (decoded === undefined || segments === undefined || segments.length === 0) return { file, line: line + 1 }
  let found: Segment | undefined
  for (const segment of segments) {
    if (segment[0] > column) break
    found = segment
  }
  found ??= segments[0]
  const source = found === undefined ? undefined : decoded.sources[found[1]]
  return found === undefined || source === undefined ? { file, line: line + 1 } : { file: source, line: found[2] + 1 }
}
