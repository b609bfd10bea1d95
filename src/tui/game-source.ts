import { BADGES } from '../game/badges.js';
import { boardKey, GLOBAL, MIN_TRADES, type Period, type Ranked } from '../game/leaderboard.js';
import { levelInfo, type LevelInfo } from '../game/levels.js';
import type { Mission } from '../game/state.js';
import { streaksOf } from '../commands/game-view.js';
import { ingestGame, viewPlayer } from '../services/game-ingest.js';
import { findAccount } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { SqliteLeaderboard } from '../store/leaderboard-sqlite.js';

/** What the missions pane shows: one account's game state at an instant. */
export interface MissionsView {
  account: string;
  now: number;
  level: LevelInfo;
  streaks: { calendar: string; days: number; best: number }[];
  active: Mission[];
  /** Latest first. */
  badges: { name: string; at: number }[];
}

/** What the leaderboard pane shows: the top of one board and the account's own entry. */
export interface BoardView {
  board: string;
  period: Period;
  minTrades: number;
  total: number;
  top: Ranked[];
  me?: Ranked;
}

/**
 * The game as the UI reads it. `refresh` brings the game up to date with fills booked since the
 * last call (the same idempotent ingest the game commands run); the panes call it about once a
 * second, never per market event.
 */
export interface GameSource {
  readonly account: string;
  refresh(): Promise<void>;
  missions(now: number): MissionsView;
  leaderboard(now: number, n: number): Promise<BoardView>;
}

/** A game source over the account database, for the account the replay trades. */
export function dbGameSource(db: Db, accountName: string, period: Period = 'week'): GameSource {
  const account = findAccount(db, accountName);
  const board = new SqliteLeaderboard(db);
  return {
    account: account.name,
    refresh: async () => void (await ingestGame(db)),
    missions(now) {
      const s = viewPlayer(db, account.id, account.name, now);
      const badges = Object.entries(s.badges)
        .map(([id, at]) => ({ name: BADGES.find((b) => b.id === id)?.name ?? id, at }))
        .sort((a, b) => b.at - a.at);
      return { account: account.name, now, level: levelInfo(s.xp), streaks: streaksOf(s, now), active: s.missions.filter((m) => m.status === 'active'), badges };
    },
    async leaderboard(now, n) {
      const key = boardKey(GLOBAL, period, now);
      const page = await board.page(key, n, account.name);
      return { board: key, period, minTrades: MIN_TRADES[period], total: page.total, top: page.top, me: page.me };
    },
  };
}

/** Why the game panes are empty when there is no account database (a scratch run, the demo). */
export const NO_GAME = 'no paper account in this run: missions, XP and ranks belong to an account (start with --account <name>)';
