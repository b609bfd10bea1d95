/**
 * Day keys: which trading day a timestamp (integer ns since the Unix epoch, UTC) belongs to, as
 * 'YYYY-MM-DD'. End-of-day snapshots and daily returns group by them. Calendar arithmetic is done
 * here by hand on integer day numbers (no Date objects, no time-zone database), so the keys are the
 * same on every machine and cheap enough to compute for every equity sample.
 */

/** Maps a timestamp in ns to the key of the day it belongs to, 'YYYY-MM-DD'. */
export type DayKeyFn = (tsNs: bigint) => string;

const NS_PER_DAY = 86_400_000_000_000n;
const NS_PER_HOUR = 3_600_000_000_000n;

/** Floor division for bigint (the built-in truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (inverse of daysFromCivil). */
export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// Consecutive samples almost always fall on the same day: remember the last key made.
let lastDays = NaN;
let lastKey = '';

/** 'YYYY-MM-DD' of a day number. */
export function dayKeyOfDays(days: number): string {
  if (days !== lastDays) {
    const { y, m, d } = civilFromDays(days);
    lastKey = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
    lastDays = days;
  }
  return lastKey;
}

/** The UTC calendar date: a day is [00:00, 24:00) UTC. The default day key. */
export const utcDayKey: DayKeyFn = (tsNs) => dayKeyOfDays(Number(floorDiv(tsNs, NS_PER_DAY)));

/** Weekday of a day number, 0 = Sunday (1970-01-01 was a Thursday). */
function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** Day number of the n-th (1-based) Sunday of a month; n = -1 means the last one. */
function nthSunday(y: number, m: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(y, m, 1);
    return first + ((7 - weekday(first)) % 7) + 7 * (n - 1);
  }
  const last = daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - 1;
  return last - weekday(last);
}

/**
 * Whether a UTC instant falls in US Eastern daylight time. Rules since 2007: from the second
 * Sunday of March 02:00 EST (07:00 UTC) to the first Sunday of November 02:00 EDT (06:00 UTC);
 * 1987-2006: first Sunday of April to last Sunday of October. Earlier years are refused rather
 * than guessed.
 */
function isEasternDaylight(tsNs: bigint): boolean {
  const { y } = civilFromDays(Number(floorDiv(tsNs, NS_PER_DAY)));
  const [start, end] = daylightSpan(y);
  return tsNs >= start && tsNs < end;
}

// The span of the last year asked for: samples come in time order, so it is nearly always the same.
let spanYear = NaN;
let span: [bigint, bigint] = [0n, 0n];

/** [start, end) of Eastern daylight time in year y, as UTC ns. */
function daylightSpan(y: number): [bigint, bigint] {
  if (y === spanYear) return span;
  if (y < 1987) throw new RangeError(`New York day keys cover 1987 onwards, got year ${y}`);
  const [startDay, endDay] = y >= 2007 ? [nthSunday(y, 3, 2), nthSunday(y, 11, 1)] : [nthSunday(y, 4, 1), nthSunday(y, 10, -1)];
  span = [BigInt(startDay) * NS_PER_DAY + 7n * NS_PER_HOUR, BigInt(endDay) * NS_PER_DAY + 6n * NS_PER_HOUR];
  spanYear = y;
  return span;
}

const CLOSE_TOD = 16n * NS_PER_HOUR;

/**
 * The US equity session a timestamp belongs to: the New York date whose 16:00 close is the first
 * at or after it. A day is (16:00 the previous New York day, 16:00] local time, so the closing
 * print at 16:00:00 exactly is that day's last, and after-hours samples count toward the next day.
 * No exchange calendar: samples on a weekend or holiday get that calendar day's key (equity curves
 * of stock portfolios have none there).
 */
export const newYorkCloseDayKey: DayKeyFn = (tsNs) => {
  const local = tsNs - (isEasternDaylight(tsNs) ? 4n : 5n) * NS_PER_HOUR;
  const day = floorDiv(local, NS_PER_DAY);
  const tod = local - day * NS_PER_DAY;
  return dayKeyOfDays(Number(day) + (tod <= CLOSE_TOD ? 0 : 1));
};
