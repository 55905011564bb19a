/** Turns a caller's document into the upload's file part, checking its size before any file is opened or sent. */
import * as Effect from "effect/Effect"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { Document } from "../resources/Parsing.js"

export const VENDOR = "LlamaParse"

/** LlamaCloud's platform-wide upload limit: 512 MB (developers.llamaindex.ai/llamaparse/general/limitations). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024

export const { invalid } = VendorClient.failures(VENDOR)

const tooLarge = (operation: string, size: number, max: number) =>
  invalid(operation, `the document is ${size} bytes, over the upload limit of ${max} bytes`)

export interface FilePart {
  readonly blob: Blob
  readonly name: string
}

/**
 * The file part of a document, or `undefined` for a URL (sent as `input_url`). A path is checked with `stat` first
 * and then opened as a file-backed `Blob` (`fs.openAsBlob`): its bytes are read only when the request body is built.
 */
export const filePart = (
  operation: string,
  document: Document,
  maxBytes: number
): Effect.Effect<FilePart | undefined, IntegrationError> => {
  switch (document._tag) {
    case "Url":
      return Effect.succeed(undefined)
    case "Bytes": {
      const size = document.bytes instanceof Blob ? document.bytes.size : document.bytes.byteLength
      if (size === 0) return Effect.fail(invalid(operation, "the document is empty"))
      if (size > maxBytes) return Effect.fail(tooLarge(operation, size, maxBytes))
      const blob = document.bytes instanceof Blob
        ? document.bytes
        : new Blob([document.bytes], { type: document.contentType ?? "application/octet-stream" })
      return Effect.succeed({ blob, name: document.fileName })
    }
    case "Path":
      return Effect.tryPromise({
        try: async () => {
          const stat = await NodeFs.promises.stat(document.path)
          if (!stat.isFile()) return invalid(operation, "the document path is not a regular file")
          if (stat.size === 0) return invalid(operation, "the document is empty")
          if (stat.size > maxBytes) return tooLarge(operation, stat.size, maxBytes)
          const blob = await NodeFs.openAsBlob(document.path, { type: document.contentType ?? "application/octet-stream" })
          return { blob, name: document.fileName ?? NodePath.basename(document.path) }
        },
        // The error code only: the path may name a person or a customer.
        catch: (cause) =>
          invalid(operation, `the document could not be read (${(cause as NodeJS.ErrnoException).code ?? "unknown error"})`)
      }).pipe(Effect.flatMap((part) => (part instanceof IntegrationError ? Effect.fail(part) : Effect.succeed(part))))
  }
}
