import { addDays, utcDay, weekdayOf } from './time.js';

/**
 * Which days a market trades, and which day an instant belongs to. Streaks count trading days of
 * the market traded: a weekend or an exchange holiday never breaks an equity streak, while crypto
 * trades every day.
 */
export interface TradingCalendar {
  readonly id: string;
  /** The trading-calendar date ('YYYY-MM-DD') of an instant, in the market's own time zone. */
  dayOf(ms: number): string;
  isTradingDay(day: string): boolean;
}

/** Local date in a time zone, from the platform's time-zone data (DST included). */
function localDayFormatter(timeZone: string): (ms: number) => string {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  // Offsets change on whole UTC hours, so one answer holds for a whole hour: remember the last one.
  let hour = NaN;
  let last = '';
  return (ms) => {
    const h = Math.floor(ms / 3_600_000);
    if (h === hour) return last;
    const parts = fmt.formatToParts(ms);
    const get = (t: string) => parts.find((p) => p.type === t)!.value;
    hour = h;
    last = `${get('year')}-${get('month')}-${get('day')}`;
    return last;
  };
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const ymd = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The n-th (1-based) given weekday of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = ymd(year, month, 1);
    const offset = (weekday - weekdayOf(first) + 7) % 7;
    return addDays(first, offset + 7 * (n - 1));
  }
  const last = addDays(ymd(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/** A fixed-date holiday moved to Friday when on Saturday and to Monday when on Sunday. */
function observed(day: string): string {
  const wd = weekdayOf(day);
  return wd === 6 ? addDays(day, -1) : wd === 0 ? addDays(day, 1) : day;
}

/** Unscheduled NYSE closures (storms, national days of mourning). */
const NYSE_SPECIAL_CLOSURES = ['2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09'];

/** NYSE full-day holidays of a year, by the exchange's published rules. */
export function nyseHolidays(year: number): Set<string> {
  const out = new Set<string>();
  // New Year's Day: a Sunday moves to Monday; a Saturday is not made up on the Friday before.
  const newYear = ymd(year, 1, 1);
  if (weekdayOf(newYear) !== 6) out.add(observed(newYear));
  out.add(nthWeekday(year, 1, 1, 3)); // Martin Luther King Jr. Day
  out.add(nthWeekday(year, 2, 1, 3)); // Washington's Birthday
  out.add(addDays(easterSunday(year), -2)); // Good Friday
  out.add(nthWeekday(year, 5, 1, -1)); // Memorial Day
  if (year >= 2022) out.add(observed(ymd(year, 6, 19))); // Juneteenth
  out.add(observed(ymd(year, 7, 4))); // Independence Day
  out.add(nthWeekday(year, 9, 1, 1)); // Labor Day
  out.add(nthWeekday(year, 11, 4, 4)); // Thanksgiving
  out.add(observed(ymd(year, 12, 25))); // Christmas
  for (const d of NYSE_SPECIAL_CLOSURES) if (d.startsWith(`${year}-`)) out.add(d);
  return out;
}

const holidayCache = new Map<number, Set<string>>();
function isNyseHoliday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  let set = holidayCache.get(year);
  if (!set) holidayCache.set(year, (set = nyseHolidays(year)));
  return set.has(day);
}

/** US equities: New York trading days, dated in New York time (EST/EDT). */
export const XNYS: TradingCalendar = {
  id: 'XNYS',
  dayOf: localDayFormatter('America/New_York'),
  isTradingDay: (day) => {
    const wd = weekdayOf(day);
    return wd !== 0 && wd !== 6 && !isNyseHoliday(day);
  },
};

/** Crypto trades around the clock: every UTC day is a trading day. */
export const ALWAYS_OPEN: TradingCalendar = { id: '24x7', dayOf: utcDay, isTradingDay: () => true };

/** Spot FX: Monday to Friday, dated in UTC. */
export const WEEKDAYS_UTC: TradingCalendar = {
  id: 'FX',
  dayOf: utcDay,
  isTradingDay: (day) => {
    const wd = weekdayOf(day);
    return wd !== 0 && wd !== 6;
  },
};

export function calendarFor(assetClass: string): TradingCalendar {
  if (assetClass === 'crypto') return ALWAYS_OPEN;
  if (assetClass === 'fx') return WEEKDAYS_UTC;
  return XNYS;
}

export function calendarById(id: string): TradingCalendar {
  return id === ALWAYS_OPEN.id ? ALWAYS_OPEN : id === WEEKDAYS_UTC.id ? WEEKDAYS_UTC : XNYS;
}

/** The first trading day strictly after `day`. */
export function nextTradingDay(cal: TradingCalendar, day: string): string {
  let d = addDays(day, 1);
  while (!cal.isTradingDay(d)) d = addDays(d, 1);
  return d;
}
