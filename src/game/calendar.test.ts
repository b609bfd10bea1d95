import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../../test/support/data-dir.js';
import { ALWAYS_OPEN, nextTradingDay, nyseHolidays, XNYS } from './calendar.js';
import { addDays, weekdayOf } from './time.js';

describe('the NYSE calendar', () => {
  it('trades on exactly the days of five years of real daily bars (AAPL, 2013-02-08 to 2018-02-07)', () => {
    // Every NYSE session left a bar; every weekday without one was a holiday or a closure.
    const text = readFileSync(join(dataDir(), 'sp500/daily/AAPL_data.csv'), 'utf8');
    const days = new Set(
      text
        .split('\n')
        .slice(1)
        .filter((l) => l.trim() !== '')
        .map((l) => l.slice(0, 10)),
    );
    expect(days.size).toBeGreaterThan(1250);
    const sorted = [...days].sort();
    const mismatches: string[] = [];
    for (let d = sorted[0]; d <= sorted[sorted.length - 1]; d = addDays(d, 1)) {
      if (XNYS.isTradingDay(d) !== days.has(d)) mismatches.push(`${d} (weekday ${weekdayOf(d)})`);
    }
    expect(mismatches).toEqual([]);
  });

  it('the LOBSTER sample day, 2012-06-21, was a trading day; the Hurricane Sandy closure was not', () => {
    expect(XNYS.isTradingDay('2012-06-21')).toBe(true);
    expect(XNYS.isTradingDay('2012-10-29')).toBe(false);
    expect(XNYS.isTradingDay('2012-10-30')).toBe(false);
  });

  it("has the exchange's published full-day holidays for 2025 and 2026", () => {
    expect([...nyseHolidays(2025)].sort()).toEqual([
      '2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25',
    ]);
    // 2026: Independence Day falls on a Saturday and is observed on Friday 3 July.
    expect([...nyseHolidays(2026)].sort()).toEqual([
      '2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25',
    ]);
  });

  it('dates an instant in New York time, across both DST changes of 2026', () => {
    // 8 March 2026: clocks go from EST (UTC-5) to EDT (UTC-4).
    expect(XNYS.dayOf(Date.parse('2026-03-08T04:30:00Z'))).toBe('2026-03-07'); // 23:30 EST Saturday
    expect(XNYS.dayOf(Date.parse('2026-03-09T04:30:00Z'))).toBe('2026-03-09'); // 00:30 EDT Monday
    // 1 November 2026: back to EST.
    expect(XNYS.dayOf(Date.parse('2026-10-31T04:30:00Z'))).toBe('2026-10-31'); // 00:30 EDT
    expect(XNYS.dayOf(Date.parse('2026-11-02T04:30:00Z'))).toBe('2026-11-01'); // 23:30 EST Sunday
  });

  it('finds the next trading day over weekends and holidays', () => {
    expect(nextTradingDay(XNYS, '2026-03-06')).toBe('2026-03-09'); // Friday -> Monday
    expect(nextTradingDay(XNYS, '2026-04-02')).toBe('2026-04-06'); // Thursday -> (Good Friday, weekend) -> Monday
    expect(nextTradingDay(XNYS, '2026-12-24')).toBe('2026-12-28');
    expect(nextTradingDay(ALWAYS_OPEN, '2026-03-06')).toBe('2026-03-07');
  });
});
