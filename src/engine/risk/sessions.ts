import type { AssetClass } from '../model/instrument.js';
import { wallClock } from '../model/time-zone.js';

/**
 * When a market is open. US equities trade 09:30-16:00 New York time on weekdays (optionally
 * 04:00-09:30 pre-market and 16:00-20:00 after hours); crypto trades around the clock.
 * Exchange holidays are not modelled.
 */
export interface TradingSession {
  readonly name: string;
  isOpen(ns: bigint): boolean;
  /** The first open instant at or after `ns`. */
  nextOpen(ns: bigint): bigint;
  /** When a DAY order placed at `ns` expires: the end of that trading day. */
  dayEnd(ns: bigint): bigint;
}

const NS_PER_MIN = 60_000_000_000n;
const NS_PER_DAY = 1440n * NS_PER_MIN;

export const alwaysOpen: TradingSession = {
  name: '24/7',
  isOpen: () => true,
  nextOpen: (ns) => ns,
  // Crypto "days" end at 00:00 UTC.
  dayEnd: (ns) => (ns / NS_PER_DAY + 1n) * NS_PER_DAY,
};

/** New York wall-clock minute of the day and weekday at an instant. */
function newYorkClock(ns: bigint): { minute: number; weekday: string } {
  const c = wallClock('America/New_York', Number(ns / 1_000_000n));
  return { minute: c.hour * 60 + c.minute, weekday: c.weekday };
}

export function usEquitySession(opts: { preMarket?: boolean; afterHours?: boolean } = {}): TradingSession {
  const openMin = opts.preMarket ? 4 * 60 : 9 * 60 + 30;
  const closeMin = opts.afterHours ? 20 * 60 : 16 * 60;
  /** The instant of a New York wall-clock minute on the same New York date as `ns`. */
  const sameDayAt = (ns: bigint, minute: number): bigint => {
    const c = newYorkClock(ns);
    const minuteStart = (ns / NS_PER_MIN) * NS_PER_MIN - (ns % NS_PER_MIN < 0n ? NS_PER_MIN : 0n);
    return minuteStart + BigInt(minute - c.minute) * NS_PER_MIN;
  };
  // The time zone lookup is slow and every order asks: remember the session of the last day
  // asked about. Sessions sit far from the 02:00 daylight-saving switch, so one day's open and
  // close computed from any instant of that day are exact. The span the answer holds for is
  // kept with it, not worked out at each call (BigInt arithmetic allocates).
  let cache: { open: bigint; close: bigint; tradingDay: boolean; from: bigint; until: bigint } | undefined;
  const sessionOf = (ns: bigint) => {
    if (cache && ns >= cache.from && ns < cache.until) return cache;
    const c = newYorkClock(ns);
    const open = sameDayAt(ns, openMin);
    const close = sameDayAt(ns, closeMin);
    cache = { open, close, tradingDay: c.weekday !== 'Sat' && c.weekday !== 'Sun', from: open - 4n * 60n * NS_PER_MIN, until: close + 3n * 60n * NS_PER_MIN };
    return cache;
  };
  const isOpen = (ns: bigint): boolean => {
    const d = sessionOf(ns);
    return d.tradingDay && ns >= d.open && ns < d.close;
  };
  return {
    name: `us-equity${opts.preMarket ? '+pre' : ''}${opts.afterHours ? '+after' : ''}`,
    isOpen,
    nextOpen(ns) {
      if (isOpen(ns)) return ns;
      let probe = ns;
      for (let day = 0; day < 8; day++) {
        const open = sameDayAt(probe, openMin);
        if (open >= ns && isOpen(open)) return open;
        probe = sameDayAt(probe, 0) + NS_PER_DAY + 2n * 60n * NS_PER_MIN; // into the next New York day
      }
      return ns;
    },
    dayEnd: (ns) => sameDayAt(ns, closeMin),
  };
}

export function sessionFor(assetClass: AssetClass, opts: { preMarket?: boolean; afterHours?: boolean } = {}): TradingSession {
  return assetClass === 'equity' ? usEquitySession(opts) : alwaysOpen;
}
