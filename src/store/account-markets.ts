import { instrumentSpec, makeInstrument, type Instrument, type InstrumentSpec } from '../engine/model/instrument.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

/** Levels kept of each side of a closing book: enough for any staged order a person approves. */
export const KEPT_DEPTH = 50;

/**
 * The market an account trades in one instrument: the book as it stood at the end of the
 * account's latest run on it, from which data and at what time (the account's clock for that
 * instrument). Prices are ticks, sizes lots, best level first.
 */
export interface AccountMarket {
  accountId: number;
  symbol: string;
  instrument: Instrument;
  runId: number;
  /** The data the book came from: a recording's path or a live feed. */
  source: string;
  /** Data time of the book, ns since the epoch. */
  tsNs: bigint;
  bids: [number, number][];
  asks: [number, number][];
  lastTrade?: number;
}

interface Row {
  account_id: number;
  symbol: string;
  instrument_json: string;
  run_id: number;
  source: string;
  ts_ns: string;
  bids_json: string;
  asks_json: string;
  last_trade: number | null;
}

/** Keeps the closing book of a run as the account's market for its instrument (replacing the previous one). */
export function saveAccountMarket(db: Db, m: AccountMarket): void {
  stmt(
    db,
    `INSERT INTO account_markets (account_id, symbol, instrument_json, run_id, source, ts_ns, bids_json, asks_json, last_trade)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, symbol) DO UPDATE SET instrument_json = excluded.instrument_json, run_id = excluded.run_id, source = excluded.source,
       ts_ns = excluded.ts_ns, bids_json = excluded.bids_json, asks_json = excluded.asks_json, last_trade = excluded.last_trade`,
  ).run(
    m.accountId,
    m.symbol,
    JSON.stringify(instrumentSpec(m.instrument)),
    m.runId,
    m.source,
    m.tsNs.toString(),
    JSON.stringify(m.bids.slice(0, KEPT_DEPTH)),
    JSON.stringify(m.asks.slice(0, KEPT_DEPTH)),
    m.lastTrade ?? null,
  );
}

/** The account's market for a symbol, if it has ever traded one. */
export function accountMarket(db: Db, accountId: number, symbol: string): AccountMarket | undefined {
  const row = stmt(db, 'SELECT * FROM account_markets WHERE account_id = ? AND symbol = ?').get(accountId, symbol) as Row | undefined;
  return row ? fromRow(row) : undefined;
}

export function accountMarkets(db: Db, accountId: number): AccountMarket[] {
  return (stmt(db, 'SELECT * FROM account_markets WHERE account_id = ? ORDER BY symbol').all(accountId) as Row[]).map(fromRow);
}

function fromRow(r: Row): AccountMarket {
  return {
    accountId: r.account_id,
    symbol: r.symbol,
    instrument: makeInstrument(JSON.parse(r.instrument_json) as InstrumentSpec),
    runId: r.run_id,
    source: r.source,
    tsNs: BigInt(r.ts_ns),
    bids: JSON.parse(r.bids_json) as [number, number][],
    asks: JSON.parse(r.asks_json) as [number, number][],
    lastTrade: r.last_trade ?? undefined,
  };
}

/** A data time as people read it: ISO 8601 in UTC, to the millisecond. */
export function isoOfNs(ns: bigint | string): string {
  return new Date(Number(BigInt(ns) / 1_000_000n)).toISOString();
}
