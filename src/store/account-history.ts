import type { Db } from './database.js';

/**
 * An account's history as the ledger and fills listings show it, oldest first. Each row carries
 * the asset class of its instrument (`asset_class`, null for a cash movement of no trade), so the
 * time can be shown in the instrument's zone.
 */
export type HistoryRow = Record<string, string | number>;

/** Every cash movement of the account, typed, with the running balance. */
export function ledgerRows(db: Db, accountId: number): HistoryRow[] {
  return db
    .prepare(
      `SELECT l.id, l.ts_ns, l.kind, l.amount, l.balance, l.memo, json_extract(p.instrument_json, '$.assetClass') AS asset_class
         FROM ledger l
         LEFT JOIN fills f ON l.event_id IN (f.event_id || ':cash', f.event_id || ':fee')
         LEFT JOIN positions p ON p.account_id = f.account_id AND p.symbol = f.symbol
        WHERE l.account_id = ? ORDER BY l.id`,
    )
    .all(accountId) as HistoryRow[];
}

/** Every fill booked on the account. */
export function fillRows(db: Db, accountId: number): HistoryRow[] {
  return db
    .prepare(
      `SELECT f.id, f.run_id, f.ts_ns, f.symbol, f.side, f.price, f.qty, f.notional, f.fee, f.liquidity, f.client_id, json_extract(p.instrument_json, '$.assetClass') AS asset_class
         FROM fills f LEFT JOIN positions p ON p.account_id = f.account_id AND p.symbol = f.symbol
        WHERE f.account_id = ? ORDER BY f.id`,
    )
    .all(accountId) as HistoryRow[];
}

/** A ledger entry as the account report walks it: the event it books, oldest first. */
export interface LedgerEntry {
  event_id: string;
  kind: string;
  amount: string;
  balance: string;
  ts_ns: string;
}

export function ledgerEntries(db: Db, accountId: number): LedgerEntry[] {
  return db.prepare('SELECT event_id, kind, amount, balance, ts_ns FROM ledger WHERE account_id = ? ORDER BY id').all(accountId) as LedgerEntry[];
}

/** A fill as the account report walks it, oldest first. */
export interface FillEntry {
  event_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  price: string;
  qty: string;
  fee: string;
  ts_ns: string;
}

export function fillEntries(db: Db, accountId: number): FillEntry[] {
  return db.prepare('SELECT event_id, symbol, side, price, qty, fee, ts_ns FROM fills WHERE account_id = ? ORDER BY id').all(accountId) as FillEntry[];
}

/** The equity the account recorded itself (ts_ns as text), in no order; none when the database predates the table. */
export function equitySnapshotRows(db: Db, accountId: number): { ts_ns: string; equity: string }[] {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'equity_snapshots'").get() === undefined) return [];
  return db.prepare('SELECT ts_ns, equity FROM equity_snapshots WHERE account_id = ?').all(accountId) as { ts_ns: string; equity: string }[];
}

/** How many fills and runs the account has. */
export function activityCounts(db: Db, accountId: number): { fills: number; runs: number } {
  return db
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM fills WHERE account_id = @id) AS fills,
         (SELECT COUNT(*) FROM runs WHERE account_id = @id) AS runs`,
    )
    .get({ id: accountId }) as { fills: number; runs: number };
}

/** The ledger entries that are not trades: commissions, deposits, withdrawals and rewards. */
export function nonTradeFlows(db: Db, accountId: number): { kind: string; amount: string }[] {
  return db.prepare("SELECT kind, amount FROM ledger WHERE account_id = ? AND kind IN ('commission', 'deposit', 'withdrawal', 'reward')").all(accountId) as { kind: string; amount: string }[];
}

/** The account's latest fills, newest first. */
export function latestFills(db: Db, accountId: number, limit: number): HistoryRow[] {
  return db.prepare('SELECT id, run_id, ts_ns, symbol, side, price, qty, notional, fee, liquidity FROM fills WHERE account_id = ? ORDER BY id DESC LIMIT ?').all(accountId, limit) as HistoryRow[];
}

/** The account's latest cash movements with the running balance, newest first. */
export function latestLedger(db: Db, accountId: number, limit: number): HistoryRow[] {
  return db.prepare('SELECT id, kind, amount, balance, ts_ns FROM ledger WHERE account_id = ? ORDER BY id DESC LIMIT ?').all(accountId, limit) as HistoryRow[];
}
