/**
 * An incremental `text/event-stream` decoder (WHATWG HTML, "Server-sent events", interpreting an event stream): bytes
 * in, events out. It holds only the pending event, in pieces joined once, and refuses an event the moment its lines
 * pass `maxEventBytes`, so memory stays bounded by that limit however long a vendor keeps one event open.
 */
import * as Channel from "effect/Channel"
import * as Chunk from "effect/Chunk"
import * as Stream from "effect/Stream"

export interface Event {
  /** The `event:` field, `"message"` when the event has none. */
  readonly event: string
  /** The last `id:` seen on the stream so far (it carries over to later events), `undefined` before any. */
  readonly id: string | undefined
  /** The `data:` lines joined with `\n`. */
  readonly data: string
}

export interface Options {
  /** Largest pending event: the bytes of its lines (field names and values, not the line ends). */
  readonly maxEventBytes: number
}

export interface Fed {
  /** Events this chunk completed, in order. */
  readonly events: ReadonlyArray<Event>
  /** The pending event grew past `maxEventBytes`: the decoder is spent and keeps nothing. */
  readonly tooLarge: boolean
}

export interface Decoder {
  readonly feed: (chunk: Uint8Array) => Fed
}

const LF = 0x0a
const CR = 0x0d
const BOM = "\uFEFF"

/**
 * A decoder for one stream. An event left without its blank line when the stream ends is never dispatched, as the
 * specification says; `retry:` is ignored (the kernel never reconnects on its own).
 */
export const make = (options: Options): Decoder => {
  const max = options.maxEventBytes
  // Each line is decoded whole: a line end is a byte that never occurs inside a UTF-8 sequence, so a line's bytes are
  // always whole characters. `ignoreBOM` keeps U+FEFF inside lines; only the one opening the stream is dropped.
  const utf8 = new TextDecoder("utf-8", { ignoreBOM: true })
  let atStart = true
  let skipLf = false
  let spent = false
  /** Copies of the current line's bytes from earlier chunks, joined once when the line ends. */
  let lineParts: Array<Uint8Array> = []
  let lineBytes = 0
  /** Bytes of the pending event's complete lines. */
  let eventBytes = 0
  let data: Array<string> = []
  let eventType = ""
  let lastId: string | undefined

  const lineText = (chunk: Uint8Array, start: number, end: number): string => {
    let bytes = chunk.subarray(start, end)
    if (lineParts.length > 0) {
      const joined = new Uint8Array(lineBytes + bytes.byteLength)
      let offset = 0
      for (const part of lineParts) {
        joined.set(part, offset)
        offset += part.byteLength
      }
      joined.set(bytes, offset)
      bytes = joined
      lineParts = []
    }
    lineBytes = 0
    const text = utf8.decode(bytes)
    return atStart && text.startsWith(BOM) ? text.slice(BOM.length) : text
  }

  const dispatch = (out: Array<Event>) => {
    if (data.length > 0) out.push({ event: eventType === "" ? "message" : eventType, id: lastId, data: data.join("\n") })
    data = []
    eventType = ""
    eventBytes = 0
  }

  const field = (line: string) => {
    if (line.startsWith(":")) return
    const colon = line.indexOf(":")
    const name = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? "" : line.slice(line.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1)
    switch (name) {
      case "data":
        data.push(value)
        return
      case "event":
        eventType = value
        return
      case "id":
        if (!value.includes("\u0000")) lastId = value
        return
    }
  }

  const giveUp = (out: Array<Event>): Fed => {
    spent = true
    lineParts = []
    data = []
    return { events: out, tooLarge: true }
  }

  const feed = (chunk: Uint8Array): Fed => {
    const out: Array<Event> = []
    if (spent) return { events: out, tooLarge: true }
    let start = 0
    if (skipLf && chunk.byteLength > 0) {
      skipLf = false
      if (chunk[0] === LF) start = 1
    }
    for (let index = start; index < chunk.byteLength; index++) {
      const byte = chunk[index]
      if (byte !== LF && byte !== CR) continue
      const length = lineBytes + index - start
      if (length === 0) {
        dispatch(out)
      } else {
        eventBytes += length
        if (eventBytes > max) return giveUp(out)
        const line = lineText(chunk, start, index)
        if (line === "") dispatch(out)
        else field(line)
      }
      atStart = false
      if (byte === CR) {
        if (index + 1 === chunk.byteLength) skipLf = true
        else if (chunk[index + 1] === LF) index++
      }
      start = index + 1
    }
    if (start < chunk.byteLength) {
      const rest = chunk.byteLength - start
      if (eventBytes + lineBytes + rest > max) return giveUp(out)
      lineParts.push(chunk.slice(start))
      lineBytes += rest
    }
    return { events: out, tooLarge: false }
  }

  return { feed }
}

/**
 * Decodes a byte stream into events; an event past `maxEventBytes` fails the stream with `onTooLarge()` right after the
 * events completed before it, and nothing more is read.
 */
export const decode = <E2>(options: Options & { readonly onTooLarge: () => E2 }) =>
<E, R>(self: Stream.Stream<Uint8Array, E, R>): Stream.Stream<Event, E | E2, R> =>
  Stream.pipeThroughChannelOrFail(
    self,
    Channel.suspend(() => {
      const decoder = make(options)
      const loop: Channel.Channel<Chunk.Chunk<Event>, Chunk.Chunk<Uint8Array>, E | E2, E, unknown, unknown> = Channel
        .readWith({
          onInput: (chunks: Chunk.Chunk<Uint8Array>) => {
            const events: Array<Event> = []
            let tooLarge = false
            for (const chunk of chunks) {
              const fed = decoder.feed(chunk)
              for (const event of fed.events) events.push(event)
              if (fed.tooLarge) {
                tooLarge = true
                break
              }
            }
            const next = tooLarge ? Channel.fail(options.onTooLarge()) : loop
            return events.length === 0 ? next : Channel.zipRight(Channel.write(Chunk.unsafeFromArray(events)), next)
          },
          onFailure: (error: E) => Channel.fail(error),
          onDone: () => Channel.void
        })
      return loop
    })
  )
