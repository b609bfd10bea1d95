import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Decimal } from 'decimal.js';
import { runCli, type CliResult } from './support/run-cli.js';

/**
 * `vtrade compare` end to end: two real backtests of different strategies on the shipped
 * synthetic market, then their report.json files compared through the real CLI.
 */

const SYNTH = 'fixtures/synth/syn-seed42-5min.csv.gz';
const env = { VTRADE_FROM_SOURCE: '1' };
const cli = (args: string[]): CliResult => runCli(args, { env });
const D = Decimal.clone({ precision: 80 });

type Json = Record<string, unknown>;
interface CompareJson {
  figures: { name: string; better: string; base: number | null; head: number | null; delta: number | null; delta_pct: number | null; verdict: string }[];
  thresholds: { spec: string; figure: string; status: string; base: number | null; head: number | null; allowed_min: number | null; allowed_max: number | null; message: string }[];
  passed: boolean;
}

/** Where each figure sits in report.json, written out here independently of the command. */
const FIELD: Record<string, string[]> = {
  pnl: ['pnl', 'pnl'],
  realized: ['pnl', 'realized'],
  unrealized: ['pnl', 'unrealized'],
  fees: ['pnl', 'fees'],
  total_return: ['kpis', 'total_return'],
  sharpe: ['kpis', 'sharpe'],
  sortino: ['kpis', 'sortino'],
  volatility: ['kpis', 'volatility'],
  max_drawdown: ['kpis', 'max_drawdown'],
  events: ['counters', 'events'],
  orders: ['counters', 'orders'],
  fills: ['counters', 'fills'],
  maker_fills: ['kpis', 'maker_fills'],
  taker_fills: ['kpis', 'taker_fills'],
  rejects: ['counters', 'rejects'],
  slippage_bps: ['slippage', 'bps'],
  slippage_cost: ['slippage', 'cost'],
  notional: ['volume', 'notional'],
  position: ['position', 'qty'],
};
const field = (r: Json, name: string): string | number | null => {
  const [a, b] = FIELD[name];
  return (r[a] as Json)[b] as string | number | null;
};

let dir: string;
let mm: { path: string; report: Json };
let twap: { path: string; report: Json };

