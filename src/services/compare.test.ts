import { describe, it, expect } from 'vitest';
import { Decimal } from 'decimal.js';
import { UsageError } from '../errors.js';
import { checkThreshold, compareFigures, COMPARED_FIGURES, parseThreshold, type ReportFigures } from './compare.js';

const figures = (values: Record<string, string | null>): ReportFigures => ({
  path: 'x.json',
  currency: 'USD',
  symbol: 'SYN',
  spanNs: undefined,
  values: new Map(COMPARED_FIGURES.map((n) => [n, n in values ? (values[n] === null ? null : new Decimal(values[n])) : new Decimal(1)])),
});
const check = (spec: string, base: Record<string, string | null>, head: Record<string, string | null>) =>
  checkThreshold(parseThreshold(spec), compareFigures(figures(base), figures(head)));

describe('compare thresholds', () => {
  it('bounds each direction by the allowance off |base|', () => {
    // Higher is better, negative base: -5% of |-100| allows -105, no lower.
    const r = check('pnl:-5%', { pnl: '-100' }, { pnl: '-105' });
    expect([r.status, r.allowedMin?.toString(), r.allowedMax]).toEqual(['pass', '-105', null]);
    expect(check('pnl:-5%', { pnl: '-100' }, { pnl: '-105.01' }).status).toBe('fail');
    // Lower is better: the bound is a ceiling.
    expect(check('max_drawdown:-10%', { max_drawdown: '0.2' }, { max_drawdown: '0.22' })).toMatchObject({ status: 'pass', allowedMin: null });
    expect(check('max_drawdown:10%', { max_drawdown: '0.2' }, { max_drawdown: '0.2200001' }).status).toBe('fail');
    expect(check('fees:-1', { fees: '3' }, { fees: '0' }).status).toBe('pass');
    // No direction: either way.
    expect(check('fills:-2', { fills: '10' }, { fills: '12' }).status).toBe('pass');
    expect(check('fills:-2', { fills: '10' }, { fills: '7' }).status).toBe('fail');
    expect(check('fills:-2', { fills: '10' }, { fills: '13' }).message).toBe('fills:-2: fills 13 (base 10), allowed 8 to 12');
    // Zero base with a relative threshold: no worsening at all is allowed.
    expect(check('sharpe:-50%', { sharpe: '0' }, { sharpe: '-0.001' }).status).toBe('fail');
    // Exact decimals: 0.1 + 0.2 is 0.3 here.
    expect(check('pnl:-0.2', { pnl: '0.1' }, { pnl: '-0.1' }).status).toBe('pass');
  });

  it('skips a figure missing from either report', () => {
    expect(check('slippage_bps:-1', { slippage_bps: null }, { slippage_bps: '3' })).toMatchObject({ status: 'skipped' });
    const d = compareFigures(figures({ slippage_bps: '2' }), figures({ slippage_bps: null })).find((x) => x.name === 'slippage_bps')!;
    expect(d).toMatchObject({ delta: null, deltaPct: null, verdict: 'n/a' });
  });

  it('refuses malformed thresholds as usage errors', () => {
    for (const bad of ['sharpe', 'sharpe:', 'sharpe:+5%', 'sharpe:5%%', 'sharpe:-5 %x', 'unknown:-5%', 'sharpe:-.5', 'SHARPE:-5%']) {
      expect(() => parseThreshold(bad), bad).toThrow(UsageError);
    }
    const t = parseThreshold(' sharpe : -2.5 % ');
    expect([t.figure, t.relative, t.amount.toString()]).toEqual(['sharpe', true, '2.5']);
  });
});
