/**
 * What both whole-answer exchanges share (undici's dispatch handler and `node:http`'s): `done` called at most once,
 * never after an abort; the body collected chunk by chunk within its byte limit and decoded once at its end.
 */
import type { Exchanged, WireResponse } from "../../core/HttpTransport.js"

const decoder = new TextDecoder()

/** The reason an exchange gives its connection when it is aborted. */
export class Aborted extends Error {
  constructor() {
    super("the exchange was aborted")
    this.name = "AbortError"
  }
}

export abstract class Collecting {
  protected finished = false
  private chunks: Array<Buffer> = []
  private size = 0

  constructor(private readonly limit: number, private readonly done: (outcome: Exchanged) => void) {}

  /** Drops the connection (the exchange is over either way). */
  protected abstract cancel(): void

  /** Stops the exchange; `done` will not be called. */
  abort(): void {
    if (this.finished) return
    this.finished = true
    this.chunks = []
    this.cancel()
  }

  protected end(outcome: Exchanged): void {
    if (this.finished) return
    this.finished = true
    this.chunks = []
    this.done(outcome)
  }

  /** Over the limit: the answer is refused and the connection dropped. */
  protected tooLarge(status: number, headers: WireResponse["headers"]): void {
    this.end({ _tag: "TooLarge", status, headers })
    this.cancel()
  }

  /** Adds a chunk of the body; past the limit the answer is refused. */
  protected collect(chunk: Buffer, status: number, headers: WireResponse["headers"]): void {
    if (this.finished) return
    this.size += chunk.byteLength
    if (this.size > this.limit) return this.tooLarge(status, headers)
    this.chunks.push(chunk)
  }

  /** The body is complete: the answer, decoded. */
  protected answered(status: number, headers: WireResponse["headers"]): void {
    const chunks = this.chunks
    const body = chunks.length === 0
      ? ""
      : chunks.length === 1
      ? decoder.decode(chunks[0])
      : decoder.decode(Buffer.concat(chunks, this.size))
    this.end({ _tag: "Answered", status, headers, body })
  }

  /** Whether a declared `content-length` already exceeds the limit. */
  protected overLimit(declared: number | undefined): boolean {
    return declared !== undefined && declared > this.limit
  }
}
