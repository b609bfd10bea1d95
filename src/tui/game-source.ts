import { BADGES } from '../game/badges.js';
import { boardKey, cohortScope, GLOBAL, MIN_TRADES, type Period, type Ranked } from '../game/leaderboard.js';
import { levelInfo, type LevelInfo } from '../game/levels.js';
import { describeXp } from '../game/xp-explain.js';
import type { Mission } from '../game/state.js';
import { streaksOf } from '../game/player-streaks.js';
import { ingestGame, viewPlayer } from '../services/game-ingest.js';
import { findAccount } from '../store/accounts.js';
import { classesOf } from '../store/classes.js';
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
  /** The latest XP gains and what each was for, latest first. */
  recentXp: { amount: number; why: string }[];
}

/** A board the leaderboard pane can show: one of the account's classes, or everyone. */
export interface BoardChoice {
  /** "class fin101" or "global". */
  label: string;
  scope: string;
  period: Period;
  minTrades: number;
}

/** What the leaderboard pane shows: the top of one board and the account's own entry. */
export interface BoardView {
  /** Which of the source's boards this is, as the pane names it. */
  label: string;
  /** How many boards the pane can switch between. */
  choices: number;
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
  /** The boards to show, the account's classes first (a class sees its own board), then global. */
  readonly boards: readonly BoardChoice[];
  /** The top `n` of board `choice` (an index into `boards`). */
  leaderboard(now: number, n: number, choice?: number): Promise<BoardView>;
}

/** A game source over the account database, for the account the replay trades. */
export function dbGameSource(db: Db, accountName: string, period: Period = 'week'): GameSource {
  const account = findAccount(db, accountName);
  const board = new SqliteLeaderboard(db);
  const boards: BoardChoice[] = [
    ...classesOf(db, account.id).map((c) => ({ label: `class ${c.name}`, scope: cohortScope(c.name), period: 'all' as const, minTrades: c.rules.minTrades ?? MIN_TRADES.all })),
    { label: 'global', scope: GLOBAL, period, minTrades: MIN_TRADES[period] },
  ];
  return {
    account: account.name,
    boards,
    refresh: async () => void (await ingestGame(db)),
    missions(now) {
      const s = viewPlayer(db, account.id, account.name, now);
      const badges = Object.entries(s.badges)
        .map(([id, at]) => ({ name: BADGES.find((b) => b.id === id)?.name ?? id, at }))
        .sort((a, b) => b.at - a.at);
      const recentXp = [...s.recentXp].reverse().map((g) => ({ amount: g.amount, why: describeXp(g.reason) }));
      return { account: account.name, now, level: levelInfo(s.xp), streaks: streaksOf(s, now), active: s.missions.filter((m) => m.status === 'active'), badges, recentXp };
    },
    async leaderboard(now, n, choice = 0) {
      const b = boards[Math.min(Math.max(0, choice), boards.length - 1)];
      const key = boardKey(b.scope, b.period, now);
      const page = await board.page(key, n, account.name);
      return { label: b.label, choices: boards.length, board: key, period: b.period, minTrades: b.minTrades, total: page.total, top: page.top, me: page.me };
    },
  };
}

/** Why the game panes are empty when there is no account database (a scratch run, the demo). */
export const NO_GAME = 'no paper account in this run: missions, XP and ranks belong to an account (start with --account <name>)';

/** Why the copilot pane is empty when there is no account: it reads and stages for one. */
export const NO_COPILOT = 'no paper account in this run: the copilot reads an account and stages orders for it (start with --account <name>)';
