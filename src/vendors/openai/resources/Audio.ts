/**
 * Schemas of OpenAI's speech-to-text (`POST /audio/transcriptions`, a multipart upload) and the form encoding the API
 * expects. Only the JSON answer formats are offered: `text`, `srt` and `vtt` answer plain text, which the typed
 * response could not describe.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const FILE_EXTENSIONS: Readonly<Record<string, string>> = {
  "audio/flac": "flac",
  "audio/m4a": "m4a",
  "audio/mp4": "mp4",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/ogg": "ogg",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/webm": "webm"
}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CreateTranscriptionParams = Schema.Struct({
  /**
   * The audio. A `File` keeps its name; OpenAI infers the format from the file extension, so a bare `Blob` is named
   * after its MIME type (`audio/mpeg` → `audio.mp3`).
   */
  file: Schema.instanceOf(Blob),
  model: Schema.NonEmptyString,
  language: Schema.optional(Schema.String),
  prompt: Schema.optional(Schema.String),
  response_format: Schema.optional(Schema.Literal("json", "verbose_json", "diarized_json")),
  temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  timestamp_granularities: Schema.optional(Schema.Array(Schema.Literal("word", "segment"))),
  include: Schema.optional(Schema.Array(Schema.String)),
  chunking_strategy: Schema.optional(Schema.Literal("auto")),
  known_speaker_names: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(4))),
  known_speaker_references: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(4)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type CreateTranscriptionParams = typeof CreateTranscriptionParams.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const TranscriptionWord = Schema.Struct({ word: Schema.String, start: Schema.Number, end: Schema.Number })

/**
 * A segment of `verbose_json` (timings and scores) or `diarized_json` (with a `speaker`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TranscriptionSegment = Schema.Struct({
  id: Schema.Union(Schema.Int, Schema.String),
  start: Schema.Number,
  end: Schema.Number,
  text: Schema.String,
  speaker: Schema.optional(Schema.String),
  seek: Schema.optional(Schema.Int),
  tokens: Schema.optional(Schema.Array(Schema.Int)),
  temperature: Schema.optional(Schema.Number),
  avg_logprob: Schema.optional(Schema.Number),
  compression_ratio: Schema.optional(Schema.Number),
  no_speech_prob: Schema.optional(Schema.Number)
})

/**
 * Usage is billed by tokens (`gpt-4o-transcribe`) or by seconds of audio (`whisper-1`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TranscriptionUsage = Schema.Struct({
  type: Schema.String,
  input_tokens: Schema.optional(Schema.Int),
  output_tokens: Schema.optional(Schema.Int),
  total_tokens: Schema.optional(Schema.Int),
  seconds: Schema.optional(Schema.Number)
})

/**
 * The three JSON answers in one tolerant shape: `text` always, the rest depending on `response_format`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Transcription = Schema.Struct({
  text: Schema.String,
  task: Schema.optional(Schema.String),
  language: Schema.optional(Schema.String),
  duration: Schema.optional(Schema.Number),
  words: Schema.optional(Schema.Array(TranscriptionWord)),
  segments: Schema.optional(Schema.Array(TranscriptionSegment)),
  usage: Schema.optional(TranscriptionUsage)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Transcription = typeof Transcription.Type

const fileName = (file: Blob): string => {
  if (typeof File !== "undefined" && file instanceof File && file.name !== "") return file.name
  const extension = FILE_EXTENSIONS[file.type.split(";")[0]?.trim().toLowerCase() ?? ""]
  return extension === undefined ? "audio" : `audio.${extension}`
}

/**
 * The multipart form OpenAI reads: the file part with a name, scalar fields as text, lists as repeated `name[]` fields.
 *
 * @since 0.1.0
 * @category Encoding
 */
export const toFormData = (params: typeof CreateTranscriptionParams.Encoded): FormData => {
  const form = new FormData()
  form.append("file", params.file, fileName(params.file))
  for (const [key, value] of Object.entries(params)) {
    if (key === "file" || value === undefined) continue
    if (Array.isArray(value)) {
      for (const item of value) form.append(`${key}[]`, String(item))
    } else {
      form.append(key, String(value))
    }
  }
  return form
}
