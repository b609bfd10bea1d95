import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { openDatabase } from '../src/store/database.js';
import { accountMarkets } from '../src/store/account-markets.js';
import { findAccount } from '../src/store/accounts.js';
import { lastOrderbookRow } from './support/account-market.js';
import { dataDir } from './support/data-dir.js';
import { killAtFills } from './support/processes.js';
import { runCli } from './support/run-cli.js';

/**
 * A paper account trading several instruments on one clock (replay "A+B"), through bin/vtrade
 * and a real SQLite file, on the LOBSTER AMZN and GOOG days of 2012-06-21: the fills booked are
 * the backtest's, one cash balance pays for both, and each instrument's market is the book its
 * own recording ends with (read from the zip by Python, not by vtrade).
 */

const lob = (name: string) => join(dataDir(), 'lobster', name);
const AMZN = lob('LOBSTER_SampleFile_AMZN_2012-06-21_1.zip');
const GOOG = lob('LOBSTER_SampleFile_GOOG_2012-06-21_1.zip');
const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `vtrade-multi-paper-${tag}-`));

/** The basis example in whole shares, with the second leg allowed short (a located borrow). */
function basisConfig(): string {
  const path = join(tmp('config'), 'basis.json');
  writeFileSync(path, JSON.stringify({ params: { size: 1, entryBps: 3 }, risk: { locate: ['GOOG'] } }));
  return path;
}

const replayArgs = (config: string) => ['replay', `${AMZN}+${GOOG}`, '--account', 'eve', '--strategy', 'fixtures/strategies/basis.ts', '--config', config];

function freshAccount(): Record<string, string> {
  const env = { VTRADE_DB: join(tmp('db'), 'paper.db') };
  expect(runCli(['account', 'create', 'eve', '--cash', '100000'], { env }).code).toBe(0);
  return env;
}

interface BookedFill {
  ts_ns: string;
  symbol: string;
  side: 'buy' | 'sell';
  price: string;
  qty: string;
  notional: string;
  fee: string;
  client_id: string;
}

const booked = (env: Record<string, string>): BookedFill[] => JSON.parse(runCli(['fills', 'eve', '--json'], { env }).stdout) as BookedFill[];
const show = (env: Record<string, string>) =>
  JSON.parse(runCli(['account', 'show', 'eve', '--json'], { env }).stdout) as { cash: string; equity: string; positions: { symbol: string; qty: string; mark_source: string }[]; kpis: { rewards: string } };
const line = (f: BookedFill) => `${f.ts_ns} ${f.client_id} ${f.symbol} ${f.side} ${f.price} ${f.qty} ${f.fee}`;

