import { describe, expect, it } from 'vitest';
import { ValueError } from '../model/errors.js';
import { newYorkCloseDayKey } from './day-key.js';
import { endOfDaySnapshots } from './end-of-day.js';
import { dailyReturns, logReturns, simpleReturns } from './returns.js';

const MS = 1_000_000n;
const utc = (iso: string): bigint => BigInt(Date.parse(iso)) * MS;

describe('simple and log returns', () => {
  it('by hand: 100 -> 110 -> 99 -> 99 -> 118.8', () => {
    // 110/100 - 1 = 0.1; 99/110 - 1 = -0.1; 99/99 - 1 = 0; 118.8/99 - 1 = 0.2
    const r = simpleReturns(['100', 110, '99', 99, '118.8']);
    expect(r).toHaveLength(4);
    [0.1, -0.1, 0, 0.2].forEach((x, i) => expect(r[i]).toBeCloseTo(x, 15));
    // ln 1.1, ln 0.9, 0, ln 1.2: they add up to ln(118.8 / 100)
    const l = logReturns([100, 110, 99, 99, 118.8]);
    [Math.log(1.1), Math.log(0.9), 0, Math.log(1.2)].forEach((x, i) => expect(l[i]).toBeCloseTo(x, 15));
    expect(l.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.log(1.188), 14);
  });

  it('fewer than two values give none; a non-positive base gives NaN', () => {
    expect(simpleReturns([])).toEqual([]);
    expect(simpleReturns([100])).toEqual([]);
    const r = simpleReturns([100, 0, 50]);
    expect(r[0]).toBe(-1);
    expect(r[1]).toBeNaN();
    expect(logReturns([100, 0])[0]).toBeNaN();
  });

  it('refuses text that is not a number', () => {
    expect(() => simpleReturns(['100', ''])).toThrow(ValueError);
    expect(() => simpleReturns(['100', '1O1'])).toThrow(/equity: "1O1" is not a number/);
  });
});

describe('end-of-day snapshots and daily returns', () => {
  const points = [
    { ts: utc('2024-03-07T15:00:00Z'), equity: '100' },
    { ts: utc('2024-03-07T23:59:59Z'), equity: '101' }, // last of 03-07 (UTC)
    { ts: utc('2024-03-08T00:00:00Z'), equity: '102' }, // first of 03-08 (UTC); 19:00 EST on 03-07, after that close
    { ts: utc('2024-03-08T20:00:00Z'), equity: '104' }, // 15:00 EST
    { ts: utc('2024-03-08T20:00:00Z'), equity: '104.5' }, // same instant: the later wins
    { ts: utc('2024-03-11T14:00:00Z'), equity: '99' }, // Monday, nothing over the weekend
  ];

  it('UTC days: the last sample of each date, no fill for days without samples', () => {
    const s = endOfDaySnapshots(points);
    expect(s).toEqual([
      { day: '2024-03-07', ts: points[1].ts, equity: 101 },
      { day: '2024-03-08', ts: points[4].ts, equity: 104.5 },
      { day: '2024-03-11', ts: points[5].ts, equity: 99 },
    ]);
    const d = dailyReturns(s);
    // 104.5/101 - 1 and 99/104.5 - 1; Monday's return spans the weekend
    expect(d.map((x) => x.day)).toEqual(['2024-03-08', '2024-03-11']);
    expect(d[0].ret).toBeCloseTo(104.5 / 101 - 1, 15);
    expect(d[1].ret).toBeCloseTo(99 / 104.5 - 1, 15);
  });

  it('New York close days: samples after 16:00 count toward the next session', () => {
    const s = endOfDaySnapshots(points, newYorkCloseDayKey);
    // 03-07 15:00Z = 10:00 EST and 23:59Z = 18:59 EST -> the first is day 03-07, the second
    // (after the close) belongs to 03-08, as does 03-08 00:00Z (19:00 EST on 03-07) and 20:00Z.
    expect(s.map((x) => [x.day, x.equity])).toEqual([['2024-03-07', 100], ['2024-03-08', 104.5], ['2024-03-11', 99]]);
  });

  it('empty in, empty out; out-of-order samples are refused', () => {
    expect(endOfDaySnapshots([])).toEqual([]);
    expect(dailyReturns([])).toEqual([]);
    expect(dailyReturns(endOfDaySnapshots(points.slice(0, 1)))).toEqual([]);
    expect(() => endOfDaySnapshots([points[1], points[0]])).toThrow(/out of time order at index 1/);
  });
});
