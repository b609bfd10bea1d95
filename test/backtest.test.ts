import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { unzipSync, strFromU8 } from 'fflate';
import { dataDir } from './support/data-dir.js';
import { REPORT_SCHEMA_VERSION } from '../src/services/run-report.js';
import { repoRoot, runCli, type CliResult } from './support/run-cli.js';

/**
 * End-to-end checks of `vtrade backtest`, run through the real bin/vtrade: reproducibility,
 * the output files, exit codes, the band, and the example strategies on shipped and real data.
 */

const SYNTH = 'fixtures/synth/syn-seed42-5min.csv.gz';
const strategy = (name: string) => `fixtures/strategies/${name}.ts`;
const AMZN = join(dataDir(), 'lobster', 'LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
const BTC = join(dataDir(), 'binance', 'usdm', 'btcusdt_20240808.gz');

const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `vtrade-bt-${tag}-`));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const OUTPUTS = ['fills.jsonl', 'orders.csv', 'report.json', 'manifest.json'];

interface Fill {
  seq: number;
  order_id: number;
  client_id: string;
  side: 'buy' | 'sell';
  price: string;
  qty: string;
  liquidity: 'maker' | 'taker';
  fee: string;
  notional: string;
  ts_venue: string;
  ts_delivered: string;
  latency_entry_ns: string;
  latency_response_ns: string;
  impact_ticks: number;
  levels?: [string, string][];
  queue_ahead_at_entry?: string;
}

interface Report {
  schemaVersion: number;
  fingerprint: string;
  instrument: { symbol: string; tickSize: string; lotSize: string; currency: string };
  seed: number;
  models: { fill: string; queue: { name: string }; impact: { name: string }; latency: { name: string }; fees: { name: string } };
  counters: { events: number; orders: number; fills: number; rejects: number };
  pnl: { start_equity: string; end_equity: string; pnl: string; realized: string; unrealized: string; fees: string };
  position: { qty: string; avg_price: string; mark: string | null };
  volume: { bought: string; sold: string; notional: string };
  slippage: { taker_fills: number; cost: string; bps: string | null };
  kpis: { total_return: number; sharpe: number; sortino: number; max_drawdown: number; volatility: number; fills: number; maker_fills: number; taker_fills: number };
  rejects_by_reason: Record<string, number>;
  first_ts: string | null;
  last_ts: string | null;
}

/** From the TypeScript source: a dist/ left from an earlier build must not stand in for it. */
function backtest(args: string[]): CliResult {
  return runCli(['backtest', ...args], { env: { VTRADE_FROM_SOURCE: '1' } });
}

/** Runs with --out and returns the parsed outputs. */
function runOut(args: string[], dir = tmp('out')): { dir: string; report: Report; fills: Fill[]; orders: string[]; result: CliResult } {
  const result = backtest([...args, '--out', dir]);
  expect(result.code, result.stderr).toBe(0);
  const fillsText = readFileSync(join(dir, 'fills.jsonl'), 'utf8');
  return {
    dir,
    report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report,
    fills: fillsText === '' ? [] : fillsText.trimEnd().split('\n').map((l) => JSON.parse(l) as Fill),
    orders: readFileSync(join(dir, 'orders.csv'), 'utf8').trimEnd().split('\n'),
    result,
  };
}

