import { normalCdf, normalQuantile } from './normal.js';
import { mean, sampleStdDev, sampleVariance } from './stats.js';

/**
 * How likely the winner of a parameter search is an artefact of the search. Every convention is
 * fixed so that anyone can recompute the figures from the returns alone:
 *
 * - Sharpe of a series: mean / sample standard deviation (n - 1), 0 when the deviation is 0; per
 *   period, never annualized.
 * - PBO by combinatorially symmetric cross-validation (Bailey, Borwein, Lopez de Prado, Zhu 2015).
 * - Deflated Sharpe ratio (Bailey, Lopez de Prado 2014) of the case with the best full Sharpe.
 */

export const EULER_MASCHERONI = 0.5772156649015329;

export function sharpe(xs: readonly number[]): number {
  const sd = sampleStdDev(xs);
  if (!(sd > 0)) return 0;
  return mean(xs) / sd;
}

/** Index of the largest value, the lowest index on ties. */
export function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** Every choice of k of 0..n-1, each ascending, in lexicographic order. */
export function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const walk = (from: number) => {
    if (pick.length === k) {
      out.push([...pick]);
      return;
    }
    for (let i = from; i <= n - (k - pick.length); i++) {
      pick.push(i);
      walk(i + 1);
      pick.pop();
    }
  };
  walk(0);
  return out;
}

/** Rank of xs[i] among xs, 1 = smallest, ties given their average rank. */
export function averageRank(xs: readonly number[], i: number): number {
  let below = 0;
  let equal = 0;
  for (const x of xs) {
    if (x < xs[i]) below++;
    else if (x === xs[i]) equal++;
  }
  return below + (equal + 1) / 2;
}

export interface CscvSplit {
  /** The in-sample blocks (0-based, ascending); the others are out of sample. */
  inSample: number[];
  /** The case with the best in-sample Sharpe (lowest index on ties). */
  best: number;
  isSharpe: number;
  oosSharpe: number;
  /** Its out-of-sample rank among the N cases: 1 = worst, ties averaged. */
  oosRank: number;
  lambda: number;
}

export interface Cscv {
  pbo: number;
  blocks: number;
  blockLength: number;
  /** Leading periods dropped so that the blocks are of equal length. */
  dropped: number;
  splits: CscvSplit[];
}

/**
 * PBO of a search over N cases, each a series of T returns over the same periods. The T periods
 * make S contiguous blocks of T div S (the first T mod S dropped); for each choice of S/2 blocks
 * as in-sample, the in-sample winner's out-of-sample rank w = rank / (N + 1) gives
 * lambda = ln(w / (1 - w)); PBO is the share of choices with lambda <= 0.
 * Throws a RangeError when the returns cannot support it (fewer than 2 cases, S odd or below 2,
 * blocks shorter than one period).
 */
export function cscvPbo(returns: readonly (readonly number[])[], blocks: number): Cscv {
  const n = returns.length;
  if (n < 2) throw new RangeError(`PBO needs at least 2 cases, not ${n}`);
  if (!Number.isInteger(blocks) || blocks < 2 || blocks % 2 !== 0) throw new RangeError(`the CSCV block count must be even and at least 2, not ${blocks}`);
  const t = returns[0].length;
  for (const r of returns) if (r.length !== t) throw new RangeError('every case needs returns over the same periods');
  const len = Math.floor(t / blocks);
  if (len < 1) throw new RangeError(`${t} periods are too few for ${blocks} blocks`);
  const dropped = t - len * blocks;
  const block = (r: readonly number[], b: number) => r.slice(dropped + b * len, dropped + (b + 1) * len);
  const splits: CscvSplit[] = [];
  for (const inSample of combinations(blocks, blocks / 2)) {
    const isSet = new Set(inSample);
    const outSample = [...Array(blocks).keys()].filter((b) => !isSet.has(b));
    const isSharpes = returns.map((r) => sharpe(inSample.flatMap((b) => block(r, b))));
    const oosSharpes = returns.map((r) => sharpe(outSample.flatMap((b) => block(r, b))));
    const best = argmax(isSharpes);
    const oosRank = averageRank(oosSharpes, best);
    const w = oosRank / (n + 1);
    splits.push({ inSample, best, isSharpe: isSharpes[best], oosSharpe: oosSharpes[best], oosRank, lambda: Math.log(w / (1 - w)) });
  }
  const pbo = splits.filter((s) => s.lambda <= 0).length / splits.length;
  return { pbo, blocks, blockLength: len, dropped, splits };
}

/** Skewness and (non-excess) kurtosis from population central moments; NaN for a flat series. */
export function populationShape(xs: readonly number[]): { skewness: number; kurtosis: number } {
  const m = mean(xs);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = x - m;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= xs.length;
  m3 /= xs.length;
  m4 /= xs.length;
  if (!(m2 > 0)) return { skewness: NaN, kurtosis: NaN };
  return { skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

export interface DeflatedSharpe {
  /** The case with the best full-sample Sharpe (lowest index on ties). */
  selected: number;
  sharpe: number;
  /** The Sharpe the best of N unskilled cases would show: the bar it has to clear. */
  expectedMaxSharpe: number;
  periods: number;
  skewness: number;
  kurtosis: number;
  /** Phi of the test statistic; null where the formula is undefined (a flat series, a negative variance term). */
  value: number | null;
}

/**
 * DSR = Phi((SR - SR0) sqrt(T - 1) / sqrt(1 - g3 SR + (g4 - 1) / 4 SR^2)) for the best case, with
 * SR0 = sqrt(V) ((1 - e) Phi^-1(1 - 1/N) + e Phi^-1(1 - 1/(N exp(1)))), V the sample variance of
 * the N Sharpe ratios and e the Euler-Mascheroni constant. Needs at least 2 cases.
 */
export function deflatedSharpe(returns: readonly (readonly number[])[]): DeflatedSharpe {
  const n = returns.length;
  if (n < 2) throw new RangeError(`the deflated Sharpe ratio needs at least 2 cases, not ${n}`);
  const sharpes = returns.map(sharpe);
  const selected = argmax(sharpes);
  const sr = sharpes[selected];
  const e = EULER_MASCHERONI;
  const sr0 = Math.sqrt(sampleVariance(sharpes)) * ((1 - e) * normalQuantile(1 - 1 / n) + e * normalQuantile(1 - 1 / (n * Math.E)));
  const r = returns[selected];
  const t = r.length;
  const { skewness, kurtosis } = populationShape(r);
  const spread = 1 - skewness * sr + ((kurtosis - 1) / 4) * sr * sr;
  const z = ((sr - sr0) * Math.sqrt(t - 1)) / Math.sqrt(spread);
  const value = Number.isFinite(z) ? normalCdf(z) : null;
  return { selected, sharpe: sr, expectedMaxSharpe: sr0, periods: t, skewness, kurtosis, value };
}
