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
