import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from './support/data-dir.js';
import { runCli } from './support/run-cli.js';
import { openMarketData } from '../src/data/open.js';
import { runBacktest } from '../src/services/backtest.js';
import { calibrateQueue } from '../src/services/calibrate-queue.js';
import { loadStrategy } from '../src/services/load-strategy.js';
import { parseRunConfig } from '../src/services/run-config.js';

// `vtrade calibrate queue` as a user runs it: FIFO played back open loop must score perfectly
// against the FIFO run it came from, each model's filled orders must be what `tca` gives under
// that model for the same orders, and data without order ids is refused.

const lobster = (name: string) => join(dataDir(), 'lobster', `LOBSTER_SampleFile_${name}.zip`);
const AMZN5 = lobster('AMZN_2012-06-21_5');
const AMZN1 = lobster('AMZN_2012-06-21_1');
const ORDERS = 'fixtures/orders/amzn-queue.csv';
const NO_LATENCY = ['--latency', '0', '--feed-latency', '0'];

interface Score {
  name: string;
  precision: number | null;
  recall: number;
  f1: number;
  filled_orders: number;
  fitted?: boolean;
  qty_error: { mean_abs_lots: number; relative: number };
  first_fill_error_ms: { orders: number; median: number | null; p90: number | null; bias: number | null };
}
interface Calibration {
  truth: string;
  orders: { sent: number; scored: number; filled_by_fifo: number };
  models: Score[];
  fit: { model: string; range: [number, number]; grid: { n: number; f1: number }[]; n: number };
  best: Score;
}

function calibrate(args: string[]): Calibration {
  const r = runCli(['calibrate', 'queue', ...args, '--json']);
  expect(r.stderr.replace(/^warning: .*\n/gm, ''), 'stderr').toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Calibration;
}

function expectPerfectFifo(c: Calibration): void {
  expect(c.truth).toBe('fifo');
  const fifo = c.models[0];
  expect(fifo.name).toBe('fifo');
  expect([fifo.precision, fifo.recall, fifo.f1]).toEqual([1, 1, 1]);
  expect(fifo.filled_orders).toBe(c.orders.filled_by_fifo);
  expect(fifo.qty_error).toEqual({ mean_abs_lots: 0, relative: 0 });
  expect(fifo.first_fill_error_ms).toEqual({ orders: c.orders.filled_by_fifo, median: 0, p90: 0, bias: 0 });
}

function expectBestAndFit(c: Calibration): void {
  const l2 = c.models.slice(1);
  expect(l2.map((m) => m.name).slice(0, 3)).toEqual(['risk-averse', 'power:2', 'log']);
  const fitted = l2[3];
  expect(fitted).toMatchObject({ name: `power:${c.fit.n}`, fitted: true });
  expect(c.fit.range).toEqual([0.25, 64]);
  const gridBest = Math.max(...c.fit.grid.map((g) => g.f1));
  expect(fitted.f1).toBe(gridBest);
  expect(c.fit.grid.find((g) => g.n === c.fit.n)!.f1).toBe(gridBest);
  expect(c.best.f1).toBe(Math.max(...l2.map((m) => m.f1)));
  expect(l2.map((m) => m.name)).toContain(c.best.name);
}

describe('vtrade calibrate queue', () => {
  it('scores the listed orders: FIFO perfect, and each model fills the orders tca fills under it', () => {
    const c = calibrate(['--data', AMZN5, '--orders', ORDERS, ...NO_LATENCY]);
    expect(c.orders).toEqual({ sent: 7, scored: 7, filled_by_fifo: 7 });
    expectPerfectFifo(c);
    expectBestAndFit(c);
    for (const [queue, name] of [
      ['risk-averse', 'risk-averse'],
      ['power:2', 'power:2'],
      ['log', 'log'],
    ]) {
      const tca = runCli(['tca', '--data', AMZN5, '--orders', ORDERS, '--queue', queue, ...NO_LATENCY, '--json']);
      expect(tca.code).toBe(0);
      const filled = (JSON.parse(tca.stdout) as { orders: { filled_qty: string }[] }).orders.filter((o) => Number(o.filled_qty) > 0).length;
      const m = c.models.find((x) => x.name === name)!;
      expect(m.filled_orders, name).toBe(filled);
      // Every order filled under FIFO: what a model filled is right, what it missed is recall.
      expect(m.precision, name).toBe(filled > 0 ? 1 : null);
      expect(m.recall, name).toBeCloseTo(filled / 7, 6);
    }
  });

  it("plays a strategy's orders back open loop: FIFO against its own run is perfect", async () => {
    // In process, fitting over two exponents only: the full grid is the command's test above.
    const config = parseRunConfig({});
    const strategy = () => loadStrategy('fixtures/strategies/market-maker.ts', config.params);
    const c = (await calibrateQueue({ data: await openMarketData([AMZN1]), strategy: await strategy(), config, seed: 1, grid: [1, 2] })) as unknown as Calibration;
    const fifo = await runBacktest({ data: await openMarketData([AMZN1]), strategy: await strategy(), config: { ...config, models: { ...config.models, queue: { name: 'fifo' } } }, seed: 1 });
    expect(c.orders.sent).toBe(fifo.orders.length);
    const rested = new Set(fifo.orders.filter((o) => o.queueAheadAtEntry !== undefined).map((o) => o.req.clientId));
    expect(c.orders.scored).toBe(rested.size);
    expect(c.orders.filled_by_fifo).toBe(new Set(fifo.fills.filter((f) => f.liquidity === 'maker' && rested.has(f.clientId)).map((f) => f.clientId)).size);
    expect(c.orders.filled_by_fifo).toBeGreaterThan(0);
    expectPerfectFifo(c);
    expect(c.fit.range).toEqual([1, 2]);
    expect(c.models.map((m) => m.name)).toEqual(['fifo', 'risk-averse', 'power:2', 'log', `power:${c.fit.n}`]);
  }, 120_000);

  it('prints a table and the fit on the terminal', () => {
    const r = runCli(['calibrate', 'queue', '--data', AMZN5, '--orders', ORDERS, ...NO_LATENCY]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fifo +1\.000 +1\.000 +1\.000 +█{20} +7 +0\.0 /m);
    expect(r.stdout).toMatch(/^risk-averse /m);
    expect(r.stdout).toMatch(/power:N fit, F1 over N = 0\.25, .*, 64: +[▁▂▃▄▅▆▇█]{9} +best N = /);
    expect(r.stdout).toMatch(/^best L2 model: /m);
  });

  it('refuses data without order ids, saying why, and a run without exactly one of --strategy and --orders', () => {
    const binance = runCli(['calibrate', 'queue', '--data', join(dataDir(), 'binance', 'spot', 'btcusdt_20240808.gz'), '--strategy', 'fixtures/strategies/market-maker.ts']);
    expect(binance.code).toBe(2);
    expect(binance.stderr).toMatch(/btcusdt_20240808\.gz: cannot calibrate queue models on it: Binance depth recordings carry price levels, not orders, so the true \(FIFO\) queue is unknown/);
    expect(binance.stdout).toBe('');
    const synth = runCli(['calibrate', 'queue', '--data', 'fixtures/synth/syn-seed42-5min.csv.gz', '--strategy', 'fixtures/strategies/market-maker.ts']);
    expect(synth.code).toBe(2);
    expect(synth.stderr).toMatch(/it holds no order-level events/);
    const both = runCli(['calibrate', 'queue', '--data', AMZN5, '--strategy', 'fixtures/strategies/market-maker.ts', '--orders', ORDERS]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/needs one of --strategy or --orders/);
  });
});
