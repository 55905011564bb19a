/**
 * What the simulated language models say: a deterministic reply derived from the prompt, token estimates, stream
 * chunking, embeddings and rate-limit reset formats shared by the OpenAI and Anthropic simulations.
 *
 * @internal
 */
import { hash32, isRecord } from "./http.js"

/** Roughly four characters per token, as the vendors' own rules of thumb. @internal */
export const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4))

/** The reply to a prompt: names the prompt's start so tests can see their input arrived. @internal */
export const reply = (prompt: string): string => {
  const clean = prompt.replace(/\s+/g, " ").trim()
  const quoted = clean.length > 60 ? `${clean.slice(0, 57)}...` : clean
  return quoted === "" ? "Hello from the vendor simulator." : `Simulated reply to: ${quoted}`
}

/** The reply cut to `maxTokens`, and whether it was cut. @internal */
export const limitTokens = (text: string, maxTokens: number | undefined): { readonly text: string; readonly cut: boolean } =>
  maxTokens === undefined || tokens(text) <= maxTokens
    ? { text, cut: false }
    : { text: text.slice(0, Math.max(1, maxTokens * 4)), cut: true }

/** Chunks as a model streams them: word by word, spaces kept. @internal */
export const chunks = (text: string): ReadonlyArray<string> => text.match(/\S+\s*|\s+/g) ?? [text]

/** The text of a message content: a string, or the `text` of its parts. @internal */
export const contentText = (content: unknown): string => {
  if (typeof content === "string") return content
  if (Array.isArray(content)) {
    return content.map((part) => isRecord(part) && typeof part.text === "string" ? part.text : "").join(" ")
  }
  return ""
}

/** A unit vector of `dimensions` numbers derived from the text: equal texts embed equally. @internal */
export const embedding = (text: string, dimensions: number): ReadonlyArray<number> => {
  let state = hash32(text) || 1
  const raw = Array.from({ length: dimensions }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296 * 2 - 1
  })
  const norm = Math.sqrt(raw.reduce((sum, x) => sum + x * x, 0)) || 1
  return raw.map((x) => Math.round(x / norm * 1e8) / 1e8)
}

/** OpenAI's reset duration format: `20ms`, `1.5s`, `6m0s`. @internal */
export const openAiDuration = (millis: number): string => {
  const ms = Math.max(0, Math.ceil(millis))
  if (ms < 1000) return `${ms}ms`
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(3))}s`
  return `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1000)}s`
}
