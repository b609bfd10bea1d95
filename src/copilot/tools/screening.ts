import { z } from 'zod';
import { correlation } from '../../engine/analytics/index.js';
import type { ToolContext } from '../context.js';
import { alignedReturns, returnsByDate, round } from '../analysis.js';
import { defineTool, lookbackField, symbolField, ToolError, type ToolDef } from '../tool-kit.js';

interface Row {
  symbol: string;
  sector: string;
  close: number;
  return: number;
  avg_volume: number;
}

/** One row a symbol: last close, return over the lookback, average volume. */
async function table(ctx: ToolContext, lookback: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const s of ctx.universe.symbols()) {
    const b = await ctx.universe.bars(s);
    if (b.length < 2) continue;
    const from = b[Math.max(0, b.length - 1 - lookback)];
    const recent = b.slice(-Math.min(lookback, 20));
    rows.push({ symbol: s, sector: ctx.universe.sectorOf(s), close: b[b.length - 1].close, return: b[b.length - 1].close / from.close - 1, avg_volume: Math.round(recent.reduce((a, x) => a + x.volume, 0) / recent.length) });
  }
  return rows;
}

const show = (r: Row) => ({ symbol: r.symbol, sector: r.sector, close: r.close, return: round(r.return), avg_volume: r.avg_volume });

export const screeningTools: ToolDef[] = [
  defineTool({
    name: 'screener',
    group: 'screening',
    description: 'Filter the S&P symbols in the data by sector, price, average volume and return over the lookback; sorted, at most `limit`.',
    input: z.strictObject({
      sector: z.string().max(60).optional(),
      min_price: z.number().min(0).optional(),
      max_price: z.number().min(0).optional(),
      min_avg_volume: z.number().min(0).optional(),
      min_return: z.number().optional(),
      max_return: z.number().optional(),
      lookback: lookbackField.default(63),
      sort_by: z.enum(['return', 'close', 'avg_volume', 'symbol']).default('return'),
      limit: z.number().int().min(1).max(100).default(10),
    }),
    run: async (ctx, i) => {
      const rows = (await table(ctx, i.lookback)).filter(
        (r) =>
          (i.sector === undefined || r.sector.toLowerCase() === i.sector.toLowerCase()) &&
          (i.min_price === undefined || r.close >= i.min_price) &&
          (i.max_price === undefined || r.close <= i.max_price) &&
          (i.min_avg_volume === undefined || r.avg_volume >= i.min_avg_volume) &&
          (i.min_return === undefined || r.return >= i.min_return) &&
          (i.max_return === undefined || r.return <= i.max_return),
      );
      const key = i.sort_by;
      rows.sort((a, b) => (key === 'symbol' ? a.symbol.localeCompare(b.symbol) : b[key] - a[key]));
      return { matches: rows.length, rows: rows.slice(0, i.limit).map(show) };
    },
  }),
  defineTool({
    name: 'movers',
    group: 'screening',
    description: 'Biggest gainers and losers over the last `days` sessions.',
    input: z.strictObject({ days: z.number().int().min(1).max(252).default(1), limit: z.number().int().min(1).max(25).default(5) }),
    run: async (ctx, i) => {
      const rows = (await table(ctx, i.days)).sort((a, b) => b.return - a.return || a.symbol.localeCompare(b.symbol));
      return { days: i.days, gainers: rows.slice(0, i.limit).map(show), losers: rows.slice(-i.limit).reverse().map(show) };
    },
  }),
  defineTool({
    name: 'sector_performance',
    group: 'screening',
    description: 'Average return of each sector’s symbols over the lookback, best first.',
    input: z.strictObject({ lookback: lookbackField.default(21) }),
    run: async (ctx, i) => {
      const by = new Map<string, number[]>();
      for (const r of await table(ctx, i.lookback)) by.set(r.sector, [...(by.get(r.sector) ?? []), r.return]);
      return [...by]
        .map(([sector, rs]) => ({ sector, symbols: rs.length, avg_return: round(rs.reduce((a, b) => a + b, 0) / rs.length) }))
        .sort((a, b) => (b.avg_return ?? 0) - (a.avg_return ?? 0));
    },
  }),
  defineTool({
    name: 'peers',
    group: 'screening',
    description: 'Symbols in the same sector as the given one, ranked by return correlation over the lookback.',
    input: z.strictObject({ symbol: symbolField, lookback: lookbackField, limit: z.number().int().min(1).max(20).default(5) }),
    run: async (ctx, i) => {
      if (!ctx.universe.has(i.symbol)) throw new ToolError('not_found', `no daily data for ${i.symbol}`, 'call list_symbols');
      const sector = ctx.universe.sectorOf(i.symbol);
      const others = ctx.universe.symbols().filter((s) => s !== i.symbol && ctx.universe.sectorOf(s) === sector);
      const rows = [];
      for (const s of others) {
        const { series } = await alignedReturns(ctx.universe, [i.symbol, s], i.lookback);
        rows.push({ symbol: s, name: ctx.universe.company(s)?.name ?? null, correlation: round(correlation(series[0], series[1]), 3) });
      }
      return { symbol: i.symbol, sector, peers: rows.sort((a, b) => (b.correlation ?? -2) - (a.correlation ?? -2)).slice(0, i.limit) };
    },
  }),
  defineTool({
    name: 'unusual_volume',
    group: 'screening',
    description: 'Symbols whose last session volume is at least `ratio` times their average over the previous `lookback` sessions.',
    input: z.strictObject({ lookback: z.number().int().min(5).max(120).default(20), ratio: z.number().min(1).max(50).default(2), limit: z.number().int().min(1).max(50).default(10) }),
    run: async (ctx, i) => {
      const rows = [];
      for (const s of ctx.universe.symbols()) {
        const b = await ctx.universe.bars(s);
        if (b.length < i.lookback + 1) continue;
        const prev = b.slice(-i.lookback - 1, -1);
        const avg = prev.reduce((a, x) => a + x.volume, 0) / prev.length;
        const lastBar = b[b.length - 1];
        const ratio = avg === 0 ? 0 : lastBar.volume / avg;
        if (ratio >= i.ratio) rows.push({ symbol: s, date: lastBar.date, volume: lastBar.volume, avg_volume: Math.round(avg), ratio: round(ratio, 2), return: round((await returnsByDate(ctx.universe, s, 1)).values().next().value ?? NaN) });
      }
      return rows.sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0)).slice(0, i.limit);
    },
  }),
  defineTool({
    name: 'new_highs_lows',
    group: 'screening',
    description: 'Symbols whose last close is within `within` of their highest (or lowest) close of the last `lookback` sessions (52 weeks by default).',
    input: z.strictObject({ lookback: lookbackField, within: z.number().min(0).max(0.5).default(0.02), side: z.enum(['high', 'low']).default('high'), limit: z.number().int().min(1).max(50).default(10) }),
    run: async (ctx, i) => {
      const rows = [];
      for (const s of ctx.universe.symbols()) {
        const b = (await ctx.universe.bars(s)).slice(-i.lookback);
        const c = b[b.length - 1].close;
        const ext = i.side === 'high' ? Math.max(...b.map((x) => x.close)) : Math.min(...b.map((x) => x.close));
        const gap = i.side === 'high' ? 1 - c / ext : c / ext - 1;
        if (gap <= i.within) rows.push({ symbol: s, close: c, [i.side === 'high' ? 'high' : 'low']: ext, distance: round(gap) });
      }
      return rows.sort((a, b) => (a.distance ?? 0) - (b.distance ?? 0)).slice(0, i.limit);
    },
  }),
];
