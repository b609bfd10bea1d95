import type { Db } from './database.js';

export interface RunRow {
  id: number;
  account_id: number;
  symbol: string;
  data_json: string;
  strategy_json: string;
  config_json: string;
  seed: number;
  start_cash: string;
  start_position_lots: number;
  start_cost_basis: string;
  status: 'running' | 'done' | 'failed';
  fills: number;
  created_at: string;
  finished_at: string | null;
}

export interface NewRun {
  accountId: number;
  symbol: string;
  data: { path: string; sha256: string }[];
  strategy: { kind: 'file' | 'orders'; path: string; sha256: string };
  config: unknown;
  seed: number;
  startCash: string;
  startPositionLots: number;
  startCostBasis: string;
  nowIso: string;
}

export function createRun(db: Db, r: NewRun): RunRow {
  const info = db
    .prepare(
      `INSERT INTO runs (account_id, symbol, data_json, strategy_json, config_json, seed, start_cash, start_position_lots, start_cost_basis, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
    )
    .run(r.accountId, r.symbol, JSON.stringify(r.data), JSON.stringify(r.strategy), JSON.stringify(r.config), r.seed, r.startCash, r.startPositionLots, r.startCostBasis, r.nowIso);
  return getRun(db, Number(info.lastInsertRowid))!;
}

export function getRun(db: Db, id: number): RunRow | undefined {
  return db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
}

/** The account's interrupted run, if any: at most one runs at a time per account. */
export function interruptedRun(db: Db, accountId: number): RunRow | undefined {
  return db.prepare("SELECT * FROM runs WHERE account_id = ? AND status = 'running' ORDER BY id DESC LIMIT 1").get(accountId) as RunRow | undefined;
}

export function finishRun(db: Db, id: number, status: 'done' | 'failed', nowIso: string): void {
  db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, nowIso, id);
}
