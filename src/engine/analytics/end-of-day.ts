import { ValueError } from '../model/errors.js';
import { utcDayKey, type DayKeyFn } from './day-key.js';
import { toFloat } from './numeric.js';
import type { DayEquity, EquityPoint } from './series.js';

/**
 * End-of-day equity from a timestamped series: for every day key that has samples, the last
 * sample at or before that day's end, i.e. the last one whose key is that day. The default key is
 * the UTC date; pass newYorkCloseDayKey for US equities (day ends at the 16:00 close).
 *
 * Days without samples get no snapshot (no forward fill): a key function cannot enumerate the
 * days in between, and for equities a filled weekend would add zero returns that do not exist.
 * Points must be in time order (equal timestamps allowed: the later one wins); the keys of a
 * time-ordered series must then not go back, which is checked too.
 */
export function endOfDaySnapshots(points: readonly EquityPoint[], dayKey: DayKeyFn = utcDayKey): DayEquity[] {
  const out: DayEquity[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (i > 0 && p.ts < points[i - 1].ts) throw new ValueError('ts', `equity samples out of time order at index ${i}`);
    const day = dayKey(p.ts);
    const equity = toFloat(p.equity, 'equity');
    const last = out[out.length - 1];
    if (last !== undefined && last.day === day) {
      last.ts = p.ts;
      last.equity = equity;
    } else {
      if (last !== undefined && day < last.day) throw new ValueError('ts', `day key ${day} at index ${i} comes before ${last.day}`);
      out.push({ day, ts: p.ts, equity });
    }
  }
  return out;
}
