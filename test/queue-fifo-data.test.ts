import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli.js';

/** --queue fifo needs order ids; on data of price levels it is a usage error, not a quiet run. */

const SYNTH = 'fixtures/synth/syn-seed42-5min.csv.gz';
const SPOT = '../shared/data/binance/spot/btcusdt_20240808.gz';
const L3 = 'fixtures/synth/syn-seed42-5min-orders.csv.gz';
const MM = 'fixtures/strategies/market-maker.ts';

describe('--queue fifo', () => {
  it('refuses data without order ids with exit 2, naming the data and what FIFO needs; runs on order-level data', () => {
    for (const [data, why] of [
      [SYNTH, 'it holds no order-level events'],
      [SPOT, 'Binance depth recordings carry price levels, not orders'],
    ]) {
      const r = runCli(['backtest', '--data', data, '--strategy', MM, '--queue', 'fifo']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`error: --queue fifo needs order-level data (every resting order with its id, as in a LOBSTER day), and ${data} has none: ${why}`);
      expect(r.stderr).toContain(`for FIFO try ${L3}`);
      expect(r.stdout).toBe('');
    }
    // A paper replay is refused the same way, before it starts a run on the account.
    const env = { VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-fifo-')), 'paper.db') };
    expect(runCli(['account', 'create', 'fi', '--cash', '100000'], { env }).code).toBe(0);
    const replay = runCli(['replay', SYNTH, '--account', 'fi', '--strategy', MM, '--queue', 'fifo'], { env });
    expect([replay.code, replay.stderr.split('\n')[0]]).toEqual([2, `error: --queue fifo needs order-level data (every resting order with its id, as in a LOBSTER day), and ${SYNTH} has none: it holds no order-level events (add, cancel, delete, execute with order ids), only price levels and trades`]);
    expect((JSON.parse(runCli(['account', 'show', 'fi', '--json'], { env }).stdout) as { kpis: { runs: number } }).kpis.runs).toBe(0);
    // tca replays the same book for its orders: refused the same way.
    const tca = runCli(['tca', '--data', SYNTH, '--orders', 'fixtures/orders/syn-sample.csv', '--queue', 'fifo']);
    expect([tca.code, tca.stdout, tca.stderr.split('\n')[0]]).toEqual([2, '', `error: --queue fifo needs order-level data (every resting order with its id, as in a LOBSTER day), and ${SYNTH} has none: it holds no order-level events (add, cancel, delete, execute with order ids), only price levels and trades`]);
    // So is a recording played live on the in-process bus.
    const live = runCli(['live', '--data', SYNTH, '--strategy', MM, '--queue', 'fifo']);
    expect([live.code, live.stdout, live.stderr.split('\n')[0]]).toEqual([2, '', tca.stderr.split('\n')[0]]);
    const ok = runCli(['backtest', '--data', L3, '--strategy', MM, '--queue', 'fifo', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { counters: { fills: number } }).counters.fills).toBeGreaterThan(0);
  }, 300_000);
});
