import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeInstrument, type Instrument } from '../engine/model/instrument.js';
import type { DeliveredFill } from '../engine/kernel/kernel.js';
import { openDatabase } from './database.js';
import { createAccount, positionsOf } from './accounts.js';
import { accountSymbols } from './account-symbols.js';
import { bookFill } from './paper-fills.js';
import { createRun } from './runs.js';

const crypto = (venue: string): Instrument => makeInstrument({ symbol: 'BTCUSDT', venue, assetClass: 'crypto', currency: 'USDT', tickSize: '0.1', lotSize: '0.001' });
const [spot, perp] = [crypto('binance-spot'), crypto('binance-usdm')];

function account() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'vtrade-names-')), 'v.db'));
  const a = createAccount(db, 'alice', '100000', 'USDT', '2026-01-01T00:00:00Z');
  const run = createRun(db, { accountId: a.id, symbol: 'BTCUSDT', data: [], strategy: { kind: 'file', path: 'x', sha256: 'x' }, config: {}, seed: 1, startCash: '100000', startPositionLots: 0, startCostBasis: '0', nowIso: '2026-01-01T00:00:00Z' });
  const buy = (inst: Instrument, seq: number) => {
    const f: DeliveredFill = { seq, orderId: seq, clientId: `o${seq}`, side: 'buy', price: 600_000, qty: 1, liquidity: 'taker', fee: '0', notional: '60', tsVenue: BigInt(seq), tsDelivered: BigInt(seq), impactTicks: 0, entryLatencyNs: 0n, responseLatencyNs: 0n };
    expect(bookFill(db, { accountId: a.id, runId: run.id, instrument: inst, fill: f })).toBe(true);
  };
  return { db, id: a.id, buy };
}

describe('the names an account keeps instruments under', () => {
  it('gives a new instrument its plain symbol, and symbol.venue when the symbol is kept for another venue', () => {
    const { db, id } = account();
    expect(accountSymbols(db, id, [spot, perp])).toEqual(['BTCUSDT', 'BTCUSDT.binance-usdm']);
    expect(accountSymbols(db, id, [perp, spot])).toEqual(['BTCUSDT', 'BTCUSDT.binance-spot']);
    expect(accountSymbols(db, id, [perp])).toEqual(['BTCUSDT']);
  });

  it('keeps the name an instrument was first booked under, in any later order or company', () => {
    const { db, id, buy } = account();
    buy(perp, 1); // the perpetual, met first, takes the plain symbol
    buy(spot, 2); // spot, booked without a name given, is looked up: the symbol is the perpetual's
    expect(positionsOf(db, id).map((p) => [p.symbol, p.qty])).toEqual([
      ['BTCUSDT', '0.001'],
      ['BTCUSDT.binance-spot', '0.001'],
    ]);
    expect(accountSymbols(db, id, [spot, perp])).toEqual(['BTCUSDT.binance-spot', 'BTCUSDT']);
    expect(accountSymbols(db, id, [spot])).toEqual(['BTCUSDT.binance-spot']);
    buy(perp, 3);
    expect(positionsOf(db, id).map((p) => [p.symbol, p.qty])).toEqual([
      ['BTCUSDT', '0.002'],
      ['BTCUSDT.binance-spot', '0.001'],
    ]);
  });
});