function backtest(strategy: string): { path: string; report: Json } {
  const out = join(dir, strategy);
  const r = cli(['backtest', '--data', SYNTH, '--strategy', `fixtures/strategies/${strategy}.ts`, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  const path = join(out, 'report.json');
  return { path, report: JSON.parse(readFileSync(path, 'utf8')) as Json };
}

function compareJson(base: string, head: string, extra: string[] = []): { r: CliResult; out: CompareJson } {
  const r = cli(['compare', base, head, '--json', ...extra]);
  return { r, out: JSON.parse(r.stdout) as CompareJson };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vtrade-compare-'));
  mm = backtest('market-maker');
  twap = backtest('twap');
});

describe('vtrade compare', () => {
  it('reports every figure with deltas equal to an independent computation from the two reports', () => {
    const { r, out } = compareJson(mm.path, twap.path);
    expect(r.code, r.stderr).toBe(0);
    expect(out.passed).toBe(true);
    expect(out.figures.map((f) => f.name)).toEqual(Object.keys(FIELD));
    for (const f of out.figures) {
      const b = field(mm.report, f.name);
      const h = field(twap.report, f.name);
      if (b === null || h === null) {
        expect(f.delta, f.name).toBeNull();
        continue;
      }
      expect(f.base, f.name).toBe(Number(b));
      expect(f.head, f.name).toBe(Number(h));
      const delta = new D(h).minus(new D(b));
      expect(f.delta, f.name).toBe(Number(delta.toString()));
      // Plain floating point agrees to rounding.
      expect(f.delta!, f.name).toBeCloseTo(Number(h) - Number(b), 6);
      if (Number(b) === 0) expect(f.delta_pct, f.name).toBeNull();
      else expect(f.delta_pct!, f.name).toBeCloseTo(((Number(h) - Number(b)) / Math.abs(Number(b))) * 100, 9);
    }
    // Directions: a higher Sharpe is better, a deeper drawdown worse.
    const by = Object.fromEntries(out.figures.map((f) => [f.name, f]));
    expect(by.sharpe.verdict).toBe(by.sharpe.delta! > 0 ? 'better' : by.sharpe.delta! < 0 ? 'worse' : 'same');
    expect(by.max_drawdown.verdict).toBe(by.max_drawdown.delta! > 0 ? 'worse' : by.max_drawdown.delta! < 0 ? 'better' : 'same');
    // The same shipped data in both runs.
    expect(by.events.delta).toBe(0);
    // Run folders, as `report` takes them, compare the same as their report.json files.
    const folders = compareJson(dirname(mm.path), dirname(twap.path));
    expect(folders.r.code, folders.r.stderr).toBe(0);
    expect(folders.out.figures).toEqual(out.figures);
  });

  it('exits 1 when a relative or absolute threshold is crossed, 0 when not, stating actual and allowed values', () => {
    const sharpe = (r: Json) => (r.kpis as Json).sharpe as number;
    // Base is the run with the better Sharpe, so head is worse by `drop` percent.
    const [base, head] = sharpe(mm.report) >= sharpe(twap.report) ? [mm, twap] : [twap, mm];
    const drop = ((sharpe(base.report) - sharpe(head.report)) / Math.abs(sharpe(base.report))) * 100;
    expect(drop).toBeGreaterThan(2);

    const crossed = cli(['compare', base.path, head.path, '--fail', `sharpe:-${Math.floor(drop) - 1}%`]);
    expect(crossed.code).toBe(1);
    const allowed = new D(sharpe(base.report)).minus(new D(sharpe(base.report)).abs().times(Math.floor(drop) - 1).dividedBy(100));
    expect(crossed.stdout).toContain(`FAIL  sharpe:-${Math.floor(drop) - 1}%: sharpe ${sharpe(head.report)} (base ${sharpe(base.report)}), allowed at least ${allowed.toFixed()}`);
    expect(crossed.stderr).toContain('threshold crossed: sharpe:');

    const held = cli(['compare', base.path, head.path, '--fail', `sharpe:-${Math.ceil(drop) + 1}%`]);
    expect(held.code, held.stderr).toBe(0);
    // The other way round the Sharpe improved: no threshold can be crossed by it.
    expect(cli(['compare', head.path, base.path, '--fail', 'sharpe:0%']).code).toBe(0);

    // Absolute, on money: P&L may fall by at most the amount given.
    const pnl = (r: Json) => Number((r.pnl as Json).pnl);
    const [pb, ph] = pnl(mm.report) >= pnl(twap.report) ? [mm, twap] : [twap, mm];
    const fall = pnl(pb.report) - pnl(ph.report);
    expect(fall).toBeGreaterThan(1);
    const a = compareJson(pb.path, ph.path, ['--fail', `pnl:-${(fall / 2).toFixed(2)}`]);
    expect(a.r.code).toBe(1);
    expect(a.out.passed).toBe(false);
    expect(a.out.thresholds[0]).toMatchObject({ figure: 'pnl', status: 'fail', head: pnl(ph.report), allowed_max: null });
    expect(a.out.thresholds[0].allowed_min).toBeCloseTo(pnl(pb.report) - Number((fall / 2).toFixed(2)), 9);
    expect(cli(['compare', pb.path, ph.path, '--fail', `pnl:-${(fall * 2).toFixed(2)}`]).code).toBe(0);

    // Lower is better: a deeper drawdown in head is the regression.
    const dd = (r: Json) => (r.kpis as Json).max_drawdown as number;
    const [shallow, deep] = dd(mm.report) <= dd(twap.report) ? [mm, twap] : [twap, mm];
    expect(dd(deep.report)).toBeGreaterThan(dd(shallow.report) * 1.2);
    expect(cli(['compare', shallow.path, deep.path, '--fail', 'max_drawdown:-10%']).code).toBe(1);
    expect(cli(['compare', deep.path, shallow.path, '--fail', 'max_drawdown:-10%']).code).toBe(0);

    // No direction: a change either way beyond the threshold counts.
    const fills = (r: Json) => (r.counters as Json).fills as number;
    expect(fills(mm.report)).not.toBe(fills(twap.report));
    expect(cli(['compare', mm.path, twap.path, '--fail', 'fills:-10%']).code).toBe(1);
    expect(cli(['compare', twap.path, mm.path, '--fail', 'fills:-10%']).code).toBe(1);
    expect(cli(['compare', mm.path, mm.path, '--fail', 'fills:0%', '--fail', 'sharpe:0%']).code).toBe(0);
  });

  it('prints a Markdown table with arrows and words, and a plain table', () => {
    const md = cli(['compare', mm.path, twap.path, '--md', '--fail', 'sharpe:-1%', '--fail', 'events:0']);
    const rows = md.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| figure'));
    expect(rows.length).toBe(Object.keys(FIELD).length);
    for (const row of rows) expect(row).toMatch(/\| (▲ (better|worse|changed)|▼ (better|worse|changed)|= same|n\/a) \|$/);
    expect(md.stdout).toContain('| events | 98643 | 98643 | 0 | 0.00 % | = same |');
    expect(md.stdout).toMatch(/^- (✅ pass|❌ FAIL): sharpe:-1%: sharpe /m);
    expect(md.stdout).toMatch(/^- ✅ pass: events:0: events 98643 \(base 98643\), allowed 98643 to 98643$/m);

    const plain = cli(['compare', mm.path, twap.path]);
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\n')[0].split(/\s+/)).toEqual(['figure', 'better', 'base', 'head', 'delta', 'delta', '%', 'change']);
  });

  it('exits 2 on a malformed --fail or report, before comparing anything', () => {
    for (const spec of ['sharpe', 'sharpe:', 'sharpe:abc', 'sharpe:-5%%', 'nosuch:-5%', 'sharpe:+5%', ':-5%']) {
      const r = cli(['compare', mm.path, twap.path, '--fail', spec]);
      expect(r.code, spec).toBe(2);
      expect(r.stdout, spec).toBe('');
      expect(r.stderr, spec).toContain(spec);
    }
    const broken = join(dir, 'broken.json');
    const report = JSON.parse(readFileSync(mm.path, 'utf8')) as Json;
    delete (report.kpis as Json).sharpe;
    writeFileSync(broken, JSON.stringify(report));
    const r = cli(['compare', mm.path, broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${broken} (kpis.sharpe): missing`);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{"schemaVersion": 1,');
    expect(cli(['compare', notJson, mm.path]).code).toBe(2);
    expect(cli(['compare', join(dir, 'none.json'), mm.path]).stderr).toContain('no such file');
    expect(cli(['compare', mm.path]).code).toBe(2);
  });
});