describe('vtrade replay "A+B" on a paper account', () => {
  it('books the backtest\'s fills per instrument from one cash balance, and keeps each instrument\'s closing book as its market', () => {
    const config = basisConfig();
    const env = freshAccount();
    const r = runCli([...replayArgs(config), '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { fills: number; instruments: { id: string; fills: number }[] };
    expect(out.instruments.map((i) => i.id)).toEqual(['AMZN.NASDAQ', 'GOOG.NASDAQ']);

    // Ground truth for the fills: the same run as a backtest.
    const dir = tmp('backtest');
    const bt = runCli(['backtest', '--data', `${AMZN}+${GOOG}`, '--strategy', 'fixtures/strategies/basis.ts', '--config', config, '--out', dir]);
    expect(bt.code, bt.stderr).toBe(0);
    const expected = readFileSync(join(dir, 'fills.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { instrument: string; client_id: string; side: string; price: string; qty: string; fee: string; ts_delivered: string });
    const fills = booked(env);
    expect(fills.map(line)).toEqual(expected.map((f) => `${f.ts_delivered} ${f.client_id} ${f.instrument.split('.')[0]} ${f.side} ${f.price} ${f.qty} ${f.fee}`));
    for (const i of out.instruments) {
      expect(i.fills, i.id).toBeGreaterThan(20);
      expect(i.fills).toBe(fills.filter((f) => f.symbol === i.id.split('.')[0]).length);
    }

    // One cash balance: the start, every fill of either instrument, and the game's rewards.
    const acct = show(env);
    const traded = fills.reduce((c, f) => c.plus(f.side === 'sell' ? f.notional : new Decimal(f.notional).negated()).minus(f.fee), new Decimal(0));
    expect(new Decimal(acct.cash).equals(new Decimal(100000).plus(traded).plus(acct.kpis.rewards))).toBe(true);
    // Each position is its own fills' net, marked from its own recording.
    for (const symbol of ['AMZN', 'GOOG']) {
      const net = fills.filter((f) => f.symbol === symbol).reduce((n, f) => n.plus(f.side === 'buy' ? f.qty : new Decimal(f.qty).negated()), new Decimal(0));
      const pos = acct.positions.find((p) => p.symbol === symbol)!;
      expect(new Decimal(pos.qty).equals(net), symbol).toBe(true);
      expect(pos.mark_source).toBe(symbol === 'AMZN' ? AMZN : GOOG);
    }

    // Each instrument's market is the last book of its own recording.
    const db = openDatabase(env.VTRADE_DB);
    try {
      const markets = accountMarkets(db, findAccount(db, 'eve').id);
      expect(markets.map((m) => m.symbol)).toEqual(['AMZN', 'GOOG']);
      for (const m of markets) {
        const zip = m.symbol === 'AMZN' ? AMZN : GOOG;
        const last = lastOrderbookRow(zip);
        expect(m.source).toBe(zip);
        expect(m.bids[0]).toEqual([Math.round(last.bid * 10_000), last.bidSize]);
        expect(m.asks[0]).toEqual([Math.round(last.ask * 10_000), last.askSize]);
      }
    } finally {
      db.close();
    }
  }, 240_000);

  it('killed mid-run and resumed, ends with the fills and cash of an uninterrupted run', async () => {
    const config = basisConfig();
    const whole = freshAccount();
    expect(runCli(replayArgs(config), { env: whole }).code).toBe(0);
    const env = freshAccount();
    const total = booked(whole).length;
    const killed = await killAtFills(env, replayArgs(config), Math.floor(total / 2));
    expect(killed).toBe(true);
    expect(booked(env).length).toBeLessThan(total);
    // A new run is refused while this one is open; --resume finishes it from the recorded parts.
    const refused = runCli(replayArgs(config), { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/interrupted run/);
    const resumed = runCli(['replay', '--account', 'eve', '--resume', '--json'], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const out = JSON.parse(resumed.stdout) as { fills_already_booked: number; instruments: { id: string }[] };
    expect(out.instruments.map((i) => i.id)).toEqual(['AMZN.NASDAQ', 'GOOG.NASDAQ']);
    expect(out.fills_already_booked).toBeGreaterThan(0);
    expect(booked(env).map(line)).toEqual(booked(whole).map(line));
    const [a, b] = [show(env), show(whole)];
    expect([a.cash, a.equity, a.positions]).toEqual([b.cash, b.equity, b.positions]);
  }, 240_000);

  it('keeps two instruments of one symbol apart on an account: the second venue under symbol.venue, from run to run', () => {
    const env = freshAccount();
    const bin = (p: string) => join(dataDir(), 'binance', p);
    const [spot, perp] = [bin('spot/btcusdt_20240808.gz'), bin('usdm/btcusdt_20240808.gz')];
    const both = runCli(['replay', `${spot}+${perp}`, '--account', 'eve', '--strategy', 'fixtures/strategies/basis.ts'], { env });
    expect(both.code, both.stderr).toBe(0);
    // Ground truth: the same run as a backtest, whose fills name each instrument by symbol.venue.
    const dir = tmp('backtest-basis');
    expect(runCli(['backtest', '--data', `${spot}+${perp}`, '--strategy', 'fixtures/strategies/basis.ts', '--out', dir]).code).toBe(0);
    const expected = readFileSync(join(dir, 'fills.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { instrument: string; client_id: string; side: string; price: string; qty: string; fee: string; ts_delivered: string });
    const kept = (instrument: string) => (instrument === 'BTCUSDT.binance-spot' ? 'BTCUSDT' : instrument);
    expect(new Set(expected.map((f) => f.instrument))).toEqual(new Set(['BTCUSDT.binance-spot', 'BTCUSDT.binance-usdm']));
    expect(booked(env).map(line)).toEqual(expected.map((f) => `${f.ts_delivered} ${f.client_id} ${kept(f.instrument)} ${f.side} ${f.price} ${f.qty} ${f.fee}`));
    const net = (symbol: string) => booked(env).filter((f) => f.symbol === symbol).reduce((n, f) => n.plus(f.side === 'buy' ? f.qty : new Decimal(f.qty).negated()), new Decimal(0));
    const positions = () => show(env).positions.map((p) => [p.symbol, p.qty, p.mark_source]);
    expect(positions()).toEqual([
      ['BTCUSDT', net('BTCUSDT').toFixed(), spot],
      ['BTCUSDT.binance-usdm', net('BTCUSDT.binance-usdm').toFixed(), perp],
    ]);
    // The perpetual traded alone later books under the name the account gave it, not spot's.
    const before = booked(env).length;
    const alone = runCli(['replay', perp, '--account', 'eve', '--strategy', 'fixtures/strategies/momentum.ts'], { env });
    expect(alone.code, alone.stderr).toBe(0);
    const later = booked(env).slice(before);
    expect(later.length).toBeGreaterThan(0);
    expect(new Set(later.map((f) => f.symbol))).toEqual(new Set(['BTCUSDT.binance-usdm']));
    expect(positions().map((p) => p[0])).toEqual(['BTCUSDT', 'BTCUSDT.binance-usdm']);
    expect(positions()[1][1]).toBe(net('BTCUSDT.binance-usdm').toFixed());
  }, 240_000);

  it('refuses one instrument twice in a run, and warns when the parts never overlap', () => {
    const env = freshAccount();
    const twice = runCli(['replay', `${AMZN}+${AMZN}`, '--account', 'eve', '--strategy', 'fixtures/strategies/momentum.ts'], { env });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/both AMZN\.NASDAQ: a run holds each instrument once/);
    // Nothing was recorded by the refused runs.
    expect(JSON.parse(runCli(['account', 'show', 'eve', '--json'], { env }).stdout).kpis.runs).toBe(0);
    const apart = runCli(['replay', `fixtures/synth/syn-seed42-5min.csv.gz+${AMZN}`, '--account', 'eve', '--strategy', 'fixtures/strategies/momentum.ts'], { env });
    expect(apart.code, apart.stderr).toBe(0);
    expect(apart.stderr).toMatch(/warning: the data parts never overlap in time \(SYN\.SYNTH, AMZN\.NASDAQ trade alone\)/);
    // The terminal UI's replay says so too, once the data is over (here its line-by-line mode).
    const plain = runCli(['replay', `fixtures/synth/syn-seed42-5min.csv.gz+${AMZN}`, '--tui', '--plain', '--speed', 'max'], { env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/warning: the data parts never overlap in time \(SYN\.SYNTH, AMZN\.NASDAQ trade alone\)/);
  }, 240_000);
});
