import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Shell-style file globs, expanded here so a quoted pattern behaves the same in every shell and
 * on Windows: `*` (any run of characters but "/"), `?` (one character), `[abc]` / `[a-z]` /
 * `[!a]` (one of a set), and `**` as a whole segment (any number of folders, none included).
 * As in shells, wildcards do not match a leading "." of a name. Matches come back sorted, in the
 * form the pattern was written (relative stays relative).
 */

export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** The files (not folders) matching `pattern`, sorted; [] when none do. A plain path (or an existing file) is returned as is. */
export function expandGlob(pattern: string, cwd = process.cwd()): string[] {
  // A file whose name really has "[" or "?" in it is itself, not a pattern.
  if (!hasGlob(pattern) || isFile(pattern, cwd)) return [pattern];
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  const start = absolute ? '/' : '';
  const found = new Set<string>();
  walk(absolute ? segments.slice(1) : segments, start, cwd, found);
  return [...found].sort();
}

function walk(segments: string[], prefix: string, cwd: string, found: Set<string>): void {
  if (segments.length === 0) {
    if (prefix !== '' && isFile(prefix, cwd)) found.add(prefix);
    return;
  }
  const [seg, ...rest] = segments;
  const here = (name: string) => (prefix === '' ? name : prefix.endsWith('/') ? prefix + name : `${prefix}/${name}`);
  if (seg === '**') {
    walk(rest, prefix, cwd, found);
    for (const name of list(prefix, cwd)) if (!name.startsWith('.') && isDir(here(name), cwd)) walk(segments, here(name), cwd, found);
    return;
  }
  if (!hasGlob(seg)) {
    walk(rest, here(seg), cwd, found);
    return;
  }
  const re = segmentRegExp(seg);
  for (const name of list(prefix, cwd)) if (re.test(name)) walk(rest, here(name), cwd, found);
}

/** One path segment's pattern as an anchored regular expression. */
export function segmentRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let set = seg.slice(i + 1, end);
        const negate = set.startsWith('!') || set.startsWith('^');
        if (negate) set = set.slice(1);
        re += `[${negate ? '^' : ''}${set.replace(/[\\\]^]/g, '\\$&')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  // A leading dot is matched only by a pattern that spells it.
  return new RegExp(`^${seg.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
}

function resolveIn(path: string, cwd: string): string {
  return path.startsWith('/') ? path : join(cwd, path);
}

function list(dir: string, cwd: string): string[] {
  try {
    return readdirSync(resolveIn(dir === '' ? '.' : dir, cwd));
  } catch {
    return [];
  }
}

function isFile(path: string, cwd: string): boolean {
  try {
    return statSync(resolveIn(path, cwd)).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string, cwd: string): boolean {
  try {
    return statSync(resolveIn(path, cwd)).isDirectory();
  } catch {
    return false;
  }
}
