/** Types of the generator's API, for the tests in test/scripts/schemas (the generator itself is plain Node). */

export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

export interface Patch {
  readonly why: string
  readonly at?: string
  readonly property?: string
  readonly set?: { readonly [key: string]: Json }
  readonly unset?: ReadonlyArray<string>
  readonly renameProperty?: { readonly [from: string]: string }
}

export interface VendorEntry {
  readonly folder: string
  readonly module: string
  readonly title: string
  readonly spec: string
  readonly since: string
  readonly operations: ReadonlyArray<{ readonly method: string; readonly path: string; readonly name?: string }>
  readonly schemas?: ReadonlyArray<string>
  readonly rename?: { readonly [name: string]: string }
  readonly patches?: ReadonlyArray<Patch>
  readonly nullableOptionals?: boolean
  readonly maxBytes?: number
}

export interface GeneratedFile {
  readonly path: string
  readonly text: string
}

export interface LoadedSlice {
  readonly slice: { readonly [key: string]: Json }
  readonly original: { readonly [key: string]: Json }
  readonly sha256: string
}

export const projectRoot: string
export const vendors: ReadonlyArray<VendorEntry>
export const specsDir: () => string
export const outputPath: (vendor: VendorEntry) => string
export const applyPatches: <A>(slice: A, patches: ReadonlyArray<Patch>, label: string) => A
export const loadSlice: (vendor: VendorEntry, dir?: string) => Promise<LoadedSlice>
export const generateVendor: (vendor: VendorEntry, dir?: string) => Promise<GeneratedFile>
export const generateAll: (dir?: string, entries?: ReadonlyArray<VendorEntry>) => Promise<ReadonlyArray<GeneratedFile>>
export const writeFiles: (files: ReadonlyArray<GeneratedFile>, root: string) => void
export const committedFiles: (root: string) => ReadonlyArray<string>
export const compare: (
  expectedRoot: string,
  expected: ReadonlyArray<string>,
  root: string
) => { readonly changed: ReadonlyArray<string>; readonly missing: ReadonlyArray<string>; readonly extra: ReadonlyArray<string> }
export const emitModule: (
  slice: { readonly [key: string]: Json },
  vendor: VendorEntry,
  info: { readonly sha256: string }
) => string
export const check: (root?: string, dir?: string) => Promise<ReadonlyArray<string>>
