import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandGlob, hasGlob, segmentRegExp } from './glob.js';

describe('expandGlob', () => {
  const root = mkdtempSync(join(tmpdir(), 'vtrade-glob-'));
  for (const f of ['a/x1.gz', 'a/x2.gz', 'a/y1.gz', 'a/.hidden.gz', 'a/b/x3.gz', 'a/b/c/x4.gz', 'a/notes.md']) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  mkdirSync(join(root, 'a', 'dir.gz'));

  it('matches *, ?, sets and **, files only, sorted, in the pattern form', () => {
    expect(expandGlob('a/*.gz', root)).toEqual(['a/x1.gz', 'a/x2.gz', 'a/y1.gz']);
    expect(expandGlob('a/x?.gz', root)).toEqual(['a/x1.gz', 'a/x2.gz']);
    expect(expandGlob('a/[xy]1.gz', root)).toEqual(['a/x1.gz', 'a/y1.gz']);
    expect(expandGlob('a/[!x]*', root)).toEqual(['a/notes.md', 'a/y1.gz']);
    expect(expandGlob('a/**/x*.gz', root)).toEqual(['a/b/c/x4.gz', 'a/b/x3.gz', 'a/x1.gz', 'a/x2.gz']);
    expect(expandGlob('./a/x*.gz', root)).toEqual(['./a/x1.gz', './a/x2.gz']);
    expect(expandGlob(`${root}/a/y*`)).toEqual([`${root}/a/y1.gz`]);
    expect(expandGlob('a/.h*', root)).toEqual(['a/.hidden.gz']);
  });

  it('returns a plain path untouched and nothing for no match', () => {
    expect(expandGlob('a/missing.gz', root)).toEqual(['a/missing.gz']);
    expect(expandGlob('a/*.zip', root)).toEqual([]);
    expect(expandGlob('nowhere/*.gz', root)).toEqual([]);
    expect(hasGlob('a/b.gz')).toBe(false);
  });

  it('escapes what regular expressions would read', () => {
    expect(segmentRegExp('a.b+(c)*').test('a.b+(c)zz')).toBe(true);
    expect(segmentRegExp('a.b').test('axb')).toBe(false);
  });
});
