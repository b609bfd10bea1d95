/**
 * Periods per year (ppy) turn per-period statistics into annual ones. It is a parameter
 * everywhere because the honest value depends on the data: 252 for daily data of exchange-traded
 * equities (trading days), 365 for daily data of markets that never close (crypto), and for
 * intraday or irregular samples the count derived from the sample interval or from the timestamps.
 */

/** Nanoseconds in a day. */
export const NS_PER_DAY = 86_400_000_000_000;

/** Nanoseconds in a year of 365.25 days, the year used for all elapsed-time annualisation. */
export const NS_PER_YEAR = 365.25 * NS_PER_DAY;

/** Trading days a year for daily equity data. */
export const PPY_EQUITIES_DAILY = 252;

/** Calendar days a year for daily data of markets open every day. */
export const PPY_CRYPTO_DAILY = 365;

/** Elapsed nanoseconds as years of 365.25 days. */
export function yearsBetween(startNs: bigint, endNs: bigint): number {
  return Number(endNs - startNs) / NS_PER_YEAR;
}

/** ppy for equally spaced samples `intervalNs` apart: one year of 365.25 days / interval. */
export function periodsPerYearFromInterval(intervalNs: number | bigint): number {
  const ns = Number(intervalNs);
  if (!(ns > 0)) throw new RangeError(`sample interval must be positive, got ${String(intervalNs)}`);
  return NS_PER_YEAR / ns;
}

/**
 * ppy observed in a series: the number of periods (samples - 1) per year of elapsed time between
 * the first and last timestamp. For 5 years of NYSE closes this gives about 252; for daily
 * crypto about 365; for hourly samples about 8766. NaN with fewer than two timestamps or no
 * elapsed time.
 */
export function periodsPerYearFromTimestamps(ts: readonly bigint[]): number {
  if (ts.length < 2) return NaN;
  const years = yearsBetween(ts[0], ts[ts.length - 1]);
  return years > 0 ? (ts.length - 1) / years : NaN;
}

/** The per-period rate that compounds to `annualRate` over `ppy` periods: (1 + rf)^(1/ppy) - 1. */
export function perPeriodRate(annualRate: number, ppy: number): number {
  return annualRate === 0 ? 0 : Math.pow(1 + annualRate, 1 / ppy) - 1;
}
