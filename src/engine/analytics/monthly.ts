import type { DayReturn, MonthReturn } from './series.js';

/**
 * Monthly returns by compounding the daily returns of each calendar month:
 *   R_month = product over the month's days of (1 + r_d) - 1
 * keyed 'YYYY-MM', the first seven characters of the day key (UTC dates by default, see
 * endOfDaySnapshots). A day's return runs from the previous snapshot to that day's, so a month's
 * return is E(last snapshot of the month) / E(last snapshot before the month) - 1; the first month
 * starts from the first snapshot. Months appear in the order of the input, which must be in time
 * order (a month seen again after another is an error).
 */
export function monthlyReturns(daily: readonly DayReturn[]): MonthReturn[] {
  const out: MonthReturn[] = [];
  let growth = 1;
  for (const d of daily) {
    const month = d.day.slice(0, 7);
    const last = out[out.length - 1];
    if (last === undefined || last.month !== month) {
      if (last !== undefined && month < last.month) throw new RangeError(`daily returns out of order: ${d.day} after month ${last.month}`);
      if (last !== undefined) last.ret = growth - 1;
      out.push({ month, ret: 0 });
      growth = 1;
    }
    growth *= 1 + d.ret;
  }
  if (out.length > 0) out[out.length - 1].ret = growth - 1;
  return out;
}
