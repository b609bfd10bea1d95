/**
 * A run's equity on a fixed grid of periods, the input of every overfitting figure. The grid is
 * anchored at whole multiples of the period (Unix time), so runs over the same data share their
 * boundaries and their returns line up period for period.
 */
export const MINUTE_NS = 60_000_000_000n;
export const DAY_NS = 86_400_000_000_000n;

export interface PeriodEquity {
  /** The grid's first boundary (ns, a multiple of the period); values[k] is the equity at start + k periods. */
  startNs: string;
  periodNs: string;
  values: number[];
}

/** One minute for intraday data (equity sampled more often than daily), one day otherwise. */
export function defaultPeriod(samples: readonly { ts: bigint }[]): bigint {
  if (samples.length < 2) return MINUTE_NS;
  const gaps = samples.slice(1).map((s, i) => s.ts - samples[i].ts).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return gaps[Math.floor(gaps.length / 2)] < DAY_NS ? MINUTE_NS : DAY_NS;
}

/**
 * values[0] is the first sample's equity, at the boundary at or before it; values[k] is the last
 * sample at or before boundary k; the grid ends at the first boundary at or after the last sample.
 */
export function periodEquity(samples: readonly { ts: bigint; equity: string }[], period: bigint): PeriodEquity {
  if (samples.length === 0) return { startNs: '0', periodNs: period.toString(), values: [] };
  const first = samples[0].ts;
  const last = samples[samples.length - 1].ts;
  const start = floorTo(first, period);
  const count = Number((last - start + period - 1n) / period);
  const values = [Number(samples[0].equity)];
  let i = 0;
  for (let k = 1; k <= count; k++) {
    const boundary = start + BigInt(k) * period;
    while (i + 1 < samples.length && samples[i + 1].ts <= boundary) i++;
    values.push(Number(samples[i].equity));
  }
  return { startNs: start.toString(), periodNs: period.toString(), values };
}

function floorTo(t: bigint, p: bigint): bigint {
  const r = t % p;
  return r < 0n ? t - r - p : t - r;
}

/**
 * The returns of several runs over their common grid: each run's equity is held at its first
 * value before it starts and at its last after it ends, so all have the same periods. Throws when
 * the runs use different periods.
 */
export function alignedReturns(runs: readonly PeriodEquity[]): { startNs: string; periodNs: string; returns: number[][] } {
  if (runs.length === 0) return { startNs: '0', periodNs: '0', returns: [] };
  const period = BigInt(runs[0].periodNs);
  if (runs.some((r) => BigInt(r.periodNs) !== period)) throw new RangeError('the runs use different periods');
  const live = runs.filter((r) => r.values.length > 0);
  if (live.length === 0) return { startNs: '0', periodNs: period.toString(), returns: runs.map(() => []) };
  const start = live.map((r) => BigInt(r.startNs)).reduce((a, b) => (b < a ? b : a));
  const end = live.map((r) => BigInt(r.startNs) + BigInt(r.values.length - 1) * period).reduce((a, b) => (b > a ? b : a));
  const points = Number((end - start) / period) + 1;
  const returns = runs.map((r) => {
    if (r.values.length === 0) return Array<number>(points - 1).fill(0);
    const offset = Number((BigInt(r.startNs) - start) / period);
    const at = (k: number) => r.values[Math.min(r.values.length - 1, Math.max(0, k - offset))];
    const out: number[] = [];
    for (let k = 1; k < points; k++) {
      const before = at(k - 1);
      out.push(before === 0 ? 0 : at(k) / before - 1);
    }
    return out;
  });
  return { startNs: start.toString(), periodNs: period.toString(), returns };
}
