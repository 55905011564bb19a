/**
 * Describes a Schema parse failure by path and expectation only. Effect's own formatters quote the actual value
 * ("Expected string, actual 'alice@example.com'"), which must never reach an error message, span or log; path keys
 * are scrubbed too, since a record's keys are data.
 */
import type * as ParseResult from "effect/ParseResult"
import * as SchemaAST from "effect/SchemaAST"
import * as Redaction from "../Redaction.js"

export interface SchemaProblem {
  readonly path: string
  readonly problem: string
}

/** A path segment as data may have chosen it (a record keyed by e-mail address): scrubbed like any value. */
const segment = (key: PropertyKey): string => Redaction.scrubText(String(key), { maxLength: 80 })

const pathToString = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0
    ? "(root)"
    : path.map((key, index) => (typeof key === "number" ? `[${key}]` : index === 0 ? segment(key) : `.${segment(key)}`)).join("")

const expected = (ast: SchemaAST.AST): string => {
  const identifier = SchemaAST.getIdentifierAnnotation(ast)
  if (identifier._tag === "Some") return identifier.value
  const title = SchemaAST.getTitleAnnotation(ast)
  if (title._tag === "Some") return title.value
  switch (ast._tag) {
    case "Literal":
      return typeof ast.literal === "string" ? `"${ast.literal}"` : String(ast.literal)
    case "Union":
      return ast.types.map(expected).join(" | ")
    case "TypeLiteral":
      return "object"
    case "TupleType":
      return "array"
    case "Refinement":
      return expected(ast.from)
    case "Transformation":
      return expected(ast.from)
    case "Declaration":
      return "declared type"
    default:
      return String(ast)
  }
}

export const problems = (issue: ParseResult.ParseIssue): ReadonlyArray<SchemaProblem> => {
  const out: Array<SchemaProblem> = []
  const go = (current: ParseResult.ParseIssue, path: ReadonlyArray<PropertyKey>): void => {
    switch (current._tag) {
      case "Pointer":
        go(current.issue, [...path, ...(Array.isArray(current.path) ? current.path : [current.path as PropertyKey])])
        return
      case "Composite": {
        const issues = Array.isArray(current.issues) ? current.issues : [current.issues as ParseResult.ParseIssue]
        for (const inner of issues) go(inner, path)
        return
      }
      case "Refinement":
        if (current.kind === "From") go(current.issue, path)
        else out.push({ path: pathToString(path), problem: `fails the check ${expected(current.ast)}` })
        return
      case "Transformation":
        go(current.issue, path)
        return
      case "Type":
        out.push({ path: pathToString(path), problem: `expected ${expected(current.ast)}` })
        return
      case "Missing":
        out.push({ path: pathToString(path), problem: "is missing" })
        return
      case "Unexpected":
        out.push({ path: pathToString(path), problem: "is not allowed" })
        return
      case "Forbidden":
        out.push({ path: pathToString(path), problem: "could not be checked synchronously" })
        return
    }
  }
  go(issue, [])
  return out
}

/** One line, at most `limit` problems, for error descriptions. */
export const summarise = (issue: ParseResult.ParseIssue, limit = 5): string => {
  const all = problems(issue)
  const shown = all.slice(0, limit).map(({ path, problem }) => `${path} ${problem}`)
  const more = all.length > limit ? ` (and ${all.length - limit} more)` : ""
  return shown.join("; ") + more
}
