import { z } from 'zod';
import { adx, atr, bollinger, ema, last, macd, rsi, sma, stochastic, swingLevels } from '../indicators.js';
import type { DailyBar } from '../market.js';
import type { ToolContext } from '../context.js';
import { round } from '../analysis.js';
import { defineTool, symbolField, ToolError, type ToolDef } from '../tool-kit.js';

async function bars(ctx: ToolContext, symbol: string, need: number): Promise<DailyBar[]> {
  if (!ctx.universe.has(symbol)) throw new ToolError('not_found', `no daily data for ${symbol}`, 'call list_symbols for the symbols with data');
  const b = await ctx.universe.bars(symbol);
  if (b.length < need) throw new ToolError('no_data', `${symbol} has ${b.length} bars, the indicator needs ${need}`, 'use a shorter period');
  return b;
}

const period = (def: number) => z.number().int().min(2).max(250).default(def);
const closes = (b: DailyBar[]) => b.map((x) => x.close);
const asOf = (b: DailyBar[]) => b[b.length - 1].date;
const r = (x: number) => round(x, 4);

export const technicalTools: ToolDef[] = [
  defineTool({
    name: 'sma',
    group: 'technical',
    description: 'Simple moving average of daily closes; the latest value and where the close sits against it.',
    input: z.strictObject({ symbol: symbolField, period: period(50) }),
    run: async (ctx, i) => {
      const b = await bars(ctx, i.symbol, i.period);
      const v = last(sma(closes(b), i.period));
      return { symbol: i.symbol, as_of: asOf(b), period: i.period, sma: r(v), close: last(closes(b)), close_vs_sma: r(last(closes(b)) / v - 1) };
    },
  }),
  defineTool({
    name: 'ema',
    group: 'technical',
    description: 'Exponential moving average of daily closes (seeded with the SMA).',
    input: z.strictObject({ symbol: symbolField, period: period(20) }),
    run: async (ctx, i) => {
      const b = await bars(ctx, i.symbol, i.period);
      const v = last(ema(closes(b), i.period));
      return { symbol: i.symbol, as_of: asOf(b), period: i.period, ema: r(v), close: last(closes(b)), close_vs_ema: r(last(closes(b)) / v - 1) };
    },
  }),
  defineTool({
    name: 'rsi',
    group: 'technical',
    description: 'Relative strength index (Wilder); above 70 overbought, below 30 oversold by convention.',
    input: z.strictObject({ symbol: symbolField, period: period(14) }),
    run: async (ctx, i) => {
      const b = await bars(ctx, i.symbol, i.period + 1);
      const v = last(rsi(closes(b), i.period));
      return { symbol: i.symbol, as_of: asOf(b), period: i.period, rsi: round(v, 2), zone: v >= 70 ? 'overbought' : v <= 30 ? 'oversold' : 'neutral' };
    },
  }),
  defineTool({
    name: 'macd',
    group: 'technical',
    description: 'MACD line, signal line and histogram (defaults 12, 26, 9), and whether a cross happened in the last 5 bars.',
    input: z.strictObject({ symbol: symbolField, fast: period(12), slow: period(26), signal: period(9) }),
    run: async (ctx, i) => {
      if (i.fast >= i.slow) throw new ToolError('invalid_input', 'fast must be shorter than slow', 'for example fast 12, slow 26');
      const b = await bars(ctx, i.symbol, i.slow + i.signal);
      const m = macd(closes(b), i.fast, i.slow, i.signal);
      const h = m.histogram.slice(-6);
      const cross = h.slice(1).findIndex((x, k) => Math.sign(x) !== Math.sign(h[k]));
      return { symbol: i.symbol, as_of: asOf(b), macd: r(last(m.macd)), signal: r(last(m.signal)), histogram: r(last(m.histogram)), recent_cross: cross < 0 ? null : last(m.histogram) > 0 ? 'bullish' : 'bearish' };
    },
  }),
  defineTool({
    name: 'bollinger',
    group: 'technical',
    description: 'Bollinger bands (SMA ± k standard deviations) and %B of the last close.',
    input: z.strictObject({ symbol: symbolField, period: period(20), k: z.number().min(0.5).max(4).default(2) }),
    run: async (ctx, i) => {
      const b = await bars(ctx, i.symbol, i.period);
      const bb = bollinger(closes(b), i.period, i.k);
      const c = last(closes(b));
      return { symbol: i.symbol, as_of: asOf(b), upper: r(last(bb.upper)), middle: r(last(bb.middle)), lower: r(last(bb.lower)), percent_b: r((c - last(bb.lower)) / (last(bb.upper) - last(bb.lower))) };
    },
  }),
  defineTool({
    name: 'atr',
    group: 'technical',
    description: 'Average true range (Wilder), in price and as a share of the close.',
    input: z.strictObject({ symbol: symbolField, period: period(14) }),
    run: async (ctx, i) => {
      const b = await bars(ctx, i.symbol, i.period + 1);
      const v = last(atr(b, i.period));
      return { symbol: i.symbol, as_of: asOf(b), atr: r(v), atr_pct: r(v / last(closes(b))) };
    },
  }),
  defineTool({
    name: 'adx',
    group: 'technical',
    description: 'Average directional index with +DI and -DI: trend strength (ADX above 25 trending) and direction.',
    input: z.strictObject({ symbol: symbolField, period: period(14) }),
    run: async (ctx, i) => {
      const b = await bars(ctx, i.symbol, 2 * i.period + 1);
      const a = adx(b, i.period);
      const v = last(a.adx);
      return { symbol: i.symbol, as_of: asOf(b), adx: round(v, 2), plus_di: round(last(a.plusDI), 2), minus_di: round(last(a.minusDI), 2), trend: v < 20 ? 'weak' : last(a.plusDI) > last(a.minusDI) ? 'up' : 'down' };
    },
  }),
  defineTool({
    name: 'stochastic',
    group: 'technical',
    description: 'Slow stochastic oscillator %K and %D; above 80 overbought, below 20 oversold.',
    input: z.strictObject({ symbol: symbolField, period: period(14), smooth: z.number().int().min(1).max(10).default(3) }),
    run: async (ctx, i) => {
      const b = await bars(ctx, i.symbol, i.period + i.smooth);
      const s = stochastic(b, i.period, i.smooth);
      return { symbol: i.symbol, as_of: asOf(b), k: round(last(s.k), 2), d: round(last(s.d), 2) };
    },
  }),
  defineTool({
    name: 'support_resistance',
    group: 'technical',
    description: 'Nearest support below and resistance above the last close, from swing lows and highs over the lookback.',
    input: z.strictObject({ symbol: symbolField, lookback: z.number().int().min(20).max(1260).default(120), window: z.number().int().min(2).max(20).default(5) }),
    run: async (ctx, i) => {
      const b = (await bars(ctx, i.symbol, 2 * i.window + 1)).slice(-i.lookback);
      const c = last(closes(b));
      const lv = swingLevels(b, i.window);
      const below = lv.supports.filter((x) => x < c).sort((x, y) => y - x);
      const above = lv.resistances.filter((x) => x > c).sort((x, y) => x - y);
      return { symbol: i.symbol, as_of: asOf(b), close: c, supports: below.slice(0, 3), resistances: above.slice(0, 3) };
    },
  }),
  defineTool({
    name: 'signal_scan',
    group: 'technical',
    description: 'A one-call technical read of a symbol: trend (50/200-day SMA), momentum (RSI, MACD), volatility (Bollinger %B) with a plain label each.',
    input: z.strictObject({ symbol: symbolField }),
    run: async (ctx, i) => {
      const b = await bars(ctx, i.symbol, 200);
      const c = closes(b);
      const s50 = last(sma(c, 50));
      const s200 = last(sma(c, 200));
      const rs = last(rsi(c, 14));
      const m = macd(c);
      const bb = bollinger(c);
      const pb = (last(c) - last(bb.lower)) / (last(bb.upper) - last(bb.lower));
      return {
        symbol: i.symbol,
        as_of: asOf(b),
        trend: { sma50: r(s50), sma200: r(s200), label: s50 > s200 ? 'golden cross regime (50 above 200)' : 'death cross regime (50 below 200)' },
        momentum: { rsi: round(rs, 2), macd_histogram: r(last(m.histogram)), label: rs >= 70 ? 'overbought' : rs <= 30 ? 'oversold' : last(m.histogram) > 0 ? 'positive' : 'negative' },
        bands: { percent_b: r(pb), label: pb > 1 ? 'above upper band' : pb < 0 ? 'below lower band' : 'inside bands' },
      };
    },
  }),
];
