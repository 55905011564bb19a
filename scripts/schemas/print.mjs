/**
 * A small pretty-printer for the generated Schema modules: expressions are trees of calls, `.pipe(...)` chains and
 * object literals, printed on one line when they fit in 120 columns and broken otherwise (a single argument hugs its
 * call: `Schema.Array(Schema.Struct({`). Long lists of literals fill their lines. Output depends only on the tree, so
 * the same input always prints the same bytes.
 */

/** The widest line the printer aims for (doc comments and fill lists included). */
export const WIDTH = 120

/** Code as it is written. */
export const raw = (text) => ({ kind: "raw", text })

/** `callee(arg, ...)`. */
export const call = (callee, args) => ({ kind: "call", callee, args })

/** `base.pipe(arg, ...)`; the arguments are short refinements, always printed on one line. */
export const pipe = (base, args) => ({ kind: "pipe", base, args })

/** `{ key: value, ... }`, each entry with an optional doc comment. */
export const object = (entries) => ({ kind: "object", entries })

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** A property key: bare when it is an identifier or a number, quoted otherwise. */
export const propertyKey = (name) => (IDENTIFIER.test(name) || /^(0|[1-9][0-9]*)$/.test(name) ? name : JSON.stringify(name))

/** The one-line form of a node, or `null` when it has to break (it holds a doc comment). */
export const flat = (node) => {
  switch (node.kind) {
    case "raw":
      return node.text
    case "pipe": {
      const base = flat(node.base)
      return base === null ? null : `${base}.pipe(${node.args.map(flat).join(", ")})`
    }
    case "call": {
      const args = node.args.map(flat)
      return args.includes(null) ? null : `${node.callee}(${args.join(", ")})`
    }
    case "object": {
      if (node.entries.length === 0) return "{}"
      if (node.entries.some((entry) => entry.doc !== undefined)) return null
      const parts = node.entries.map((entry) => {
        const value = flat(entry.value)
        return value === null ? null : `${propertyKey(entry.key)}: ${value}`
      })
      return parts.includes(null) ? null : `{ ${parts.join(", ")} }`
    }
  }
  throw new Error(`unknown node kind ${node.kind}`)
}

/** Prints a node whose first character sits at `column`, on lines indented by `indent`. */
export const print = (node, indent, column) => {
  const single = flat(node)
  if (single !== null && column + single.length <= WIDTH) return single
  const inner = " ".repeat(indent + 2)
  const close = " ".repeat(indent)
  switch (node.kind) {
    case "raw":
      return node.text
    case "pipe":
      return `${print(node.base, indent, column)}.pipe(${node.args.map(flat).join(", ")})`
    case "call": {
      if (node.args.length === 1 && node.args[0].kind !== "raw") {
        return `${node.callee}(${print(node.args[0], indent, column + node.callee.length + 1)})`
      }
      if (node.args.every((arg) => arg.kind === "raw" && !arg.text.includes("\n"))) {
        const lines = []
        let line = ""
        for (const arg of node.args) {
          if (line === "") line = arg.text
          else if (inner.length + line.length + 2 + arg.text.length + 1 <= WIDTH) line += `, ${arg.text}`
          else {
            lines.push(`${line},`)
            line = arg.text
          }
        }
        lines.push(line)
        return `${node.callee}(\n${lines.map((l) => inner + l).join("\n")}\n${close})`
      }
      const args = node.args.map((arg) => inner + print(arg, indent + 2, inner.length))
      return `${node.callee}(\n${args.join(",\n")}\n${close})`
    }
    case "object": {
      const entries = node.entries.map((entry) => {
        const doc = entry.doc === undefined ? "" : `${docComment(entry.doc, inner)}\n`
        const head = `${inner}${propertyKey(entry.key)}: `
        return doc + head + print(entry.value, indent + 2, head.length)
      })
      return `{\n${entries.join(",\n")}\n${close}}`
    }
  }
  throw new Error(`unknown node kind ${node.kind}`)
}

const LIST_ITEM = /^(\s*)([-*+]|\d+\.)\s+/

/** Breaks a prose line at spaces to fit `width`; list items continue under their text. */
const wrap = (line, width) => {
  if (line.length <= width) return [line]
  const item = LIST_ITEM.exec(line)
  const hanging = " ".repeat(item === null ? /^\s*/.exec(line)[0].length : item[0].length)
  // A code span (`GET /a/{b}`) is never broken.
  const words = []
  for (const word of line.split(" ")) {
    const last = words[words.length - 1]
    if (last !== undefined && (last.match(/`/g) ?? []).length % 2 === 1) words[words.length - 1] = `${last} ${word}`
    else words.push(word)
  }
  const out = []
  let current = ""
  for (const word of words) {
    if (current === "") current = word
    else if (current.length + 1 + word.length <= width) current += ` ${word}`
    else {
      out.push(current)
      current = hanging + word
    }
  }
  if (current !== "") out.push(current)
  return out
}

/**
 * A JSDoc comment at `pad`: one line when short, else one ` * ` line per (wrapped) line of text. `*\/` cannot close it
 * early, and a line starting with `@` that is not one of our tags is escaped so it is not read as a tag.
 */
export const docComment = (text, pad) => {
  const lines = text
    .replace(/\*\//g, "*\\/")
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""))
    .map((line) => (/^@(since|category|deprecated)\b/.test(line) || !line.startsWith("@") ? line : `\\${line}`))
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop()
  while (lines.length > 0 && lines[0] === "") lines.shift()
  if (lines.length === 1 && pad.length + lines[0].length + 7 <= WIDTH && !lines[0].startsWith("@")) {
    return `${pad}/** ${lines[0]} */`
  }
  const width = WIDTH - pad.length - 3
  const body = lines.flatMap((line) => (line === "" ? [""] : wrap(line, width)))
  return `${pad}/**\n${body.map((line) => (line === "" ? `${pad} *` : `${pad} * ${line}`)).join("\n")}\n${pad} */`
}
