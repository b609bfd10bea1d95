import { describe, it, expect } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { REPORT_SCHEMA_VERSION } from '../src/services/run-report.js';
import { repoRoot } from './support/run-cli.js';
import { SYNTH, strategy, tmp, sha, OUTPUTS, type Report, backtest, runOut, expectReconciles, expectExplained, expectOrders } from './support/backtest-runs.js';

/**
 * End-to-end checks of `vtrade backtest`, run through the real bin/vtrade: reproducibility,
 * the output files, exit codes and the band (the example strategies: backtest-examples.test.ts).
 */

describe('vtrade backtest: reproducibility', () => {
  it('gives byte-identical outputs for the same inputs, and --verify-manifest confirms them', () => {
    const args = ['--data', SYNTH, '--strategy', strategy('market-maker'), '--seed', '7', '--fees', 'bps:1,5'];
    const a = runOut(args);
    const b = runOut(args);
    for (const name of OUTPUTS) expect(sha(join(b.dir, name)), name).toBe(sha(join(a.dir, name)));
    expect(a.fills.length).toBeGreaterThan(0);

    const manifest = JSON.parse(readFileSync(join(a.dir, 'manifest.json'), 'utf8')) as {
      manifestVersion: number;
      data: { path: string; sha256: string; bytes: number }[];
      strategy: { path: string; sha256: string };
      seed: number;
      fills_sha256: string;
      config: { models: { fees: { name: string } } };
    };
    expect(manifest.manifestVersion).toBe(1);
    expect(manifest.data).toEqual([{ path: SYNTH, sha256: sha(join(repoRoot, SYNTH)), bytes: readFileSync(join(repoRoot, SYNTH)).length }]);
    expect(manifest.strategy.sha256).toBe(sha(join(repoRoot, strategy('market-maker'))));
    expect(manifest.seed).toBe(7);
    expect(manifest.fills_sha256).toBe(sha(join(a.dir, 'fills.jsonl')));
    expect(manifest.config.models.fees.name).toBe('bps');

    const v = backtest(['--verify-manifest', join(a.dir, 'manifest.json')]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^match\b/);
    expect(v.stdout).toContain(manifest.fills_sha256);
  });

  it('a random latency model depends on the seed, and each seed reproduces itself', () => {
    const args = ['--data', SYNTH, '--strategy', strategy('market-maker'), '--latency', 'normal:1000000,300000'];
    const one = runOut([...args, '--seed', '1']);
    const two = runOut([...args, '--seed', '2']);
    expect(one.report.models.latency.name).toBe('normal');
    expect(sha(join(one.dir, 'fills.jsonl'))).not.toBe(sha(join(two.dir, 'fills.jsonl')));
    // The latencies drawn are in the log, and they vary.
    expect(new Set(one.fills.map((f) => f.latency_response_ns)).size).toBeGreaterThan(1);
    for (const run of [one, two]) {
      const v = backtest(['--verify-manifest', join(run.dir, 'manifest.json'), '--json']);
      expect(v.code, v.stderr).toBe(0);
      const out = JSON.parse(v.stdout) as { match: boolean; fills_sha256: string; fills: number };
      expect(out.match).toBe(true);
      expect(out.fills_sha256).toBe(sha(join(run.dir, 'fills.jsonl')));
      expect(out.fills).toBe(run.fills.length);
    }
  });

  it('exits 5 when a data file the manifest names has changed by one byte', () => {
    const dir = tmp('copy');
    const data = join(dir, 'syn.csv.gz');
    copyFileSync(join(repoRoot, SYNTH), data);
    copyFileSync(join(repoRoot, `${SYNTH}.instrument.json`), `${data}.instrument.json`);
    const run = runOut(['--data', data, '--strategy', strategy('twap')], join(dir, 'run'));
    const manifest = join(run.dir, 'manifest.json');
    expect(backtest(['--verify-manifest', manifest]).code).toBe(0);

    const bytes = readFileSync(data);
    bytes[bytes.length >> 1] ^= 0x01;
    writeFileSync(data, bytes);
    const v = backtest(['--verify-manifest', manifest]);
    expect(v.code).toBe(5);
    expect(v.stderr).toContain(data);
  });
});

