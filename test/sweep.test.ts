import { describe, expect, it, beforeAll } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from './support/run-cli.js';

/**
 * `vtrade sweep` end to end on the shipped synthetic session: each case is the backtest with its
 * params (same fingerprint), the overfitting figures agree with an independent recomputation
 * from sweep.json (test/support/sweep-reference.py, Python's standard library), the bytes do not depend
 * on --jobs or on a resume, and walk-forward trades exactly the window runs `backtest --window`
 * makes. A real LOBSTER recording checks the fingerprints on real data.
 */
const SYN = 'fixtures/synth/syn-seed42-5min.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';
const MOM = 'fixtures/strategies/momentum.ts';
const AMZN = '../shared/data/lobster/LOBSTER_SampleFile_AMZN_2012-06-21_1.zip';
const GRID = ['--param', 'notional=1000,4000', '--param', 'maxInventory=1,3,6', '--period', '5s', '--cscv-blocks', '6'];

interface SweepJson {
  cases: { index: number; params: Record<string, number>; fingerprint: string; metrics: Record<string, number | string> }[];
  returns: number[][];
  cscv_blocks: number;
  period_ns: string;
  overfitting: { pbo: number; deflated_sharpe: number; selected: number };
  groups: { cases: number[]; cscv: { splits: { lambda: number }[] }; walk_forward?: { steps: { window: number; case: number; oos_pnl: string; oos_fingerprint: string }[]; stitched: { pnl: string }; hindsight: { case: number } } }[];
}

function cli(args: string[]) {
  const r = runCli(args);
  if (r.code !== 0) throw new Error(`vtrade ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r;
}

function backtestFingerprint(data: string, strategy: string, params: Record<string, unknown>): string {
  const r = cli(['backtest', '--data', data, '--strategy', strategy, ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${String(v)}`]), '--json']);
  return (JSON.parse(r.stdout) as { fingerprint: string }).fingerprint;
}

