/** Types of `check-examples.mjs`, for its test. */

/** An example ready to compile, or one that cannot be checked (`problem`). */
export type Example =
  | { readonly file: string; readonly line: number; readonly code: string; readonly problem?: undefined }
  | { readonly file: string; readonly line: number; readonly problem: string; readonly code?: undefined }

export interface Problem {
  readonly file: string | undefined
  readonly line: number | undefined
  readonly message: string
  /** `file:line` of the example the problem is in; undefined for a problem outside the examples. */
  readonly example?: string | undefined
}

export declare const extractExamples: (file: string, text: string) => Array<Example>
export declare const extractMarkdown: (file: string, text: string) => Array<Example>
export declare const examplesOf: (file: string, text: string) => Array<Example>
export declare const sourceFiles: (paths: ReadonlyArray<string>) => Array<string>
export declare const entryPaths: (root: string) => Record<string, Array<string>>
export declare const checkExamples: (
  examples: ReadonlyArray<Example>,
  options: { readonly root: string; readonly cacheDir?: string | undefined }
) => Array<Problem>
