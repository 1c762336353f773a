/**
 * Path globs for the configuration file's `ignore` and `overrides[].files`, with the
 * gitignore conventions users bring from other linters: patterns are relative to the
 * configuration file's folder; a pattern without a slash matches a name at any depth
 * (`*.generated.json`); a pattern that names a folder covers everything under it
 * (`build`, `build/`, `vendor/**`); a leading `/` anchors a slash-less pattern to the
 * folder itself. `*` and `?` stay within one path segment, `**` crosses segments, and
 * `{a,b}` and `[abc]` work as in shells.
 */

/** Whether a path relative to the configuration folder (`/`-separated) matches. */
export type PathMatcher = (relativePath: string) => boolean;

export function compilePathGlob(pattern: string): PathMatcher {
  let p = pattern.trim().replace(/\\/g, '/');
  let anchored = false;
  if (p.startsWith('./')) {
    p = p.slice(2);
    anchored = true;
  } else if (p.startsWith('/')) {
    p = p.slice(1);
    anchored = true;
  }
  const folderOnly = p.endsWith('/');
  p = p.replace(/\/+$/, '');
  if (!anchored && !p.includes('/')) {
    p = `**/${p}`;
  }
  const regex = new RegExp(`^${toRegexSource(p)}$`);
  return (relativePath) => {
    const segments = relativePath.split('/');
    // The path itself (unless the pattern names folders only), then each folder above it.
    for (let n = folderOnly ? segments.length - 1 : segments.length; n > 0; n--) {
      if (regex.test(segments.slice(0, n).join('/'))) {
        return true;
      }
    }
    return false;
  };
}

/** Any of the patterns matches. */
export function compilePathGlobs(patterns: readonly string[]): PathMatcher {
  const matchers = patterns.map(compilePathGlob);
  return (relativePath) => matchers.some((m) => m(relativePath));
}

function toRegexSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
      if (atStart && glob[i + 2] === '/') {
        // `**/` matches zero or more whole folders.
        out += '(?:[^/]*/)*';
        i += 2;
      } else if (atStart && atEnd) {
        out += '.*';
        i += 1;
      } else {
        out += '[^/]*';
        i += 1;
      }
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
      } else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) {
      out += '|';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  // An unclosed brace is taken literally rather than making an invalid expression.
  return braces > 0 ? escapeAll(glob) : out;
}

function escapeAll(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
