import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMatrix, cellDir, dataSessions, parseShard, shardCells } from './backtest-matrix.js';

describe('backtest matrix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-matrix-'));
  for (const f of ['d1.gz', 'd2.gz', 'd3.gz']) writeFileSync(join(dir, f), '');

  it('a comma joins files into one session; separate values and globs make one session each', () => {
    expect(dataSessions(['a.gz,b.gz'])).toEqual([['a.gz', 'b.gz']]);
    expect(dataSessions(['a.gz', 'b.gz'])).toEqual([['a.gz'], ['b.gz']]);
    expect(dataSessions([join(dir, 'd*.gz')])).toEqual(['d1.gz', 'd2.gz', 'd3.gz'].map((f) => [join(dir, f)]));
    expect(dataSessions([`${join(dir, 'd*.gz')},`])).toEqual([['d1.gz', 'd2.gz', 'd3.gz'].map((f) => join(dir, f))]);
    expect(() => dataSessions([join(dir, 'x*.gz')])).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => dataSessions([','])).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('strategies x sessions x windows, in that order, with unique names', () => {
    const cells = buildMatrix(['s/a.ts', 's/b.ts'], [['x.gz'], ['y.gz', 'z.gz']], 2);
    expect(cells.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(cells.map((c) => c.name)).toEqual([
      'a.ts @ x.gz [window 1/2]',
      'a.ts @ x.gz [window 2/2]',
      'a.ts @ y.gz+z.gz [window 1/2]',
      'a.ts @ y.gz+z.gz [window 2/2]',
      'b.ts @ x.gz [window 1/2]',
      'b.ts @ x.gz [window 2/2]',
      'b.ts @ y.gz+z.gz [window 1/2]',
      'b.ts @ y.gz+z.gz [window 2/2]',
    ]);
    expect(buildMatrix(['a.ts'], [['x.gz']], 1)).toEqual([{ index: 0, strategy: 'a.ts', data: ['x.gz'], name: 'a.ts @ x.gz' }]);
    // Same file names in different folders: full paths keep the names apart.
    expect(buildMatrix(['p/a.ts', 'q/a.ts'], [['x.gz']], 1).map((c) => c.name)).toEqual(['p/a.ts @ x.gz', 'q/a.ts @ x.gz']);
    expect(cellDir(cells[3], 12)).toBe('04-a.ts@y.gz+z.gz-w2of2');
  });

  it('shards partition the cells', () => {
    const cells = buildMatrix(['a', 'b', 'c'], [['x'], ['y']], 1);
    const parts = [1, 2, 3, 4].map((i) => shardCells(cells, { index: i, count: 4 }).map((c) => c.index));
    expect(parts).toEqual([[0, 4], [1, 5], [2], [3]]);
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '1']) expect(() => parseShard(bad), bad).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
