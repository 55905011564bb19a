/** Writes `dist/.build-stamp`: everything in src/ as it is now has been built. */
export declare const write: (root: string) => void
/** The sources under `dirs` (relative to `root`; default `["src"]`) not built since they last changed, relative to `root`. */
export declare const staleSources: (root: string, dirs?: ReadonlyArray<string>) => ReadonlyArray<string>
