/**
 * Technical indicators over daily bars, oldest first. Each returns a series aligned with its
 * input (NaN where the window is not yet full), so the last value is "today". Textbook
 * definitions: Wilder's smoothing for RSI, ATR and ADX; population standard deviation for
 * Bollinger bands.
 */

export function sma(xs: readonly number[], n: number): number[] {
  const out = new Array<number>(xs.length).fill(NaN);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += xs[i];
    if (i >= n) sum -= xs[i - n];
    if (i >= n - 1) out[i] = sum / n;
  }
  return out;
}

/** EMA seeded with the SMA of the first n values; alpha = 2 / (n + 1). */
export function ema(xs: readonly number[], n: number): number[] {
  const out = new Array<number>(xs.length).fill(NaN);
  if (xs.length < n) return out;
  const k = 2 / (n + 1);
  let e = xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
  out[n - 1] = e;
  for (let i = n; i < xs.length; i++) {
    e = xs[i] * k + e * (1 - k);
    out[i] = e;
  }
  return out;
}

/** Wilder's smoothing: first value the mean of n, then prev + (x - prev) / n. */
function wilder(xs: readonly number[], n: number, start: number): number[] {
  const out = new Array<number>(xs.length).fill(NaN);
  if (xs.length - start < n) return out;
  let s = 0;
  for (let i = start; i < start + n; i++) s += xs[i];
  s /= n;
  out[start + n - 1] = s;
  for (let i = start + n; i < xs.length; i++) {
    s = s + (xs[i] - s) / n;
    out[i] = s;
  }
  return out;
}

export function rsi(closes: readonly number[], n = 14): number[] {
  const gains = closes.map((c, i) => (i === 0 ? 0 : Math.max(0, c - closes[i - 1])));
  const losses = closes.map((c, i) => (i === 0 ? 0 : Math.max(0, closes[i - 1] - c)));
  const g = wilder(gains, n, 1);
  const l = wilder(losses, n, 1);
  return g.map((gv, i) => (Number.isNaN(gv) ? NaN : l[i] === 0 ? 100 : 100 - 100 / (1 + gv / l[i])));
}

export function macd(closes: readonly number[], fast = 12, slow = 26, signal = 9): { macd: number[]; signal: number[]; histogram: number[] } {
  const f = ema(closes, fast);
  const s = ema(closes, slow);
  const line = closes.map((_, i) => f[i] - s[i]);
  const firstValid = slow - 1;
  const sig = new Array<number>(closes.length).fill(NaN);
  const tail = ema(line.slice(firstValid), signal);
  tail.forEach((v, i) => (sig[firstValid + i] = v));
  return { macd: line, signal: sig, histogram: line.map((v, i) => v - sig[i]) };
}

export function bollinger(closes: readonly number[], n = 20, k = 2): { middle: number[]; upper: number[]; lower: number[] } {
  const mid = sma(closes, n);
  const upper = new Array<number>(closes.length).fill(NaN);
  const lower = new Array<number>(closes.length).fill(NaN);
  for (let i = n - 1; i < closes.length; i++) {
    let v = 0;
    for (let j = i - n + 1; j <= i; j++) v += (closes[j] - mid[i]) ** 2;
    const sd = Math.sqrt(v / n);
    upper[i] = mid[i] + k * sd;
    lower[i] = mid[i] - k * sd;
  }
  return { middle: mid, upper, lower };
}

export interface HLC {
  high: number;
  low: number;
  close: number;
}

function trueRanges(bars: readonly HLC[]): number[] {
  return bars.map((b, i) => (i === 0 ? b.high - b.low : Math.max(b.high - b.low, Math.abs(b.high - bars[i - 1].close), Math.abs(b.low - bars[i - 1].close))));
}

export function atr(bars: readonly HLC[], n = 14): number[] {
  return wilder(trueRanges(bars), n, 1);
}

/** ADX with +DI and -DI (Wilder). */
export function adx(bars: readonly HLC[], n = 14): { adx: number[]; plusDI: number[]; minusDI: number[] } {
  const plusDM = bars.map((b, i) => {
    if (i === 0) return 0;
    const up = b.high - bars[i - 1].high;
    const down = bars[i - 1].low - b.low;
    return up > down && up > 0 ? up : 0;
  });
  const minusDM = bars.map((b, i) => {
    if (i === 0) return 0;
    const up = b.high - bars[i - 1].high;
    const down = bars[i - 1].low - b.low;
    return down > up && down > 0 ? down : 0;
  });
  const tr = wilder(trueRanges(bars), n, 1);
  const p = wilder(plusDM, n, 1);
  const m = wilder(minusDM, n, 1);
  const plusDI = tr.map((t, i) => (100 * p[i]) / t);
  const minusDI = tr.map((t, i) => (100 * m[i]) / t);
  const dx = plusDI.map((pv, i) => {
    const s = pv + minusDI[i];
    return s === 0 ? 0 : (100 * Math.abs(pv - minusDI[i])) / s;
  });
  return { adx: wilder(dx, n, n), plusDI, minusDI };
}

/** Slow stochastic: %K over n bars smoothed by d. */
export function stochastic(bars: readonly HLC[], n = 14, d = 3): { k: number[]; d: number[] } {
  const k = bars.map((b, i) => {
    if (i < n - 1) return NaN;
    let hi = -Infinity;
    let lo = Infinity;
    for (let j = i - n + 1; j <= i; j++) {
      hi = Math.max(hi, bars[j].high);
      lo = Math.min(lo, bars[j].low);
    }
    return hi === lo ? 50 : (100 * (b.close - lo)) / (hi - lo);
  });
  const dd = new Array<number>(bars.length).fill(NaN);
  const tail = sma(k.slice(n - 1), d);
  tail.forEach((v, i) => (dd[n - 1 + i] = v));
  return { k, d: dd };
}

/** Swing highs and lows: a bar whose high (low) is the extreme of the w bars either side. */
export function swingLevels(bars: readonly HLC[], w = 5): { supports: number[]; resistances: number[] } {
  const supports: number[] = [];
  const resistances: number[] = [];
  for (let i = w; i < bars.length - w; i++) {
    let isHigh = true;
    let isLow = true;
    for (let j = i - w; j <= i + w; j++) {
      if (j === i) continue;
      if (bars[j].high >= bars[i].high) isHigh = false;
      if (bars[j].low <= bars[i].low) isLow = false;
    }
    if (isHigh) resistances.push(bars[i].high);
    if (isLow) supports.push(bars[i].low);
  }
  return { supports, resistances };
}

export const last = (xs: readonly number[]): number => xs[xs.length - 1];
