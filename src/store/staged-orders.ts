import type { Db } from './database.js';

export type StagedStatus = 'staged' | 'executed' | 'unfilled' | 'cancelled';

/** A staged order as stored, joined with its account's name. */
export interface StagedOrder {
  id: number;
  account_id: number;
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  order_type: 'market' | 'limit';
  limit_price: string | null;
  tif: 'day' | 'ioc';
  origin: string;
  status: StagedStatus;
  created_at: string;
  updated_at: string;
  run_id: number | null;
  fill_price: string | null;
  result: string | null;
}

export interface NewStagedOrder {
  accountId: number;
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  orderType: 'market' | 'limit';
  limitPrice: string | null;
  tif: 'day' | 'ioc';
  origin: string;
  nowIso: string;
}

const SELECT = `SELECT s.id, s.account_id, a.name AS account, s.symbol, s.side, s.qty, s.order_type, s.limit_price, s.tif, s.origin,
  s.status, s.created_at, s.updated_at, s.run_id, s.fill_price, s.result
  FROM staged_orders s JOIN accounts a ON a.id = s.account_id`;

/** Stores a proposed order. It does nothing until approved: see copilot/airgap. */
export function insertStagedOrder(db: Db, o: NewStagedOrder): StagedOrder {
  const info = db
    .prepare(
      `INSERT INTO staged_orders (account_id, symbol, side, qty, order_type, limit_price, tif, origin, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'staged', ?, ?)`,
    )
    .run(o.accountId, o.symbol, o.side, o.qty, o.orderType, o.limitPrice, o.tif, o.origin, o.nowIso, o.nowIso);
  return getStagedOrder(db, Number(info.lastInsertRowid))!;
}

export function getStagedOrder(db: Db, id: number): StagedOrder | undefined {
  return db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as StagedOrder | undefined;
}

export function listStagedOrders(db: Db, filter: { accountId?: number; status?: StagedStatus } = {}): StagedOrder[] {
  const where: string[] = [];
  const args: (number | string)[] = [];
  if (filter.accountId !== undefined) {
    where.push('s.account_id = ?');
    args.push(filter.accountId);
  }
  if (filter.status !== undefined) {
    where.push('s.status = ?');
    args.push(filter.status);
  }
  return db.prepare(`${SELECT}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY s.id`).all(...args) as StagedOrder[];
}

/** Cancels a still-staged order; returns false when it was not staged (already done or gone). */
export function cancelStagedOrder(db: Db, id: number, nowIso: string): boolean {
  return db.prepare("UPDATE staged_orders SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'staged'").run(nowIso, id).changes === 1;
}

/** Whether an approval's nonce has been spent (each approval executes at most once). */
export function nonceUsed(db: Db, nonce: string): boolean {
  return db.prepare('SELECT 1 FROM approval_nonces WHERE nonce = ?').get(nonce) !== undefined;
}

/** Spends an approval's nonce on an order; the primary key refuses a second spend. */
export function spendNonce(db: Db, nonce: string, orderId: number, nowIso: string): void {
  db.prepare('INSERT INTO approval_nonces (nonce, order_id, used_at) VALUES (?, ?, ?)').run(nonce, orderId, nowIso);
}

/** What an approved order came to: its status, the run that booked it, the price and a sentence. */
export function settleStagedOrder(db: Db, id: number, s: { status: StagedStatus; nowIso: string; runId: number | null; price: string | null; result: string }): void {
  db.prepare('UPDATE staged_orders SET status = ?, updated_at = ?, run_id = ?, fill_price = ?, result = ? WHERE id = ?').run(s.status, s.nowIso, s.runId, s.price, s.result, id);
}

export function countUsedNonces(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM approval_nonces').get() as { n: number }).n;
}