describe('vtrade sweep', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-sweep-'));
  const out = join(dir, 'mm');
  let sweep: SweepJson;
  let bytes: string;
  beforeAll(() => {
    const r = cli(['sweep', '--data', SYN, '--strategy', MM, ...GRID, '--jobs', '2', '--out', out]);
    expect(r.stdout).toMatch(/top 6 of 6 cases/);
    expect(r.stdout).toMatch(/How to read: PBO/);
    bytes = readFileSync(join(out, 'sweep.json'), 'utf8');
    sweep = JSON.parse(bytes) as SweepJson;
  });

  it('runs each case as exactly the backtest with its params', () => {
    expect(sweep.cases.map((c) => c.params)).toEqual([
      { notional: 1000, maxInventory: 1 }, { notional: 1000, maxInventory: 3 }, { notional: 1000, maxInventory: 6 },
      { notional: 4000, maxInventory: 1 }, { notional: 4000, maxInventory: 3 }, { notional: 4000, maxInventory: 6 },
    ]);
    expect(new Set(sweep.cases.map((c) => c.fingerprint)).size).toBe(6);
    for (const i of [sweep.overfitting.selected, 5]) expect(sweep.cases[i].fingerprint).toBe(backtestFingerprint(SYN, MM, sweep.cases[i].params));
    // 5 minutes of 5 s periods: one row of returns per case, all the same length.
    expect(sweep.period_ns).toBe('5000000000');
    for (const row of sweep.returns) expect(row.length).toBe(sweep.returns[0].length);
    expect(sweep.returns[0].length).toBeGreaterThanOrEqual(59);
  });

  it('gives the PBO, deflated Sharpe and selection an independent recomputation gives', () => {
    const py = spawnSync('python3', [join(repoRoot, 'test/support/sweep-reference.py'), join(out, 'sweep.json')], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const ref = JSON.parse(py.stdout) as { pbo: number; deflated_sharpe: number; selected: number; lambdas: number[] };
    expect(sweep.overfitting.pbo).toBe(ref.pbo);
    expect(sweep.overfitting.selected).toBe(ref.selected);
    expect(sweep.overfitting.deflated_sharpe).toBeCloseTo(ref.deflated_sharpe, 9);
    const lambdas = sweep.groups[0].cscv.splits.map((s) => s.lambda);
    expect(lambdas).toHaveLength(20);
    lambdas.forEach((l, i) => expect(l).toBeCloseTo(ref.lambdas[i], 9));
    // Neither figure is degenerate on this grid, so the comparison means something.
    expect(ref.pbo).toBeGreaterThan(0);
    expect(ref.pbo).toBeLessThan(1);
  });

  it('writes a self-contained HTML report with the heatmap, lambda distribution and IS/OOS Sharpe', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<svg[^>]*aria-label="Heatmap of sharpe_per_period over notional \(2 values\) and maxInventory \(3 values\)"/);
    expect(html.match(/class="heat-cell"/g)).toHaveLength(6);
    expect(html).toMatch(/aria-label="Histogram of 20 CSCV lambdas/);
    expect(html).toMatch(/aria-label="Scatter of 20 CSCV splits/);
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('gives the same bytes with --jobs 1 and when resumed from a partial --out', () => {
    const again = join(dir, 'resumed');
    mkdirSync(again);
    const journal = readFileSync(join(out, 'cases.jsonl'), 'utf8').split('\n');
    // Two finished cases and a line torn by a kill mid-write.
    writeFileSync(join(again, 'cases.jsonl'), `${journal[0]}\n${journal[1]}\n${journal[2].slice(0, 40)}`);
    const r = cli(['sweep', '--data', SYN, '--strategy', MM, ...GRID, '--jobs', '1', '--out', again, '--resume']);
    expect(r.stderr).toMatch(/resuming: 2 of 6 runs already/);
    expect(readFileSync(join(again, 'sweep.json'), 'utf8')).toBe(bytes);
    expect(readFileSync(join(again, 'cases.jsonl'), 'utf8').trim().split('\n')).toHaveLength(6);
    // Everything finished: a second resume runs nothing and still writes the same file.
    copyFileSync(join(again, 'sweep.json'), join(dir, 'first.json'));
    const none = cli(['sweep', '--data', SYN, '--strategy', MM, ...GRID, '--out', again, '--resume']);
    expect(none.stderr).toMatch(/resuming: 6 of 6/);
    expect(readFileSync(join(again, 'sweep.json'), 'utf8')).toBe(bytes);
  });

  it('walks forward on the same window runs as backtest --window', () => {
    const r = cli(['sweep', '--data', SYN, '--strategy', MM, '--param', 'notional=1000,4000', '--param', 'maxInventory=1,6', '--period', '5s', '--walk-forward', '2', '--jobs', '2', '--json']);
    const s = JSON.parse(r.stdout) as SweepJson;
    const wf = s.groups[0].walk_forward!;
    expect(wf.steps).toHaveLength(1);
    const step = wf.steps[0];
    const params = s.cases[step.case].params;
    const bt = JSON.parse(cli(['backtest', '--data', SYN, '--strategy', MM, '--param', `notional=${params.notional}`, '--param', `maxInventory=${params.maxInventory}`, '--window', '2', '--json']).stdout) as {
      cases: { report: { fingerprint: string; pnl: { pnl: string } } }[];
    };
    expect(step.oos_fingerprint).toBe(bt.cases[1].report.fingerprint);
    expect(step.oos_pnl).toBe(bt.cases[1].report.pnl.pnl);
    expect(wf.stitched.pnl).toBe(step.oos_pnl);
  });

  it('matches backtest --param on a real LOBSTER recording', () => {
    const r = cli(['sweep', '--data', AMZN, '--strategy', MOM, '--param', 'window=20,50', '--param', 'threshold=5', '--jobs', '2', '--json']);
    const s = JSON.parse(r.stdout) as SweepJson;
    expect(s.period_ns).toBe('60000000000');
    for (const c of s.cases) expect(c.fingerprint).toBe(backtestFingerprint(AMZN, MOM, c.params));
  });

  it('refuses bad input with exit code 2, naming what is wrong', () => {
    const bad = runCli(['sweep', '--data', SYN, '--strategy', MM, '--param', 'notional']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--param "notional" is not name=value/);
    const missing = runCli(['sweep', '--data', 'no/such.csv.gz', '--strategy', MM, '--param', 'notional=1,2']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no\/such\.csv\.gz: no such file/);
    expect(runCli(['sweep', '--data', SYN, '--strategy', MM, '--resume']).stderr).toMatch(/--resume needs --out/);
    expect(runCli(['sweep', '--data', SYN, '--strategy', MM, '--param', 'a=1,2', '--random', '3']).stderr).toMatch(/--random 3 asks for more cases than the 2/);
  });
});
