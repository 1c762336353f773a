/**
 * Path globs for the configuration file's `ignore` and `overrides[].files` and the editor's
 * `gatewarden.index.exclude`: the shells' side of `core/util/path-glob.ts`, which holds the
 * language (gitignore's, plus `{a,b}`) and the linear matcher. Patterns are relative to the
 * configuration file's folder (or the workspace folder); the configuration loader has
 * rejected invalid ones before they get here, and anything invalid that still arrives (a
 * setting) is left out rather than thrown on.
 */
import { compilePathGlobList, describePathGlobError } from '../core/util/path-glob';

/**
 * Whether a path relative to the patterns' folder (`/`-separated) is matched. `isDirectory`
 * says the path is a folder, for patterns ending in `/`; the folders above a path are
 * always taken as folders.
 */
export type PathMatcher = (relativePath: string, isDirectory?: boolean) => boolean;

/** One pattern on its own. */
export function compilePathGlob(pattern: string): PathMatcher {
  return compilePathGlobs([pattern]);
}

/** An ordered list read as .gitignore is: the last matching pattern decides, `!` re-includes. */
export function compilePathGlobs(patterns: readonly string[]): PathMatcher {
  const { list } = compilePathGlobList(patterns);
  return (relativePath, isDirectory) => list.matches(relativePath, isDirectory);
}

/** The invalid entries of a list, each with a sentence naming the offset of the problem. */
export function pathGlobProblems(patterns: readonly string[]): { readonly index: number; readonly pattern: string; readonly message: string }[] {
  return compilePathGlobList(patterns).errors.map(({ index, error }) => ({ index, pattern: patterns[index]!, message: describePathGlobError(patterns[index]!, error) }));
}
