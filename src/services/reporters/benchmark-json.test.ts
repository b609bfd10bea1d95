import { describe, it, expect } from 'vitest';
import { renderBenchmarkJson } from './benchmark-json.js';
import type { CaseResult, SuiteResult } from './suite.js';

const mkCase = (over: Partial<CaseResult>): CaseResult => ({
  name: 'mm.ts @ syn.csv.gz',
  classname: 'mm.ts',
  durationSeconds: 1,
  assertions: [],
  figures: {},
  properties: {},
  ...over,
});

describe('renderBenchmarkJson', () => {
  it('writes the custom-benchmark array: one {name, unit, value} per figure of every case that ran', () => {
    const suite: SuiteResult = {
      name: 's',
      cases: [
        mkCase({ figures: { pnl: 50.95, sharpe: 1.5, max_drawdown: 0.0004, events_per_second: 2.5e6, fills: 1835, mystery: 3 }, properties: { currency: 'USDT' } }),
        mkCase({ name: 'twap.ts @ syn.csv.gz', figures: { pnl: -1, slippage_bps: 0.77, bad: Number.NaN, worse: Infinity } }),
        mkCase({ name: 'broken', figures: { pnl: 1 }, error: { message: 'x', exitCode: 4 } }),
      ],
    };
    const text = renderBenchmarkJson(suite);
    const parsed = JSON.parse(text) as unknown[];
    expect(Array.isArray(parsed)).toBe(true);
    for (const e of parsed as Record<string, unknown>[]) {
      expect(typeof e.name).toBe('string');
      expect(typeof e.unit).toBe('string');
      expect(typeof e.value).toBe('number');
      // Only the fields github-action-benchmark reads.
      expect(Object.keys(e).every((k) => ['name', 'unit', 'value', 'range', 'extra'].includes(k))).toBe(true);
    }
    expect(parsed).toEqual([
      { name: 'mm.ts @ syn.csv.gz: pnl', unit: 'USDT', value: 50.95, extra: 'higher is better' },
      { name: 'mm.ts @ syn.csv.gz: sharpe', unit: 'ratio', value: 1.5, extra: 'higher is better' },
      { name: 'mm.ts @ syn.csv.gz: max_drawdown', unit: 'fraction', value: 0.0004, extra: 'lower is better' },
      { name: 'mm.ts @ syn.csv.gz: events_per_second', unit: 'events/s', value: 2.5e6, extra: 'higher is better' },
      { name: 'mm.ts @ syn.csv.gz: fills', unit: 'fills', value: 1835, extra: 'no better direction' },
      { name: 'mm.ts @ syn.csv.gz: mystery', unit: '', value: 3, extra: 'no better direction' },
      // No currency known: the money unit is empty rather than guessed.
      { name: 'twap.ts @ syn.csv.gz: pnl', unit: '', value: -1, extra: 'higher is better' },
      { name: 'twap.ts @ syn.csv.gz: slippage_bps', unit: 'bps', value: 0.77, extra: 'lower is better' },
    ]);
    expect(renderBenchmarkJson({ name: 'e', cases: [] })).toBe('[]\n');
  });
});
