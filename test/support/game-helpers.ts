import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import type { DeliveredFill } from '../../src/engine/kernel/kernel.js';
import { makeInstrument, type InstrumentSpec } from '../../src/engine/model/instrument.js';
import { createAccount, type AccountRow } from '../../src/store/accounts.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { bookFill } from '../../src/store/paper-fills.js';
import { createRun, finishRun } from '../../src/store/runs.js';

export const SCENARIO = [{ path: 'scenario.csv.gz', sha256: 'a'.repeat(64) }];
export const OTHER_DATA = [{ path: 'other.csv.gz', sha256: 'b'.repeat(64) }];

export function freshGameDb(): Db {
  return openDatabase(join(mkdtempSync(join(tmpdir(), 'vtrade-game-')), 'v.db'));
}

export function account(db: Db, name: string, cash = '100000'): AccountRow {
  return createAccount(db, name, cash, 'USD', '2026-01-01T00:00:00Z');
}

export interface TradeStep {
  side: 'buy' | 'sell';
  /** Price in dollars (tick 0.01). */
  price: number;
  qty: number;
  fee?: string;
}

const equity = (symbol: string, sector?: string): InstrumentSpec => ({ symbol, venue: 'TEST', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1', ...(sector ? { sector } : {}) });

/** One paper run started at `atIso` that books the given fills, as a replay would. */
export function tradeRun(db: Db, a: AccountRow, atIso: string, steps: TradeStep[], opts: { symbol?: string; sector?: string; data?: { path: string; sha256: string }[] } = {}): number {
  const inst = makeInstrument(equity(opts.symbol ?? 'XYZ', opts.sector));
  const run = createRun(db, {
    accountId: a.id,
    symbol: inst.symbol,
    data: opts.data ?? SCENARIO,
    strategy: { kind: 'orders', path: 'orders.csv', sha256: 'c'.repeat(64) },
    config: {},
    seed: 1,
    startCash: '0',
    startPositionLots: 0,
    startCostBasis: '0',
    nowIso: atIso,
  });
  steps.forEach((s, i) => {
    const ticks = Math.round(s.price * 100);
    const f: DeliveredFill = {
      seq: i + 1,
      orderId: i + 1,
      clientId: `o${i + 1}`,
      side: s.side,
      price: ticks,
      qty: s.qty,
      liquidity: 'taker',
      fee: s.fee ?? '0',
      notional: new Decimal(ticks).times('0.01').times(s.qty).toFixed(),
      tsVenue: BigInt(i + 1),
      tsDelivered: BigInt(i + 1),
      impactTicks: 0,
      entryLatencyNs: 0n,
      responseLatencyNs: 0n,
    };
    bookFill(db, { accountId: a.id, runId: run.id, instrument: inst, fill: f });
  });
  finishRun(db, run.id, 'done', atIso);
  return run.id;
}

/** Every table the game writes, plus the ledger, as plain rows: for "nothing changed" checks. */
export function gameDump(db: Db): Record<string, unknown[]> {
  const tables = ['game_events', 'game_players', 'game_standings', 'game_meta', 'leaderboard_entries', 'leaderboard_cursor', 'class_violations', 'ledger'];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
}
