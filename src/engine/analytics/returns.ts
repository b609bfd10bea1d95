import { toFloats, type Numeric } from './numeric.js';
import type { DayEquity, DayReturn } from './series.js';

/*
 * Returns between consecutive equity values E_0 .. E_n (n + 1 values give n returns):
 *   simple  r_i = E_i / E_(i-1) - 1
 *   log     l_i = ln(E_i / E_(i-1))
 * A return off a base E_(i-1) <= 0 has no meaning (an account that was wiped out, or that owes);
 * it is NaN, which then makes every statistic built on it NaN instead of quietly wrong.
 */

/** Simple returns of an equity series; empty for fewer than two values. */
export function simpleReturns(equity: readonly Numeric[]): number[] {
  const e = toFloats(equity, 'equity');
  const out: number[] = [];
  for (let i = 1; i < e.length; i++) out.push(e[i - 1] > 0 ? e[i] / e[i - 1] - 1 : NaN);
  return out;
}

/** Log returns of an equity series; NaN where either value is not positive. */
export function logReturns(equity: readonly Numeric[]): number[] {
  const e = toFloats(equity, 'equity');
  const out: number[] = [];
  for (let i = 1; i < e.length; i++) out.push(e[i - 1] > 0 && e[i] > 0 ? Math.log(e[i] / e[i - 1]) : NaN);
  return out;
}

/**
 * Daily returns from end-of-day snapshots (see endOfDaySnapshots): the return of each snapshot
 * after the first over the one before it, keyed by the later day. Days without a snapshot
 * (weekends, gaps) have no return of their own; the next return spans them.
 */
export function dailyReturns(snapshots: readonly DayEquity[]): DayReturn[] {
  const rets = simpleReturns(snapshots.map((s) => s.equity));
  return rets.map((ret, i) => ({ day: snapshots[i + 1].day, ret }));
}
