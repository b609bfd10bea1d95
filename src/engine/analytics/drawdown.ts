import { ValueError } from '../model/errors.js';
import { toFloats, type Numeric } from './numeric.js';
import type { EquityPoint } from './series.js';

/*
 * Drawdowns of an equity series E_0 .. E_(n-1) with running peak P_i = max(E_0 .. E_i):
 *   drawdown D_i = (P_i - E_i) / P_i = 1 - E_i / P_i, in [0, 1) while equity is positive
 *   max drawdown = max over i of D_i (0 for a series that never fell below a peak)
 * An episode (a time "under water") starts at a peak p, the last index before the fall where
 * E_p = P_p, and ends at its recovery r, the first later index with E_r >= E_p (equalling the
 * old peak counts as recovered), or is unrecovered at the end of the series. Its
 *   trough t = the first index of its lowest equity, depth = 1 - E_t / E_p,
 *   duration = ts_r - ts_p, or ts_(n-1) - ts_p when unrecovered (time from the peak to its
 *   recovery, or to the end: an unrecovered episode is at least that long).
 * Max drawdown duration is the longest episode's duration; the max-drawdown episode is the one
 * with the deepest trough (the first of equals), with its own peak -> trough -> recovery times.
 * Both are undefined (NaN, no episodes) when E_0 <= 0: there is no peak to fall from.
 */

export interface DrawdownEpisode {
  peakIndex: number;
  troughIndex: number;
  /** First index back at or above the peak; null when the series ends under water. */
  recoveryIndex: number | null;
  peakTs: bigint;
  troughTs: bigint;
  recoveryTs: bigint | null;
  peakEquity: number;
  troughEquity: number;
  /** 1 - troughEquity / peakEquity. */
  depth: number;
  /** Peak to recovery, or peak to the last sample when unrecovered. */
  durationNs: bigint;
  /** The same in samples (index differences). */
  durationPeriods: number;
  /** Peak to trough. */
  declineNs: bigint;
}

export interface DrawdownAnalysis {
  /** Max drawdown as a fraction of the peak; 0 when never under water; NaN when empty or E_0 <= 0. */
  maxDrawdown: number;
  /** The episode of the max drawdown; null when there is none. */
  maxDrawdownEpisode: DrawdownEpisode | null;
  /** The longest episode by time (the first of equals); null when there is none. */
  longestEpisode: DrawdownEpisode | null;
  /** Max drawdown duration: longestEpisode's duration, 0n when there is none. */
  maxDrawdownDurationNs: bigint;
  /** Every episode, in time order. */
  episodes: DrawdownEpisode[];
}

function analyze(e: readonly number[], ts: (i: number) => bigint): DrawdownAnalysis {
  const none: DrawdownAnalysis = { maxDrawdown: NaN, maxDrawdownEpisode: null, longestEpisode: null, maxDrawdownDurationNs: 0n, episodes: [] };
  if (e.length === 0 || !(e[0] > 0)) return none;
  const episodes: DrawdownEpisode[] = [];
  let peak = 0; // index of the running peak
  let trough = -1; // index of the current episode's trough; -1 while at a peak
  const close = (end: number, recovered: boolean): void => {
    const peakTs = ts(peak);
    episodes.push({
      peakIndex: peak,
      troughIndex: trough,
      recoveryIndex: recovered ? end : null,
      peakTs,
      troughTs: ts(trough),
      recoveryTs: recovered ? ts(end) : null,
      peakEquity: e[peak],
      troughEquity: e[trough],
      depth: 1 - e[trough] / e[peak],
      durationNs: ts(end) - peakTs,
      durationPeriods: end - peak,
      declineNs: ts(trough) - peakTs,
    });
  };
  for (let i = 1; i < e.length; i++) {
    if (e[i] >= e[peak]) {
      if (trough >= 0) close(i, true);
      trough = -1;
      peak = i;
    } else if (trough < 0 || e[i] < e[trough]) {
      trough = i;
    }
  }
  if (trough >= 0) close(e.length - 1, false);
  let deepest: DrawdownEpisode | null = null;
  let longest: DrawdownEpisode | null = null;
  for (const ep of episodes) {
    if (deepest === null || ep.depth > deepest.depth) deepest = ep;
    if (longest === null || ep.durationNs > longest.durationNs) longest = ep;
  }
  return {
    maxDrawdown: deepest?.depth ?? 0,
    maxDrawdownEpisode: deepest,
    longestEpisode: longest,
    maxDrawdownDurationNs: longest?.durationNs ?? 0n,
    episodes,
  };
}

/** Drawdown episodes of a timestamped equity series (time order is checked). */
export function drawdownAnalysis(points: readonly EquityPoint[]): DrawdownAnalysis {
  for (let i = 1; i < points.length; i++) {
    if (points[i].ts < points[i - 1].ts) throw new ValueError('ts', `equity samples out of time order at index ${i}`);
  }
  const e = toFloats(points.map((p) => p.equity), 'equity');
  return analyze(e, (i) => points[i].ts);
}

/** Max drawdown of an equity series without timestamps (durations there count samples). */
export function maxDrawdown(equity: readonly Numeric[]): number {
  return analyze(toFloats(equity, 'equity'), (i) => BigInt(i)).maxDrawdown;
}
