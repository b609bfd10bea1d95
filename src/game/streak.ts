import { nextTradingDay, type TradingCalendar } from './calendar.js';

/** Consecutive trading days with activity. `last` is the last such day (calendar date). */
export interface Streak {
  last: string | null;
  current: number;
  best: number;
}

export const emptyStreak = (): Streak => ({ last: null, current: 0, best: 0 });

/**
 * Activity on `day`. A trading day right after the last one extends the streak; the same day
 * changes nothing; a gap of one or more trading days starts over at 1. Activity on a day the
 * market is closed (a weekend for equities) keeps the streak alive but does not extend it.
 */
export function extendStreak(s: Streak, cal: TradingCalendar, day: string): Streak {
  if (!cal.isTradingDay(day)) return s;
  if (s.last === day) return s;
  if (s.last !== null && day < s.last) return s; // late event: the streak already moved on
  const current = s.last !== null && nextTradingDay(cal, s.last) === day ? s.current + 1 : 1;
  return { last: day, current, best: Math.max(s.best, current) };
}

/**
 * The streak as it stands on `today`: alive while no whole trading day has passed without
 * activity, that is while today is at most the first trading day after the last active one.
 */
export function liveStreak(s: Streak, cal: TradingCalendar, today: string): number {
  if (s.last === null) return 0;
  return today <= nextTradingDay(cal, s.last) ? s.current : 0;
}

/** XP multiplier of a streak: +10% per consecutive day after the first, at most x2 (day 11). */
export function streakMultiplier(days: number): number {
  return 1 + Math.min(Math.max(days - 1, 0), 10) / 10;
}
