import type { GameEvent } from '../game/events.js';
import { initialState, type PlayerState } from '../game/state.js';
import type { BoardChange, Standing } from '../game/leaderboard.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

/** Persistence of the game: the event journal, player states, standings and small counters. */

export function getMeta(db: Db, key: string): string | undefined {
  return (stmt(db, 'SELECT value FROM game_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO game_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** Records an event in the journal. False when its id is already there: the event was applied before. */
export function journalEvent(db: Db, accountId: number, e: GameEvent): boolean {
  const r = stmt(db, 'INSERT OR IGNORE INTO game_events (event_id, account_id, kind, at_ms, payload) VALUES (?, ?, ?, ?, ?)').run(e.id, accountId, e.kind, e.at, JSON.stringify(e));
  return r.changes === 1;
}

export function hasEvent(db: Db, eventId: string): boolean {
  return stmt(db, 'SELECT 1 FROM game_events WHERE event_id = ?').get(eventId) !== undefined;
}

/** The journal in the order it was applied, optionally for one account. */
export function journal(db: Db, accountId?: number): GameEvent[] {
  const rows = (
    accountId === undefined
      ? stmt(db, 'SELECT payload FROM game_events ORDER BY seq').all()
      : stmt(db, 'SELECT payload FROM game_events WHERE account_id = ? ORDER BY seq').all(accountId)
  ) as { payload: string }[];
  return rows.map((r) => JSON.parse(r.payload) as GameEvent);
}

export function loadPlayer(db: Db, accountId: number, name: string): PlayerState {
  const row = stmt(db, 'SELECT state FROM game_players WHERE account_id = ?').get(accountId) as { state: string } | undefined;
  return row ? (JSON.parse(row.state) as PlayerState) : initialState(name);
}

export function savePlayer(db: Db, accountId: number, s: PlayerState): void {
  stmt(db, 
    'INSERT INTO game_players (account_id, state, updated_at_ms) VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET state = excluded.state, updated_at_ms = excluded.updated_at_ms',
  ).run(accountId, JSON.stringify(s), s.clock);
}

export function getStanding(db: Db, board: string, accountId: number): Standing | undefined {
  const r = stmt(db, 'SELECT base_nav, base_pnl, pnl, trades FROM game_standings WHERE board = ? AND account_id = ?').get(board, accountId) as
    | { base_nav: string; base_pnl: string; pnl: string; trades: number }
    | undefined;
  return r && { baseNav: r.base_nav, basePnl: r.base_pnl, pnl: r.pnl, trades: r.trades };
}

/** Stores a standing; when its score changed, stamps it with the next change number. */
export function putStanding(db: Db, board: string, accountId: number, s: Standing, score: number | null): void {
  const prev = stmt(db, 'SELECT score FROM game_standings WHERE board = ? AND account_id = ?').get(board, accountId) as { score: number | null } | undefined;
  const changed = !prev || prev.score !== score;
  const seq = changed ? nextSeq(db) : undefined;
  stmt(db, 
    `INSERT INTO game_standings (board, account_id, base_nav, base_pnl, pnl, trades, score, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (board, account_id) DO UPDATE SET base_nav = excluded.base_nav, base_pnl = excluded.base_pnl, pnl = excluded.pnl,
       trades = excluded.trades, score = excluded.score, seq = CASE WHEN ? THEN excluded.seq ELSE game_standings.seq END`,
  ).run(board, accountId, s.baseNav, s.basePnl, s.pnl, s.trades, score, seq ?? 0, changed ? 1 : 0);
}

function nextSeq(db: Db): number {
  const n = Number(getMeta(db, 'standings_seq') ?? '0') + 1;
  setMeta(db, 'standings_seq', String(n));
  return n;
}

/** Standings changed after `cursor`, oldest first, as board changes; `last` is the newest change number read. */
export function changesSince(db: Db, cursor: number, limit = 50_000): { changes: BoardChange[]; last: number } {
  const rows = db
    .prepare(
      `SELECT s.board, a.name AS account, s.score, s.seq FROM game_standings s JOIN accounts a ON a.id = s.account_id
       WHERE s.seq > ? ORDER BY s.seq LIMIT ?`,
    )
    .all(cursor, limit) as { board: string; account: string; score: number | null; seq: number }[];
  return { changes: rows.map((r) => ({ board: r.board, account: r.account, score: r.score })), last: rows.length ? rows[rows.length - 1].seq : cursor };
}

export function standingsOf(db: Db, board: string): (Standing & { account: string; score: number | null })[] {
  return (
    stmt(db, 'SELECT a.name AS account, s.base_nav, s.base_pnl, s.pnl, s.trades, s.score FROM game_standings s JOIN accounts a ON a.id = s.account_id WHERE s.board = ?')
      .all(board) as { account: string; base_nav: string; base_pnl: string; pnl: string; trades: number; score: number | null }[]
  ).map((r) => ({ account: r.account, baseNav: r.base_nav, basePnl: r.base_pnl, pnl: r.pnl, trades: r.trades, score: r.score }));
}
