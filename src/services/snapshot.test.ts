import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareSnapshot, DEFAULT_SNAPSHOT_FIGURES, readSnapshot, refreshFigures, snapshotDiffLine, snapshotOutcome, writeSnapshot } from './snapshot.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'vtrade-snap-'));

describe('snapshot', () => {
  const actual = { pnl: '47.96', sharpe: 1.25, fills: 1813, max_drawdown: 0.01 };

  it('abs and rel tolerances, exact when none', () => {
    const checks = compareSnapshot(
      { pnl: { value: '47.95', abs: 0.01 }, sharpe: { value: 1.2, rel: 0.05 }, fills: { value: 1813 }, max_drawdown: { value: 0.0099 } },
      actual,
    );
    expect(checks.map((c) => [c.figure, c.passed])).toEqual([['pnl', true], ['sharpe', true], ['fills', true], ['max_drawdown', false]]);
    // 5% of 1.2 is 0.06: 1.25 is inside, 1.27 would not be.
    expect(compareSnapshot({ sharpe: { value: 1.2, rel: 0.05 } }, { sharpe: 1.27 })[0].passed).toBe(false);
    expect(compareSnapshot({ pnl: { value: '47.95', abs: '0.009' } }, actual)[0].passed).toBe(false);
    // Either tolerance suffices: |diff| <= max(abs, rel x |value|).
    expect(compareSnapshot({ pnl: { value: '100', abs: 0.5, rel: 0.01 } }, { pnl: '100.9' })[0].passed).toBe(true);
    expect(compareSnapshot({ pnl: { value: '47.950' } }, { pnl: '47.95' })[0].passed).toBe(true);
  });

  it('describes a miss as expected vs actual with the difference', () => {
    const [c] = compareSnapshot({ pnl: { value: '47.95', abs: 0.001 } }, actual);
    expect(snapshotDiffLine(c)).toBe('  pnl: expected 47.95 (± 0.001), actual 47.96 (diff +0.01)');
    expect(snapshotOutcome(c)).toEqual({ expr: 'snapshot pnl', passed: false, actual: '47.96', expected: '47.95 ± 0.001' });
    const [r] = compareSnapshot({ sharpe: { value: 2, rel: 0.05 } }, actual);
    expect(r.tolerance).toBe('± 5%');
    expect(r.diff).toBe('-0.75');
  });

  it('refreshing keeps names and tolerances, takes new values; a new one gets the default figures', () => {
    expect(refreshFigures({ pnl: { value: '1', abs: 0.01 }, fills: { value: 3 } }, actual)).toEqual({ pnl: { value: '47.96', abs: 0.01 }, fills: { value: 1813 } });
    const all = Object.fromEntries(DEFAULT_SNAPSHOT_FIGURES.map((n) => [n, n === 'pnl' ? '1.5' : 2]));
    expect(Object.keys(refreshFigures(undefined, all))).toEqual([...DEFAULT_SNAPSHOT_FIGURES]);
    expect(refreshFigures({ sharpe: { value: 1 } }, { sharpe: NaN })).toEqual({ sharpe: { value: 'NaN' } });
  });

  it('reads what it writes, atomically; missing is undefined; bad files are input errors naming the field', () => {
    const dir = tmp();
    const path = join(dir, 'golden.json');
    expect(readSnapshot(path)).toBeUndefined();
    const file = { figures: { pnl: { value: '47.95', abs: 0.01 } }, cases: { 'a @ b': { figures: { fills: { value: 3 } } } } };
    writeSnapshot(path, file);
    expect(readSnapshot(path)).toEqual(file);
    expect(readdirSync(dir)).toEqual(['golden.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(file);

    for (const [text, field] of [
      ['{"figures": {"pnl": {"value": "x"}}}', 'figures.pnl.value'],
      ['{"figures": {"nope": {"value": 1}}}', 'figures.nope'],
      ['{"figures": {"pnl": {"value": 1, "abs": -1}}}', 'figures.pnl.abs'],
      ['{"figure": {}}', '(root)'],
    ]) {
      writeFileSync(path, text);
      expect(() => readSnapshot(path), text).toThrow(expect.objectContaining({ exitCode: 2, field }));
    }
    writeFileSync(path, '{');
    expect(() => readSnapshot(path)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
