/** Reading an undici response body within a byte limit, and giving it up, without leaving sockets behind. */
import type { Readable } from "node:stream"
import { BodyTooLarge } from "../../core/HttpTransport.js"

const decoder = new TextDecoder()

/** The declared `content-length`, when there is exactly one numeric value. */
export const declaredLength = (header: string | ReadonlyArray<string> | undefined): number | undefined => {
  if (typeof header !== "string") return undefined
  const length = Number(header)
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined
}

/**
 * The body as text, at most `limit` bytes. A declared length within the limit is read whole (the cheapest read for a
 * small JSON answer); otherwise chunks are counted as they arrive and the body is destroyed as soon as they exceed it,
 * so memory stays bounded by the limit whatever the server sends.
 */
export const readText = (body: Readable, declared: number | undefined, limit: number): Promise<string> => {
  if (declared !== undefined && declared > limit) {
    body.destroy()
    return Promise.reject(new BodyTooLarge(limit))
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > limit) {
        cleanup()
        body.destroy()
        reject(new BodyTooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(chunks.length === 1 ? decoder.decode(chunks[0]) : decoder.decode(Buffer.concat(chunks, size)))
    }
    const onError = (error: unknown) => {
      cleanup()
      reject(error)
    }
    const cleanup = () => {
      body.off("data", onData)
      body.off("end", onEnd)
      body.off("error", onError)
    }
    body.on("data", onData)
    body.once("end", onEnd)
    body.once("error", onError)
  })
}

/**
 * Throws away a body nobody will read. A short remainder is drained so the connection can be reused; a long one
 * closes it.
 */
export const discard = (body: Readable & { readonly dump?: (options: { limit: number }) => Promise<void> }): void => {
  if (body.destroyed) return
  if (body.dump === undefined) {
    body.destroy()
    return
  }
  body.dump({ limit: 64 * 1024 }).catch(() => body.destroy())
}
