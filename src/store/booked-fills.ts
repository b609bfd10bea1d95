import type { Db } from './database.js';
import { stmt } from './statements.js';

/**
 * Booked fills as the game scores them: each with its account's name, its run's start and data,
 * its instrument (from the position it opened) and the cash balance right after it.
 */
export interface BookedFillRow {
  id: number;
  event_id: string;
  account_id: number;
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  price: string;
  qty: string;
  fee: string;
  run_created_at: string;
  booked_at: string | null;
  data_json: string;
  instrument_json: string | null;
  cash_after: string | null;
}

const FILL_ROWS = `SELECT f.id, f.event_id, f.account_id, a.name AS account, f.symbol, f.side, f.price, f.qty, f.fee, f.booked_at,
         r.created_at AS run_created_at, r.data_json, p.instrument_json,
         (SELECT l.balance FROM ledger l WHERE l.event_id IN (f.event_id || ':cash', f.event_id || ':fee') ORDER BY l.id DESC LIMIT 1) AS cash_after
  FROM fills f JOIN accounts a ON a.id = f.account_id JOIN runs r ON r.id = f.run_id
  LEFT JOIN positions p ON p.account_id = f.account_id AND p.symbol = f.symbol`;

/** Up to `limit` fills booked after fill row `afterId`, in booking order. */
export function bookedFillsAfter(db: Db, afterId: number, limit: number): BookedFillRow[] {
  return stmt(db, `${FILL_ROWS} WHERE f.id > ? ORDER BY f.id LIMIT ?`).all(afterId, limit) as BookedFillRow[];
}

/** The booked fill with this event id (run:<run>:fill:<seq>), if the books hold it yet. */
export function bookedFillByEvent(db: Db, eventId: string): BookedFillRow | undefined {
  return stmt(db, `${FILL_ROWS} WHERE f.event_id = ?`).get(eventId) as BookedFillRow | undefined;
}
