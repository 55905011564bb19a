import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Stream from "effect/Stream"
import * as Sse from "../../src/core/internal/sse.js"

const encoder = new TextEncoder()
const bytes = (text: string) => encoder.encode(text)

/** Feeds `chunks` to one decoder and gathers what comes out. */
const run = (chunks: ReadonlyArray<Uint8Array>, maxEventBytes = 1 << 20) => {
  const decoder = Sse.make({ maxEventBytes })
  const events: Array<Sse.Event> = []
  for (const chunk of chunks) {
    const fed = decoder.feed(chunk)
    events.push(...fed.events)
    if (fed.tooLarge) return { events, tooLarge: true }
  }
  return { events, tooLarge: false }
}

const decodeText = (text: string, maxEventBytes?: number) => run([bytes(text)], maxEventBytes)

/** Every byte in its own chunk: the worst split a network can make. */
const bytewise = (text: string) => Array.from(bytes(text), (byte) => Uint8Array.of(byte))

describe("Sse decoder", () => {
  it("joins multi-line data with LF and names the event `message` by default", () => {
    expect(decodeText("data: a\ndata: b\n\n").events).toEqual([{ event: "message", id: undefined, data: "a\nb" }])
  })

  it("reads `event:` and keeps the last `id:` for the events after it", () => {
    const { events } = decodeText("event: delta\nid: 7\ndata: one\n\ndata: two\n\nid\ndata: three\n\n")
    expect(events).toEqual([
      { event: "delta", id: "7", data: "one" },
      { event: "message", id: "7", data: "two" },
      { event: "message", id: "", data: "three" }
    ])
  })

  it("ignores an `id:` holding NULL, comments, `retry:` and unknown fields", () => {
    const { events } = decodeText("id: 1\n\ndata: a\n\nid: 2\u00003\n: a comment\nretry: 10\nfoo: bar\ndata: b\n\n")
    expect(events).toEqual([
      { event: "message", id: "1", data: "a" },
      { event: "message", id: "1", data: "b" }
    ])
  })

  it("splits lines on LF, CR and CRLF alike, also with CRLF cut between two chunks", () => {
    const expected = [{ event: "message", id: undefined, data: "a\nb" }, { event: "x", id: undefined, data: "c" }]
    for (const text of ["data: a\ndata: b\n\nevent: x\ndata: c\n\n", "data: a\rdata: b\r\revent: x\rdata: c\r\r"]) {
      expect(decodeText(text).events).toEqual(expected)
    }
    const crlf = "data: a\r\ndata: b\r\n\r\nevent: x\r\ndata: c\r\n\r\n"
    expect(decodeText(crlf).events).toEqual(expected)
    expect(run(bytewise(crlf)).events).toEqual(expected)
  })

  it("takes a field without a colon as that field with an empty value, and strips one space only", () => {
    expect(decodeText("data\n\n").events).toEqual([{ event: "message", id: undefined, data: "" }])
    expect(decodeText("data:x\ndata:  y\n\n").events).toEqual([{ event: "message", id: undefined, data: "x\n y" }])
    expect(decodeText("data: a\nevent\n\n").events).toEqual([{ event: "message", id: undefined, data: "a" }])
  })

  it("dispatches nothing for an event without data, and forgets its type", () => {
    expect(decodeText("event: ping\n\ndata: a\n\n").events).toEqual([{ event: "message", id: undefined, data: "a" }])
  })

  it("strips one byte order mark at the very start of the stream only", () => {
    const text = "\uFEFFdata: a\n\n\uFEFFdata: b\n\n"
    expect(decodeText(text).events).toEqual([{ event: "message", id: undefined, data: "a" }])
    expect(run(bytewise(text)).events).toEqual([{ event: "message", id: undefined, data: "a" }])
    expect(decodeText("\n\uFEFFdata: a\n\n").events).toEqual([])
  })

  it("decodes a character whose UTF-8 bytes arrive in different chunks", () => {
    expect(run(bytewise("data: é€𝄞\n\n")).events).toEqual([{ event: "message", id: undefined, data: "é€𝄞" }])
  })

  it("never dispatches an event the stream ends before its blank line", () => {
    expect(decodeText("data: a\n\ndata: b\n").events).toEqual([{ event: "message", id: undefined, data: "a" }])
  })

  it("accepts an event of exactly maxEventBytes and refuses one byte more", () => {
    // "data: 1234" is 10 bytes: line ends do not count.
    expect(decodeText("data: 1234\n\n", 10)).toEqual({ events: [{ event: "message", id: undefined, data: "1234" }], tooLarge: false })
    expect(decodeText("data: 1234\n\n", 9)).toEqual({ events: [], tooLarge: true })
    expect(decodeText("data: 12\ndata: 3\n\n", 14)).toEqual({ events: [], tooLarge: true })
  })

  it("refuses an endless event as soon as it passes the limit, keeping the events before it", () => {
    const decoder = Sse.make({ maxEventBytes: 4096 })
    expect(decoder.feed(bytes("data: ok\n\ndata: ")).events).toEqual([{ event: "message", id: undefined, data: "ok" }])
    const filler = bytes("x".repeat(1000))
    let fed = 1
    while (fed < 100 && !decoder.feed(filler).tooLarge) fed++
    // 6 bytes of "data: ", then 1000 per chunk: the fifth chunk takes it past 4096.
    expect(fed).toBe(5)
    expect(decoder.feed(bytes("\n\ndata: late\n\n"))).toEqual({ events: [], tooLarge: true })
  })

  it.effect("as a stream, emits the events before an oversized one and then fails with the caller's error", () =>
    Effect.gen(function*() {
      const source = Stream.fromIterable([bytes("data: a\n\ndata: b\n\n"), bytes("data: " + "y".repeat(64))])
      const seen: Array<string> = []
      const error = yield* source.pipe(
        Sse.decode({ maxEventBytes: 32, onTooLarge: () => "too large" as const }),
        Stream.tap((event) => Effect.sync(() => seen.push(event.data))),
        Stream.runDrain,
        Effect.flip
      )
      expect(error).toBe("too large")
      expect(seen).toEqual(["a", "b"])
      const events = yield* Stream.runCollect(
        Stream.fromIterable(bytewise("data: c\r\n\r\n")).pipe(Sse.decode({ maxEventBytes: 32, onTooLarge: () => "too large" }))
      )
      expect(Chunk.toReadonlyArray(events).map((event) => event.data)).toEqual(["c"])
    }))

  // Events as a vendor would write them, with any line ends and comments, and the bytes of each event's lines.
  const lineEnd = FastCheck.constantFrom("\n", "\r", "\r\n")
  const anEvent = FastCheck.record({
    event: FastCheck.stringMatching(/^[a-z_.]{0,12}$/),
    id: FastCheck.option(FastCheck.string({ unit: "binary", maxLength: 8 }).map((s) => s.replace(/[\r\n\0]/g, "")), {
      nil: undefined
    }),
    data: FastCheck.string({ unit: "binary", maxLength: 40 }).map((s) => s.replace(/\r/g, "")),
    comment: FastCheck.option(FastCheck.string({ unit: "binary", maxLength: 8 }).map((s) => s.replace(/[\r\n]/g, "")), {
      nil: undefined
    })
  })
  const aStream = FastCheck.array(FastCheck.tuple(anEvent, FastCheck.array(lineEnd, { minLength: 8, maxLength: 8 })), {
    maxLength: 6
  }).map((items) => {
    let text = ""
    let previousEnd = ""
    let lastId: string | undefined
    const expected: Array<Sse.Event> = []
    const sizes: Array<number> = []
    for (const [event, ends] of items) {
      const lines = [
        ...(event.comment === undefined ? [] : [`:${event.comment}`]),
        ...(event.event === "" ? [] : [`event: ${event.event}`]),
        ...(event.id === undefined ? [] : [`id: ${event.id}`]),
        ...event.data.split("\n").map((line) => `data: ${line}`)
      ]
      lines.forEach((line, index) => {
        previousEnd = ends[index % ends.length]!
        text += line + previousEnd
      })
      // A blank line after a CR line must not be a lone LF: CR LF is one line end.
      text += previousEnd === "\r" && ends[7] === "\n" ? "\r\n" : ends[7]!
      if (event.id !== undefined) lastId = event.id
      expected.push({ event: event.event === "" ? "message" : event.event, id: lastId, data: event.data })
      sizes.push(lines.reduce((sum, line) => sum + bytes(line).byteLength, 0))
    }
    return { text, expected, sizes }
  })
  const cuts = FastCheck.array(FastCheck.nat(), { maxLength: 12 })

  const split = (data: Uint8Array, at: ReadonlyArray<number>) => {
    const points = [...new Set(at.map((n) => n % (data.byteLength + 1)))].sort((a, b) => a - b)
    const chunks: Array<Uint8Array> = []
    let start = 0
    for (const point of [...points, data.byteLength]) {
      chunks.push(data.subarray(start, point))
      start = point
    }
    return chunks
  }

  it.prop("decodes what was encoded, however the bytes are cut into chunks", [aStream, cuts], ([stream, at]) => {
    const decoded = run(split(bytes(stream.text), at))
    expect(decoded.tooLarge).toBe(false)
    expect(decoded.events).toEqual(stream.expected)
  })

  it.prop(
    "refuses exactly from the first event whose lines pass the limit, however the bytes are cut",
    [aStream, cuts, FastCheck.integer({ min: 0, max: 120 })],
    ([stream, at, limit]) => {
      const decoded = run(split(bytes(stream.text), at), limit)
      const firstTooLarge = stream.sizes.findIndex((size) => size > limit)
      expect(decoded.tooLarge).toBe(firstTooLarge >= 0)
      expect(decoded.events).toEqual(firstTooLarge >= 0 ? stream.expected.slice(0, firstTooLarge) : stream.expected)
    }
  )
})
