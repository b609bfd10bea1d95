import { Decimal } from 'decimal.js';
import Database from 'better-sqlite3';
import type { GameEvent } from '../../src/game/events.js';
import { replay } from '../../src/game/machine.js';
import { initialState, type PlayerState } from '../../src/game/state.js';

/**
 * What the fault tests check in the account database: every fill once, and a ledger where each
 * entry's balance is the previous balance plus its amount, ending at the cash the fills imply.
 */
export interface LedgerCheck {
  fills: { event_id: string; side: string; price: string; qty: string; fee: string; ts_ns: string; client_id: string }[];
  balanced: boolean;
  /** Money paid in (deposits, game rewards) plus every fill's cash effect, computed from the fills alone. */
  expectedCash: string;
  cash: string;
}

/**
 * What the missions worker did for an account: every booked fill applied to the game exactly
 * once, and the journal, replayed from scratch, arriving at the stored player state (so no event
 * was applied twice or out of the journal). Rewards: one ledger row per completed mission that
 * pays cash.
 */
export interface GameCheck {
  fills: string[];
  gameFills: string[];
  storedState: PlayerState;
  rebuiltState: PlayerState;
  rewardRows: string[];
  paidMissions: string[];
}

export function checkGame(dbPath: string, account: string): GameCheck {
  const db = new Database(dbPath, { readonly: true });
  try {
    const acc = db.prepare('SELECT id FROM accounts WHERE name = ?').get(account) as { id: number };
    const col = (sql: string) => (db.prepare(sql).all(acc.id) as { v: string }[]).map((r) => r.v);
    const stored = db.prepare('SELECT state FROM game_players WHERE account_id = ?').get(acc.id) as { state: string } | undefined;
    const storedState = stored ? (JSON.parse(stored.state) as PlayerState) : initialState(account);
    const journal = col('SELECT payload AS v FROM game_events WHERE account_id = ? ORDER BY seq').map((p) => JSON.parse(p) as GameEvent);
    return {
      fills: col('SELECT event_id AS v FROM fills WHERE account_id = ? ORDER BY id'),
      gameFills: journal.filter((e) => e.kind === 'fill').map((e) => e.id),
      storedState,
      rebuiltState: replay(initialState(account), journal).state,
      rewardRows: col("SELECT event_id AS v FROM ledger WHERE account_id = ? AND kind = 'reward' ORDER BY id"),
      paidMissions: storedState.missions.filter((m) => m.status === 'completed' && new Decimal(m.reward.cash).gt(0)).map((m) => `reward:${acc.id}:mission:${m.id}`),
    };
  } finally {
    db.close();
  }
}

/** A count from the account database, 0 while the database or its table is not there yet. */
function countOf(dbPath: string, sql: string): number {
  let db: InstanceType<typeof Database> | undefined;
  try {
    db = new Database(dbPath, { readonly: true });
    return (db.prepare(sql).get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db?.close();
  }
}

/** Fills booked so far. */
export const fillCount = (dbPath: string): number => countOf(dbPath, 'SELECT COUNT(*) AS n FROM fills');

/** Fills the game has applied so far. */
export const gameFillCount = (dbPath: string): number => countOf(dbPath, "SELECT COUNT(*) AS n FROM game_events WHERE kind = 'fill'");

export function checkLedger(dbPath: string, account: string): LedgerCheck {
  const db = new Database(dbPath, { readonly: true });
  try {
    const acc = db.prepare('SELECT id FROM accounts WHERE name = ?').get(account) as { id: number };
    const fills = db.prepare('SELECT event_id, side, price, qty, fee, ts_ns, client_id, notional FROM fills WHERE account_id = ? ORDER BY id').all(acc.id) as (LedgerCheck['fills'][number] & { notional: string })[];
    const rows = db.prepare('SELECT amount, balance, kind FROM ledger WHERE account_id = ? ORDER BY id').all(acc.id) as { amount: string; balance: string; kind: string }[];
    let running = new Decimal(0);
    let balanced = true;
    for (const r of rows) {
      running = running.plus(r.amount);
      if (!running.equals(r.balance)) balanced = false;
    }
    let expected = rows.filter((r) => ['deposit', 'withdrawal', 'reward'].includes(r.kind)).reduce((a, r) => a.plus(r.amount), new Decimal(0));
    for (const f of fills) expected = (f.side === 'buy' ? expected.minus(f.notional) : expected.plus(f.notional)).minus(f.fee);
    return { fills, balanced, expectedCash: expected.toFixed(), cash: rows.length ? new Decimal(rows[rows.length - 1].balance).toFixed() : '0' };
  } finally {
    db.close();
  }
}
