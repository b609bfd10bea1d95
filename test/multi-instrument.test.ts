import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { dataDir } from './support/data-dir.js';
import { runCli } from './support/run-cli.js';

/**
 * Runs over several instruments on one clock (--data "A+B"), end to end through bin/vtrade on
 * the Binance BTCUSDT recordings of 2024-08-08: spot and the USD-M perpetual are two instruments.
 */

const bin = (path: string) => join(dataDir(), 'binance', path);
const SPOT = `${bin('spot/btcusdt_20240808.gz')},${bin('spot/btcusdt_20240809.gz')}`;
const PERP = bin('usdm/btcusdt_20240808.gz');
const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `vtrade-multi-${tag}-`));

interface Fill {
  seq: number;
  client_id: string;
  instrument: string;
  side: 'buy' | 'sell';
  qty: string;
  notional: string;
  [k: string]: unknown;
}

const readFills = (dir: string): Fill[] =>
  readFileSync(join(dir, 'fills.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Fill);
const readOrders = (dir: string): string[][] =>
  readFileSync(join(dir, 'orders.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
const without = (f: Fill): Omit<Fill, 'instrument'> => {
  const { instrument: _, ...rest } = f;
  return rest;
};

describe('vtrade backtest over several instruments', () => {
  it('a strategy of one instrument trades the first part, and adding a second part changes none of its fills', () => {
    const alone = tmp('alone');
    const joined = tmp('joined');
    const mm = 'fixtures/strategies/market-maker.ts';
    const a = runCli(['backtest', '--data', PERP, '--strategy', mm, '--out', alone]);
    expect(a.code, a.stderr).toBe(0);
    const b = runCli(['backtest', '--data', `${PERP}+${bin('spot/btcusdt_20240808.gz')}`, '--strategy', mm, '--out', joined]);
    expect(b.code, b.stderr).toBe(0);
    const fa = readFills(alone);
    const fb = readFills(joined);
    expect(fa.length).toBeGreaterThan(100);
    expect(fb.map(without)).toEqual(fa.map(without));
    expect(new Set(fb.map((f) => f.instrument))).toEqual(new Set(['BTCUSDT.binance-usdm']));
    const oa = readOrders(alone);
    const ob = readOrders(joined);
    expect(ob[0]).toEqual(['id', 'client_id', 'side', 'type', 'tif', 'qty', 'limit', 'stop', 'status', 'filled', 'instrument']);
    expect(ob.map((r) => r.slice(0, 10))).toEqual(oa.map((r) => r.slice(0, 10)));
    const report = JSON.parse(readFileSync(join(joined, 'report.json'), 'utf8'));
    expect(report.instruments.map((i: { id: string }) => i.id)).toEqual(['BTCUSDT.binance-usdm', 'BTCUSDT.binance-spot']);
    expect(report.instruments[1].counters.fills).toBe(0);
    expect(report.counters.events).toBeGreaterThan(JSON.parse(readFileSync(join(alone, 'report.json'), 'utf8')).counters.events);
  }, 240_000);

  it('the basis example trades both legs: rows name their instrument, the report splits P&L by instrument, and the manifest reruns', () => {
    const out = tmp('basis');
    const r = runCli(['backtest', '--data', `${SPOT}+${PERP}`, '--strategy', 'fixtures/strategies/basis.ts', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const fills = readFills(out);
    const ids = ['BTCUSDT.binance-spot', 'BTCUSDT.binance-usdm'];
    expect(report.instruments.map((i: { id: string }) => i.id)).toEqual(ids);
    for (const id of ids) expect(fills.some((f) => f.instrument === id), id).toBe(true);
    // one fill numbering over the run
    expect(fills.map((f) => f.seq)).toEqual(fills.map((_, i) => i + 1));
    // each instrument's position is its fills' net, and the instruments' P&L add up to the run's
    for (const inst of report.instruments) {
      const net = fills.filter((f) => f.instrument === inst.id).reduce((s, f) => s.plus(new Decimal(f.qty).times(f.side === 'buy' ? 1 : -1)), new Decimal(0));
      expect(net.equals(inst.position.qty), inst.id).toBe(true);
      expect(inst.counters.fills).toBe(fills.filter((f) => f.instrument === inst.id).length);
    }
    const total = report.instruments.reduce((s: Decimal, i: { pnl: { pnl: string } }) => s.plus(i.pnl.pnl), new Decimal(0));
    expect(total.equals(report.pnl.pnl)).toBe(true);
    // the hedge: as much sold on the perpetual as bought on spot
    expect(new Decimal(report.instruments[0].position.qty).plus(report.instruments[1].position.qty).isZero()).toBe(true);
    const orders = readOrders(out);
    for (const row of orders.slice(1)) expect(ids).toContain(row[10]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.parts).toEqual([2, 1]);
    const v = runCli(['backtest', '--verify-manifest', join(out, 'manifest.json')]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^match: /);
  }, 240_000);

  it('refuses an instrument twice and parts in two currencies; warns when parts never overlap', () => {
    const twice = runCli(['backtest', '--data', `${PERP}+${PERP}`, '--strategy', 'fixtures/strategies/momentum.ts']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/both BTCUSDT\.binance-usdm: a run holds each instrument once/);
    const currencies = runCli(['backtest', '--data', `${PERP}+${bin('cm/btcusd_perp_20240808.gz')}`, '--strategy', 'fixtures/strategies/momentum.ts']);
    expect(currencies.code).toBe(2);
    expect(currencies.stderr).toMatch(/priced in USD, BTCUSDT\.binance-usdm .* in USDT: .*no conversion/);
    const apart = runCli(['backtest', '--data', `${bin('spot/ethusdt_20240809.gz')}+${PERP}`, '--strategy', 'fixtures/strategies/momentum.ts', '--json']);
    expect(apart.code, apart.stderr).toBe(0);
    expect(apart.stderr).toMatch(/warning: the data parts never overlap in time \(ETHUSDT\.binance-spot, BTCUSDT\.binance-usdm trade alone\)/);
  }, 240_000);

  it('tca: orders name their instrument; one for an instrument not in the run is rejected with its own reason', () => {
    const dir = tmp('tca');
    const orders = join(dir, 'orders.csv');
    writeFileSync(
      orders,
      [
        'id,ts,side,type,qty,limit,tif,instrument',
        'spot,2024-08-08T23:57:00Z,buy,market,0.01,,,',
        'perp,2024-08-08T23:57:00Z,sell,market,0.01,,,BTCUSDT.binance-usdm',
        'eth,2024-08-08T23:57:00Z,buy,market,0.1,,,ETHUSDT.binance-spot',
      ].join('\n') + '\n',
    );
    const r = runCli(['tca', '--data', `${SPOT}+${PERP}`, '--orders', orders, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout).orders as { id: string; instrument: string; status: string; filled_qty: string }[];
    expect(out.map((o) => [o.id, o.instrument, o.status, o.filled_qty])).toEqual([
      ['spot', 'BTCUSDT.binance-spot', 'filled', '0.01'],
      ['perp', 'BTCUSDT.binance-usdm', 'filled', '0.01'],
      ['eth', 'ETHUSDT.binance-spot', 'rejected:unknown_instrument', '0'],
    ]);
  }, 240_000);
});