describe('vtrade backtest: outputs', () => {
  it('a maker run: report fields, explained fills, one CSV row per order, and the books balance', () => {
    const run = runOut(['--data', SYNTH, '--strategy', strategy('market-maker'), '--fees', 'bps:1,5']);
    const r = run.report;
    expect(r.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    for (const key of ['instrument', 'seed', 'models', 'counters', 'pnl', 'position', 'volume', 'slippage', 'kpis', 'rejects_by_reason', 'first_ts', 'last_ts']) {
      expect(r, key).toHaveProperty(key);
    }
    expect(r.instrument.symbol).toBe('SYN');
    expect(r.counters.fills).toBe(run.fills.length);
    expect(r.kpis.maker_fills + r.kpis.taker_fills).toBe(run.fills.length);
    expect(r.kpis.maker_fills).toBeGreaterThan(0);
    expect(r.counters.events).toBeGreaterThan(0);
    expect(Object.values(r.rejects_by_reason).reduce((a, b) => a + b, 0)).toBe(r.counters.rejects);
    expect(BigInt(r.first_ts!) <= BigInt(r.last_ts!)).toBe(true);
    // A maker fill pays the maker rate: 1 bp of its notional.
    for (const f of run.fills.filter((x) => x.liquidity === 'maker')) {
      expect(new Decimal(f.fee).equals(new Decimal(f.notional).times('0.0001')), `fill ${f.seq}`).toBe(true);
    }
    expect(new Decimal(r.pnl.fees).greaterThan(0)).toBe(true);
    expectExplained(r, run.fills);
    expectOrders(r, run.orders, run.fills);
    expectReconciles(r, run.fills);
  });

  it('a taker run with impact and latency: levels, impact and latency explain each fill, and the books balance', () => {
    const run = runOut(['--data', SYNTH, '--strategy', strategy('momentum'), '--fees', 'bps:1,5', '--impact', 'linear', '--latency', '250us']);
    const r = run.report;
    expect(r.models.impact.name).toBe('linear');
    expect(r.kpis.taker_fills).toBeGreaterThan(0);
    for (const f of run.fills) {
      expect(f.latency_entry_ns).toBe('250000');
      expect(f.latency_response_ns).toBe('250000');
      if (f.liquidity === 'taker') expect(new Decimal(f.fee).equals(new Decimal(f.notional).times('0.0005'))).toBe(true);
    }
    expect(r.slippage.taker_fills).toBe(r.kpis.taker_fills);
    expectExplained(r, run.fills);
    expectOrders(r, run.orders, run.fills);
    expectReconciles(r, run.fills);
  });
});

describe('vtrade backtest: assertions and JSON output', () => {
  const base = ['--data', SYNTH, '--strategy', strategy('twap')];

  it('--json prints only the report on stdout; strategy logs go to stderr', () => {
    const dir = tmp('log');
    const file = join(dir, 'logs.ts');
    writeFileSync(file, "export default { onStart(ctx) { ctx.log('hello from the strategy'); } };\n");
    const r = backtest(['--data', SYNTH, '--strategy', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report & { assertions: unknown[] };
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.assertions).toEqual([]);
    expect(r.stdout).not.toContain('hello');
    expect(r.stderr).toContain('hello from the strategy');
  });

  it('a passing assertion exits 0, a failing one 1 naming it and its value, a malformed one 2', () => {
    const pass = backtest([...base, '--assert', 'fills>=1', '--assert', 'max_drawdown < 1', '--json']);
    expect(pass.code, pass.stderr).toBe(0);
    const passed = JSON.parse(pass.stdout) as Report & { assertions: { expr: string; passed: boolean; actual: string; expected: string }[] };
    expect(passed.assertions.map((a) => a.passed)).toEqual([true, true]);
    // Actual values are full-precision text, as the reporters take them.
    expect(passed.assertions[0].actual).toBe(String(passed.counters.fills));
    expect(passed.assertions[0].expected).toBe('>= 1');

    const fail = backtest([...base, '--assert', 'fills>=1', '--assert', 'fills>1000000', '--json']);
    expect(fail.code).toBe(1);
    const report = JSON.parse(fail.stdout) as Report;
    expect(fail.stderr).toContain('fills>1000000');
    expect(fail.stderr).toContain(`actual ${report.counters.fills}`);
    expect(fail.stderr).not.toContain('fills>=1');

    for (const bad of ['fills>>1', 'fills >= lots', 'no_such_figure>1']) {
      const r = backtest([...base, '--assert', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain(bad);
    }
  });
});

describe('vtrade backtest: strategy errors', () => {
  it('a callback that throws exits 4 naming the file and the callback', () => {
    const dir = tmp('throw');
    const file = join(dir, 'throws-on-book.ts');
    writeFileSync(file, "export default { onBook() { throw new Error('kaboom'); } };\n");
    const r = backtest(['--data', SYNTH, '--strategy', file]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('onBook');
    expect(r.stderr).toContain('kaboom');
  });

  it('a factory that throws exits 4; a missing file and an export that is no strategy exit 2', () => {
    const dir = tmp('bad');
    const factory = join(dir, 'factory.js');
    writeFileSync(factory, "export default function make() { throw new Error('bad params'); }\n");
    const f = backtest(['--data', SYNTH, '--strategy', factory]);
    expect(f.code).toBe(4);
    expect(f.stderr).toContain(factory);
    expect(f.stderr).toContain('bad params');

    const missing = join(dir, 'nowhere.ts');
    const m = backtest(['--data', SYNTH, '--strategy', missing]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain(missing);

    for (const [name, text] of [['number.ts', 'export default 42;\n'], ['named.ts', 'export const onBook = () => {};\n']]) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const r = backtest(['--data', SYNTH, '--strategy', file]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toContain(file);
      expect(r.stderr, name).toContain('default');
    }
  });

  it('loads a plain object export and a factory given params from the config file', () => {
    const dir = tmp('params');
    const file = join(dir, 'echo.ts');
    writeFileSync(file, "export default (p: Record<string, unknown>) => ({ onStart(ctx: { log(m: string): void }) { ctx.log(`param ${String(p.greeting)}`); } });\n");
    const config = join(dir, 'run.json');
    writeFileSync(config, JSON.stringify({ params: { greeting: 'hi-there' }, startingCash: '5000' }));
    const r = backtest(['--data', SYNTH, '--strategy', file, '--config', config, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('param hi-there');
    expect((JSON.parse(r.stdout) as Report).pnl.start_equity).toBe('5000');
  });
});

describe('vtrade backtest --band', () => {
  it('prints P&L under the pessimistic, base and optimistic presets, as JSON and as a table', () => {
    const args = ['--data', SYNTH, '--strategy', strategy('market-maker'), '--band'];
    const j = backtest([...args, '--json']);
    expect(j.code, j.stderr).toBe(0);
    const band = (JSON.parse(j.stdout) as { band: Record<string, { pnl: string; fills: number; fees: string; sharpe: number }> }).band;
    expect(Object.keys(band)).toEqual(['pessimistic', 'base', 'optimistic']);
    for (const p of Object.values(band)) {
      expect(new Decimal(p.pnl).isFinite()).toBe(true);
      expect(p.fills).toBeGreaterThan(0);
    }
    // The presets differ, so a queue-bound strategy sees different fills under them.
    expect(new Set(Object.values(band).map((p) => p.fills)).size).toBeGreaterThan(1);

    const t = backtest(args);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('P&L');
    for (const [name, p] of Object.entries(band)) {
      const row = t.stdout.split('\n').find((l) => l.startsWith(name));
      expect(row, name).toBeDefined();
      expect(row!.split(/\s+/).slice(1, 3), name).toEqual([p.pnl, String(p.fills)]);
    }
    // What each preset assumes is stated, and why the ends need not bracket the base.
    expect(t.stdout).toMatch(/^pessimistic .*risk-averse queue, 5 ms latency, sqrt impact/m);
    expect(t.stdout).toMatch(/^optimistic .*log queue, 0 ms latency, no impact/m);
    expect(t.stdout).toContain('the optimistic P&L can fall below the base one');

    // The band writes nothing and checks nothing: flags that would be ignored are refused.
    for (const extra of [['--out', join(tmp('band'), 'run')], ['--assert', 'pnl>0']]) {
      const r = backtest([...args, ...extra]);
      expect(r.code, extra[0]).toBe(2);
      expect(r.stderr, extra[0]).toContain(extra[0]);
    }
  });
});