function runJson(args: string[]): Report {
  const r = backtest([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

/** The report must add up: equity from P&L, and equity again from nothing but the fills. */
function expectReconciles(report: Report, fills: Fill[]): void {
  const start = new Decimal(report.pnl.start_equity);
  const end = new Decimal(report.pnl.end_equity);
  expect(end.equals(start.plus(report.pnl.pnl))).toBe(true);
  // P&L is realized plus unrealized, less what the fees cost.
  expect(new Decimal(report.pnl.realized).plus(report.pnl.unrealized).minus(report.pnl.fees).equals(report.pnl.pnl)).toBe(true);

  let cash = start;
  let position = new Decimal(0);
  let fees = new Decimal(0);
  for (const f of fills) {
    const sign = f.side === 'buy' ? 1 : -1;
    // The notional is exactly price x qty, and the cash moves by it and the fee.
    expect(new Decimal(f.price).times(f.qty).equals(f.notional), `fill ${f.seq}`).toBe(true);
    cash = cash.minus(new Decimal(f.notional).times(sign)).minus(f.fee);
    position = position.plus(new Decimal(f.qty).times(sign));
    fees = fees.plus(f.fee);
  }
  expect(position.equals(report.position.qty)).toBe(true);
  expect(fees.equals(report.pnl.fees)).toBe(true);
  const value = position.isZero() ? new Decimal(0) : position.times(report.position.mark!);
  expect(cash.plus(value).toFixed()).toBe(end.toFixed());
}

/** Every fill says how it came about. */
function expectExplained(report: Report, fills: Fill[]): void {
  const tick = new Decimal(report.instrument.tickSize);
  const takers = new Map<string, Fill[]>();
  fills.forEach((f, i) => {
    expect(f.seq).toBe(i + 1);
    expect(BigInt(f.ts_delivered) - BigInt(f.ts_venue)).toBe(BigInt(f.latency_response_ns));
    expect(BigInt(f.latency_entry_ns) >= 0n).toBe(true);
    expect(new Decimal(f.fee).isNegative()).toBe(false);
    expect(new Decimal(f.qty).greaterThan(0)).toBe(true);
    if (f.liquidity === 'maker') {
      expect(f.queue_ahead_at_entry, `maker fill ${f.seq}`).toBeDefined();
      expect(new Decimal(f.queue_ahead_at_entry!).isNegative()).toBe(false);
      expect(f.levels).toBeUndefined();
      expect(f.impact_ticks).toBe(0);
    } else {
      expect(f.levels, `taker fill ${f.seq}`).toBeDefined();
      const key = `${f.order_id}@${f.ts_venue}`;
      takers.set(key, [...(takers.get(key) ?? []), f]);
    }
  });
  // One taker fill per level the sweep took, at that level's price worsened by the impact shift.
  for (const group of takers.values()) {
    const levels = group[0].levels!;
    for (const f of group) expect(f.levels).toEqual(levels);
    const prices = levels.map(([p]) => new Decimal(p));
    for (let i = 1; i < prices.length; i++) {
      expect(group[0].side === 'buy' ? prices[i].greaterThan(prices[i - 1]) : prices[i].lessThan(prices[i - 1])).toBe(true);
    }
    const undone = group.map((f) => {
      const shift = tick.times(f.impact_ticks).times(f.side === 'buy' ? 1 : -1);
      return [new Decimal(f.price).minus(shift).toFixed(), f.qty];
    });
    expect(undone).toEqual(levels.map(([p, q]) => [new Decimal(p).toFixed(), q]));
  }
}

/** orders.csv: the header, one row per order, and each order's filled size equal to its fills. */
function expectOrders(report: Report, orders: string[], fills: Fill[]): void {
  expect(orders[0]).toBe('id,client_id,side,type,tif,qty,limit,stop,status,filled,instrument');
  expect(orders.length - 1).toBe(report.counters.orders);
  const filled = new Map<string, Decimal>();
  for (const f of fills) filled.set(f.client_id, (filled.get(f.client_id) ?? new Decimal(0)).plus(f.qty));
  const seen = new Set<string>();
  for (const row of orders.slice(1)) {
    const [id, clientId, side, , , qty, , , status, done] = row.split(',');
    expect(Number.isInteger(Number(id))).toBe(true);
    expect(['buy', 'sell']).toContain(side);
    expect(seen.has(clientId)).toBe(false);
    seen.add(clientId);
    expect(new Decimal(done).equals(filled.get(clientId) ?? 0), `order ${clientId}`).toBe(true);
    if (status === 'filled') expect(done).toBe(qty);
  }
  // No fill belongs to an order the CSV does not list.
  for (const id of filled.keys()) expect(seen.has(id)).toBe(true);
}

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

// ---- the example strategies on shipped and recorded data -------------------------------------

/** LOBSTER: seconds after midnight as decimal text -> ns, rounding past the 9th decimal half up. */
function lobsterNs(text: string): bigint {
  const [whole, frac = ''] = text.split('.');
  let ns = BigInt(whole) * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9));
  if (frac.length > 9 && Number(frac[9]) >= 5) ns += 1n;
  return ns;
}

interface LobsterDay {
  /** Per message: time (ns after midnight), type, price (dollars x 10000), direction. */
  times: bigint[];
  types: number[];
  prices: number[];
  dirs: number[];
  /** Per message: the book after it, [ask price, ask size, bid price, bid size] x levels. */
  books: number[][];
}

function readLobster(zip: string): LobsterDay {
  const files = unzipSync(readFileSync(zip), { filter: (f) => f.name.endsWith('.csv') });
  const name = (part: string) => Object.keys(files).find((n) => n.includes(part))!;
  const messages = strFromU8(files[name('message')]).trimEnd().split('\n');
  const books = strFromU8(files[name('orderbook')]).trimEnd().split('\n');
  const day: LobsterDay = { times: [], types: [], prices: [], dirs: [], books: books.map((l) => l.split(',').map(Number)) };
  for (const line of messages) {
    const c = line.split(',');
    day.times.push(lobsterNs(c[0]));
    day.types.push(Number(c[1]));
    day.prices.push(Number(c[4]));
    day.dirs.push(Number(c[5]));
  }
  return day;
}

/** Index of the last message at or before `t` (ns after midnight). */
function lastAtOrBefore(day: LobsterDay, t: bigint): number {
  let lo = 0;
  let hi = day.times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (day.times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** New York midnight of 2012-06-21 (EDT, UTC-4) in epoch ns. */
const AMZN_MIDNIGHT = BigInt(Date.UTC(2012, 5, 21, 4)) * 1_000_000n;
const lobsterPrice = (p: string) => new Decimal(p).times(10000).toNumber();

describe('vtrade backtest: example strategies', () => {
  it('each example runs on the shipped synthetic fixture and fills', () => {
    const mm = runJson(['--data', SYNTH, '--strategy', strategy('market-maker')]);
    expect(mm.kpis.maker_fills).toBeGreaterThan(0);
    const twap = runJson(['--data', SYNTH, '--strategy', strategy('twap')]);
    expect(twap.kpis.taker_fills).toBeGreaterThan(0);
    const mom = runJson(['--data', SYNTH, '--strategy', strategy('momentum')]);
    expect(mom.kpis.taker_fills).toBeGreaterThan(0);
  });

  it('market maker and TWAP on LOBSTER AMZN: fills that the recorded book and tape account for', () => {
    const day = readLobster(AMZN);

    // The same check under an L2 queue model and under exact FIFO on LOBSTER's order ids.
    for (const queue of ['risk-averse', 'fifo']) {
      const mm = runOut(['--data', AMZN, '--strategy', strategy('market-maker'), '--queue', queue]);
      expect(mm.report.instrument.symbol).toBe('AMZN');
      expect(mm.report.models.queue.name).toBe(queue);
      expect(mm.report.kpis.maker_fills).toBeGreaterThan(0);
      expectReconciles(mm.report, mm.fills);
      // A resting order fills only when a recorded execution at that instant reached its price,
      // or when the recorded book then showed the other side through it; under exact FIFO also
      // when an order of the other side was added at or through its price (it met ours).
      for (const f of mm.fills) {
        const t = BigInt(f.ts_venue) - AMZN_MIDNIGHT;
        const p = lobsterPrice(f.price);
        const buy = f.side === 'buy';
        let i = lastAtOrBefore(day, t);
        expect(day.times[i], `fill ${f.seq} at a message time`).toBe(t);
        let explained = false;
        for (; i >= 0 && day.times[i] === t && !explained; i--) {
          const type = day.types[i];
          const execHere = (type === 4 || type === 5) && day.dirs[i] === (buy ? 1 : -1) && (buy ? day.prices[i] <= p : day.prices[i] >= p);
          const cross = type === 6 && (buy ? day.prices[i] <= p : day.prices[i] >= p);
          const reached = queue === 'fifo' && type === 1 && day.dirs[i] === (buy ? -1 : 1) && (buy ? day.prices[i] <= p : day.prices[i] >= p);
          const book = day.books[i];
          const through = buy ? book[0] > 0 && book[0] < p : book[2] > 0 && book[2] > p;
          explained = execHere || cross || through || reached;
        }
        expect(explained, `${queue}: maker fill ${f.seq} ${f.side} ${f.price} at ${t}`).toBe(true);
      }
    }

    const twap = runOut(['--data', AMZN, '--strategy', strategy('twap')]);
    expect(twap.report.kpis.taker_fills).toBeGreaterThan(0);
    expectExplained(twap.report, twap.fills);
    expectReconciles(twap.report, twap.fills);
    // An aggressive order takes the recorded book as it stood when it arrived: whole levels
    // from the touch outwards, the last one possibly in part.
    for (const f of twap.fills) {
      const book = day.books[lastAtOrBefore(day, BigInt(f.ts_venue) - AMZN_MIDNIGHT)];
      const off = f.side === 'buy' ? 0 : 2;
      f.levels!.forEach(([price, qty], k) => {
        expect(lobsterPrice(price), `fill ${f.seq} level ${k}`).toBe(book[4 * k + off]);
        const size = book[4 * k + off + 1];
        if (k < f.levels!.length - 1) expect(Number(qty)).toBe(size);
        else expect(Number(qty)).toBeLessThanOrEqual(size);
      });
    }
  });

  it('momentum and market maker on Binance USD-M BTCUSDT fill as takers and makers', () => {
    const mom = runOut(['--data', BTC, '--strategy', strategy('momentum')]);
    expect(mom.report.instrument.symbol).toBe('BTCUSDT');
    expect(mom.report.kpis.taker_fills).toBeGreaterThan(0);
    expectExplained(mom.report, mom.fills);
    expectReconciles(mom.report, mom.fills);

    const mm = runOut(['--data', BTC, '--strategy', strategy('market-maker')]);
    expect(mm.report.kpis.maker_fills).toBeGreaterThan(0);
    expectExplained(mm.report, mm.fills);
    expectOrders(mm.report, mm.orders, mm.fills);
    expectReconciles(mm.report, mm.fills);
  });
});
