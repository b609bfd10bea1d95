import { expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { dataDir } from './data-dir.js';
import { runCli, type CliResult } from './run-cli.js';

/**
 * What the end-to-end checks of `vtrade backtest` share: the data they run on, a run from the
 * TypeScript source with its outputs parsed, and the checks that a run's report, fills and
 * orders agree with each other.
 */

export const SYNTH = 'fixtures/synth/syn-seed42-5min.csv.gz';
export const strategy = (name: string) => `fixtures/strategies/${name}.ts`;
export const AMZN = join(dataDir(), 'lobster', 'LOBSTER_SampleFile_AMZN_2012-06-21_5.zip');
export const BTC = join(dataDir(), 'binance', 'usdm', 'btcusdt_20240808.gz');

export const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `vtrade-bt-${tag}-`));
export const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
export const OUTPUTS = ['fills.jsonl', 'orders.csv', 'report.json', 'manifest.json'];

export interface Fill {
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

export interface Report {
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
export function backtest(args: string[]): CliResult {
  return runCli(['backtest', ...args], { env: { VTRADE_FROM_SOURCE: '1' } });
}

/** Runs with --out and returns the parsed outputs. */
export function runOut(args: string[], dir = tmp('out')): { dir: string; report: Report; fills: Fill[]; orders: string[]; result: CliResult } {
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

export function runJson(args: string[]): Report {
  const r = backtest([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

/** The report must add up: equity from P&L, and equity again from nothing but the fills. */
export function expectReconciles(report: Report, fills: Fill[]): void {
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
export function expectExplained(report: Report, fills: Fill[]): void {
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
export function expectOrders(report: Report, orders: string[], fills: Fill[]): void {
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
