import { Decimal } from 'decimal.js';
import { utcDay, utcMonth, weekStart } from './time.js';

/**
 * Leaderboards rank accounts by return % over a period (a UTC day, a week from Monday 00:00
 * UTC, a UTC month, or all time), within a scope (everyone, or one cohort: a class).
 *
 * Ranking rule, the same in every implementation:
 *   1. higher return % first, compared at 0.0001 percentage points (1/100 of a basis point);
 *   2. equal returns: more trades in the period first (trades above 1,048,575 count as that many);
 *   3. still equal: account name in byte order (A before B before a).
 * Returns beyond +-429,496.7295 % are clamped to that bound.
 *
 * The whole rule is one number per member: score = -(units + trades / 2^20), where units is the
 * return in 1/10,000 of a percent. Both parts are exact in a double (|units| < 2^32 and the
 * fraction has 20 bits, 52 bits in all), so SQLite REAL and Redis sorted-set scores compare it
 * exactly, and ascending score then ascending member is the ranking (Redis orders equal scores
 * by member bytes; SQLite's BINARY collation does the same).
 */
export type Period = 'day' | 'week' | 'month' | 'all';
export const PERIODS: readonly Period[] = ['day', 'week', 'month', 'all'];

/** Fewest trades (fills) in the period to be ranked at all. */
export const MIN_TRADES: Record<Period, number> = { day: 1, week: 3, month: 5, all: 10 };

const UNITS_PER_PERCENT = 10_000;
const MAX_UNITS = 2 ** 32 - 1;
const TRADE_BITS = 2 ** 20;

export function encodeScore(returnPct: number, trades: number): number {
  const units = Math.max(-MAX_UNITS, Math.min(MAX_UNITS, Math.round(returnPct * UNITS_PER_PERCENT)));
  const t = Math.min(Math.max(0, Math.floor(trades)), TRADE_BITS - 1);
  const score = -(units + t / TRADE_BITS);
  return score === 0 ? 0 : score; // no negative zero
}

export function decodeScore(score: number): { returnPct: number; trades: number } {
  const k = score === 0 ? 0 : -score; // -0 would decode a flat return as "-0"
  const units = Math.floor(k);
  return { returnPct: units / UNITS_PER_PERCENT, trades: Math.round((k - units) * TRADE_BITS) };
}

/** The period bucket an instant falls in: 'day:2026-03-09', 'week:2026-03-09' (its Monday), 'month:2026-03', 'all'. */
export function bucketOf(period: Period, ms: number): string {
  switch (period) {
    case 'day':
      return `day:${utcDay(ms)}`;
    case 'week':
      return `week:${utcDay(weekStart(ms))}`;
    case 'month':
      return `month:${utcMonth(ms)}`;
    case 'all':
      return 'all';
  }
}

export const GLOBAL = 'global';
export const cohortScope = (name: string) => `cohort:${name}`;

/** A board is one scope and one period bucket: 'global|week:2026-03-09'. */
export const boardKey = (scope: string, period: Period, ms: number) => `${scope}|${bucketOf(period, ms)}`;

export function periodOfBoard(board: string): Period {
  const bucket = board.slice(board.indexOf('|') + 1);
  return bucket === 'all' ? 'all' : (bucket.slice(0, bucket.indexOf(':')) as Period);
}

/** One account's standing in one board: where it started the period and where it is now. */
export interface Standing {
  /** Equity at the start of the period. */
  baseNav: string;
  /** Trading P&L (equity minus external flows) at the start of the period. */
  basePnl: string;
  /** Trading P&L now. */
  pnl: string;
  trades: number;
}

/**
 * Return % over the period: P&L made during the period over the equity at its start. Deposits
 * and rewards are flows, not performance, so they move neither side of the P&L.
 */
export function returnPct(s: Standing): number {
  const base = new Decimal(s.baseNav);
  if (base.lte(0)) return 0;
  return new Decimal(s.pnl).minus(s.basePnl).dividedBy(base).times(100).toNumber();
}

/**
 * The score to rank with, or null when the account is not ranked (too few trades, disqualified).
 * A class's own minimum replaces the all-time minimum on its board.
 */
export function scoreOfStanding(s: Standing, period: Period, disqualified = false, minTrades = MIN_TRADES[period]): number | null {
  if (disqualified || s.trades < minTrades) return null;
  return encodeScore(returnPct(s), s.trades);
}

/** A change to apply to a board: set a member's score, or remove it (score null). */
export interface BoardChange {
  board: string;
  account: string;
  score: number | null;
}

export interface Ranked {
  rank: number;
  account: string;
  score: number;
}

export interface BoardPage {
  total: number;
  top: Ranked[];
  /** The asked-for account's entry, when it is ranked. */
  me?: Ranked;
}

/**
 * A leaderboard store. Implementations hold each board as an ordered set and remember the
 * sequence number of the last change they applied, so catching up is idempotent.
 */
export interface Leaderboard {
  readonly kind: 'sqlite' | 'redis';
  /** Applies changes in order and records `cursor` as applied; applying twice changes nothing. */
  apply(changes: readonly BoardChange[], cursor: number): Promise<void>;
  cursor(): Promise<number>;
  /** `n` members from rank `offset + 1`. */
  top(board: string, n: number, offset?: number): Promise<Ranked[]>;
  rank(board: string, account: string): Promise<Ranked | undefined>;
  /** Top `n`, plus one account's entry, plus the board's size, in one round trip where possible. */
  page(board: string, n: number, account?: string): Promise<BoardPage>;
  /** The members within `radius` ranks of an account (empty when it is not ranked). */
  around(board: string, account: string, radius: number): Promise<Ranked[]>;
  size(board: string): Promise<number>;
  close(): Promise<void>;
}
