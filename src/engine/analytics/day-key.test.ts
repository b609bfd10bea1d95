import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, newYorkCloseDayKey, utcDayKey } from './day-key.js';

const MS = 1_000_000n;
const utc = (iso: string): bigint => BigInt(Date.parse(iso)) * MS;

describe('utcDayKey', () => {
  it('is the UTC date, a day being [00:00, 24:00)', () => {
    expect(utcDayKey(0n)).toBe('1970-01-01');
    expect(utcDayKey(utc('2024-02-29T23:59:59.999Z') + 999_999n)).toBe('2024-02-29');
    expect(utcDayKey(utc('2024-03-01T00:00:00Z'))).toBe('2024-03-01');
    expect(utcDayKey(-1n)).toBe('1969-12-31');
  });

  it('agrees with Date.toISOString over 1900..2100', () => {
    const lo = Date.UTC(1900, 0, 1);
    const hi = Date.UTC(2100, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: 999_999 }), (ms, sub) => {
        expect(utcDayKey(BigInt(ms) * MS + BigInt(sub))).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });

  it('day numbers round-trip', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017); // 30 years x 365 + 7 leap days (72..96) + Jan 31 + Feb 29
    fc.assert(fc.property(fc.integer({ min: -800_000, max: 800_000 }), (d) => {
      const { y, m, d: dd } = civilFromDays(d);
      expect(daysFromCivil(y, m, dd)).toBe(d);
    }));
  });
});

describe('newYorkCloseDayKey', () => {
  it('a day runs to 16:00 New York time inclusive, EST and EDT', () => {
    // Friday 2024-03-08, EST (UTC-5): the close is 21:00 UTC.
    expect(newYorkCloseDayKey(utc('2024-03-08T20:59:59Z'))).toBe('2024-03-08');
    expect(newYorkCloseDayKey(utc('2024-03-08T21:00:00Z'))).toBe('2024-03-08');
    expect(newYorkCloseDayKey(utc('2024-03-08T21:00:00Z') + 1n)).toBe('2024-03-09');
    // DST began Sunday 2024-03-10 (second Sunday of March); Monday's close is 20:00 UTC.
    expect(newYorkCloseDayKey(utc('2024-03-11T20:00:00Z'))).toBe('2024-03-11');
    expect(newYorkCloseDayKey(utc('2024-03-11T20:00:00Z') + 1n)).toBe('2024-03-12');
    // Before the open counts toward the same day: 09:00 EDT = 13:00 UTC.
    expect(newYorkCloseDayKey(utc('2024-03-11T13:00:00Z'))).toBe('2024-03-11');
    // DST ended Sunday 2024-11-03 (first Sunday of November); Monday's close is 21:00 UTC again.
    expect(newYorkCloseDayKey(utc('2024-11-04T20:30:00Z'))).toBe('2024-11-04');
    expect(newYorkCloseDayKey(utc('2024-11-04T21:00:00Z') + 1n)).toBe('2024-11-05');
    // 1987-2006 rule: DST 2005 ran from 2005-04-03 to 2005-10-30; 2005-03-15 was EST.
    expect(newYorkCloseDayKey(utc('2005-03-15T20:30:00Z'))).toBe('2005-03-15');
    expect(newYorkCloseDayKey(utc('2005-04-04T20:30:00Z'))).toBe('2005-04-05');
    expect(() => newYorkCloseDayKey(utc('1980-01-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('agrees with the time-zone database (Intl, America/New_York) over 1988..2037', () => {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York', hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    const nextDate = (ymd: string): string => new Date(Date.parse(`${ymd}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // Whole seconds, biased to land near 16:00 and on DST change days often enough.
    const lo = Date.UTC(1988, 0, 1) / 1000;
    const hi = Date.UTC(2037, 0, 1) / 1000;
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), fc.constantFrom(0, 0, 1), (sec, frac) => {
        const parts = Object.fromEntries(fmt.formatToParts(new Date(sec * 1000)).map((p) => [p.type, p.value]));
        const date = `${parts.year}-${parts.month}-${parts.day}`;
        const clock = `${parts.hour}:${parts.minute}:${parts.second}`;
        const onOrBeforeClose = clock < '16:00:00' || (clock === '16:00:00' && frac === 0);
        expect(newYorkCloseDayKey(BigInt(sec) * 1_000_000_000n + BigInt(frac))).toBe(onOrBeforeClose ? date : nextDate(date));
      }),
      { numRuns: 3000, examples: [[Date.UTC(2024, 2, 10, 7) / 1000, 0], [Date.UTC(2024, 2, 10, 6, 59, 59) / 1000, 0], [Date.UTC(2024, 10, 3, 6) / 1000, 0], [Date.UTC(2024, 10, 3, 5, 59, 59) / 1000, 0], [Date.UTC(2024, 6, 1, 20) / 1000, 0], [Date.UTC(2024, 6, 1, 20) / 1000, 1]] },
    );
  });
});
