/**
 * A nesting bound for untrusted JSON text, checked before it is parsed and decoded: a recursive Schema (and anything
 * else that walks the value recursively, `JSON.stringify` included) overflows the stack on a value nested some
 * thousands of levels deep, while this check is one pass over the text that allocates nothing.
 */
import * as Option from "effect/Option"

/** Far deeper than any API payload we know of, far shallower than what a recursive decode survives. */
export const maxDepth = 512

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d

/**
 * Whether `text` opens more than `limit` arrays and objects inside one another. Brackets inside strings do not count.
 * Only meant for text about to be parsed: on text that is not JSON the answer is arbitrary, and the parse rejects it.
 */
export const exceeds = (text: string, limit: number = maxDepth): boolean => {
  // Nesting deeper than `limit` takes more than `limit` characters.
  if (text.length <= limit) return false
  let depth = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === QUOTE) {
      // Jump to the closing quote, found natively: strings are most of a payload. A quote preceded by an odd run of
      // backslashes is escaped; each run is counted once, before the one quote it precedes.
      let end = text.indexOf("\"", index + 1)
      while (end !== -1) {
        let backslashes = 0
        while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++
        if (backslashes % 2 === 0) break
        end = text.indexOf("\"", end + 1)
      }
      if (end === -1) return false
      index = end
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > limit) return true
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--
    }
  }
  return false
}

/** `JSON.parse`, refusing text nested deeper than `limit` or not JSON at all. */
export const parse = (
  text: string,
  limit: number = maxDepth
): { readonly _tag: "Parsed"; readonly value: unknown } | { readonly _tag: "TooDeep" } | { readonly _tag: "Invalid" } => {
  if (exceeds(text, limit)) return { _tag: "TooDeep" }
  try {
    return { _tag: "Parsed", value: JSON.parse(text) }
  } catch {
    return { _tag: "Invalid" }
  }
}

/**
 * A vendor's body as JSON, for readers that may walk it recursively: `undefined` for an empty body, `Option.none()`
 * when it is not JSON or nests deeper than `maxDepth`.
 */
export const parseBounded = (text: string): Option.Option<unknown> => {
  if (text.trim() === "") return Option.some(undefined)
  const parsed = parse(text)
  return parsed._tag === "Parsed" ? Option.some(parsed.value) : Option.none()
}
