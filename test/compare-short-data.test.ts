import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli.js';
import { annualisedCaveat, readReportFigures } from '../src/services/compare.js';

/** compare says what report says: annualised figures of minutes of data mean little. */

const SYNTH = 'fixtures/synth/syn-seed42-5min.csv.gz';

describe('compare on minutes of data', () => {
  it('notes that sharpe, sortino and volatility are annualised from too little data, as report shows them n/a', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-compare-short-'));
    for (const [name, extra] of [['base', []], ['head', ['--latency', '1ms']]] as const) {
      const r = runCli(['backtest', '--data', SYNTH, '--strategy', 'fixtures/strategies/market-maker.ts', ...extra, '--out', join(dir, name)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/sharpe \/ sortino \(annualised\)\s+n\/a: 4min 59s of data is too short to annualise/);
    }
    const r = runCli(['compare', join(dir, 'base'), join(dir, 'head')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('note: sharpe, sortino, volatility are annualised from 4min 59s of data, too short to annualise (vtrade report shows them as n/a): compare them, and gate on them, over whole sessions\n');
    const base = readReportFigures(join(dir, 'base'));
    expect(base.spanNs).toBe(299_989_843_032n);
    // One whole session (6 h 30 min) or more is enough; a report that does not say its span is left alone.
    expect(annualisedCaveat([{ ...base, spanNs: 23_400_000_000_000n }])).toBeUndefined();
    expect(annualisedCaveat([{ ...base, spanNs: undefined }])).toBeUndefined();
  });
});
