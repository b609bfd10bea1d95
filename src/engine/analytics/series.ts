import type { Numeric } from './numeric.js';

/** One equity sample: timestamp in integer ns since the Unix epoch (UTC), equity as float or decimal text. */
export interface EquityPoint {
  ts: bigint;
  equity: Numeric;
}

/** Equity at the end of one day: the last sample at or before the day's end. */
export interface DayEquity {
  /** Day key, 'YYYY-MM-DD' (see day-key.ts). */
  day: string;
  /** Timestamp of the sample the snapshot took. */
  ts: bigint;
  equity: number;
}

/** The return earned over the period that ends with `day`'s snapshot. */
export interface DayReturn {
  day: string;
  ret: number;
}

/** The compounded return of one calendar month, keyed 'YYYY-MM'. */
export interface MonthReturn {
  month: string;
  ret: number;
}
