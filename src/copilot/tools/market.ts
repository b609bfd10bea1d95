import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { openMarketData } from '../../data/open.js';
import { L2Book } from '../../engine/book/l2-book.js';
import { lotsToQty, ticksToPrice } from '../../engine/model/instrument.js';
import { compound, money, returnsByDate, round } from '../analysis.js';
import type { DailyBar, SpUniverse } from '../market.js';
import { defineTool, lookbackField, symbolField, ToolError, type ToolDef } from '../tool-kit.js';

async function barsOf(u: SpUniverse, symbol: string): Promise<DailyBar[]> {
  if (!u.has(symbol)) throw new ToolError('not_found', `no daily data for ${symbol}`, 'call list_symbols for the symbols with data');
  return u.bars(symbol);
}

/** The deepest LOBSTER sample recording of a symbol beside the S&P folder, if any. */
function lobsterFile(u: SpUniverse, symbol: string): string | undefined {
  const dir = join(dirname(u.dir), 'lobster');
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .map((n) => ({ n, m: /^LOBSTER_SampleFile_([A-Z]+)_\d{4}-\d{2}-\d{2}_(\d+)\.zip$/.exec(n) }))
    .filter((x) => x.m && x.m[1] === symbol)
    .sort((a, b) => Number(b.m![2]) - Number(a.m![2]));
  return files[0] ? join(dir, files[0].n) : undefined;
}

const books = new Map<string, Promise<{ book: L2Book; events: number; data: Awaited<ReturnType<typeof openMarketData>> }>>();
function replayed(path: string) {
  let p = books.get(path);
  if (!p) {
    p = (async () => {
      const data = await openMarketData([path]);
      const book = new L2Book();
      let events = 0;
      for await (const batch of data.events()) {
        for (const e of batch) book.apply(e);
        events += batch.length;
      }
      return { book, events, data };
    })();
    books.set(path, p);
  }
  return p;
}

function weekKey(date: string): string {
  // The Monday of the date's week, UTC calendar.
  const t = Date.parse(`${date}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
}

export const marketTools: ToolDef[] = [
  defineTool({
    name: 'list_symbols',
    group: 'market',
    description: 'Symbols with daily history in the data, optionally of one GICS sector, with company names.',
    input: z.strictObject({ sector: z.string().max(60).optional() }),
    run: (ctx, i) =>
      ctx.universe
        .symbols()
        .filter((s) => i.sector === undefined || ctx.universe.sectorOf(s).toLowerCase() === i.sector.toLowerCase())
        .map((s) => ({ symbol: s, name: ctx.universe.company(s)?.name ?? null, sector: ctx.universe.sectorOf(s) })),
  }),
  defineTool({
    name: 'quote',
    group: 'market',
    description: 'The latest known price of a symbol: its last daily bar (open, high, low, close, volume) and the change on the day.',
    input: z.strictObject({ symbol: symbolField }),
    run: async (ctx, i) => {
      const bars = await barsOf(ctx.universe, i.symbol);
      const b = bars[bars.length - 1];
      const prev = bars[bars.length - 2];
      return { symbol: i.symbol, as_of: b.date, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, change: prev ? round(b.close - prev.close) : null, change_pct: prev ? round(b.close / prev.close - 1) : null };
    },
  }),
  defineTool({
    name: 'price_history',
    group: 'market',
    description: 'Daily closes of a symbol between two dates (inclusive), at most `limit` rows, newest last.',
    input: z.strictObject({
      symbol: symbolField,
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
      to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
      limit: z.number().int().min(1).max(500).default(60),
    }),
    run: async (ctx, i) => {
      const rows = (await barsOf(ctx.universe, i.symbol)).filter((b) => (i.from === undefined || b.date >= i.from) && (i.to === undefined || b.date <= i.to));
      return { symbol: i.symbol, rows: rows.slice(-i.limit).map((b) => ({ date: b.date, close: b.close })) };
    },
  }),
  defineTool({
    name: 'bars',
    group: 'market',
    description: 'OHLCV bars of a symbol: daily, or aggregated to weeks or months; the last `limit` bars.',
    input: z.strictObject({ symbol: symbolField, interval: z.enum(['day', 'week', 'month']).default('day'), limit: z.number().int().min(1).max(300).default(20) }),
    run: async (ctx, i) => {
      const daily = await barsOf(ctx.universe, i.symbol);
      if (i.interval === 'day') return daily.slice(-i.limit);
      const key = (d: string) => (i.interval === 'week' ? weekKey(d) : d.slice(0, 7));
      const out: DailyBar[] = [];
      for (const b of daily) {
        const k = key(b.date);
        const cur = out[out.length - 1];
        if (cur && key(cur.date) === k) {
          cur.high = Math.max(cur.high, b.high);
          cur.low = Math.min(cur.low, b.low);
          cur.close = b.close;
          cur.volume += b.volume;
        } else out.push({ ...b });
      }
      return out.slice(-i.limit).map((b) => ({ ...b, period: key(b.date) }));
    },
  }),
  defineTool({
    name: 'market_status',
    group: 'market',
    description: 'What the market data covers: the last session in the data, the number of symbols, and whether prices are live (they are not: historical data).',
    input: z.strictObject({}),
    run: async (ctx) => {
      const syms = ctx.universe.symbols();
      const lastDates = await Promise.all(syms.slice(0, 10).map(async (s) => (await ctx.universe.lastClose(s)).date));
      return { live: false, status: 'closed: historical daily data', last_session: lastDates.sort().pop() ?? null, symbols: syms.length, orders_execute_at: 'the last daily close, after a human approves them' };
    },
  }),
  defineTool({
    name: 'book_depth',
    group: 'market',
    description: 'The order book (bids and asks, best first) at the end of a recorded LOBSTER session for the symbol, when one exists.',
    input: z.strictObject({ symbol: symbolField, depth: z.number().int().min(1).max(10).default(5) }),
    run: async (ctx, i) => {
      const file = lobsterFile(ctx.universe, i.symbol);
      if (!file) throw new ToolError('no_data', `no order-book recording of ${i.symbol}`, 'book depth exists for the LOBSTER samples (AAPL, AMZN, GOOG, INTC, MSFT)');
      const { book, events, data } = await replayed(file);
      const inst = data.instrument;
      const side = (ls: [number, number][]) => ls.map(([p, q]) => ({ price: ticksToPrice(inst, p), qty: lotsToQty(inst, q) }));
      const lv = book.levels(i.depth);
      return { symbol: i.symbol, recording: file.split('/').pop(), events, bids: side(lv.bids), asks: side(lv.asks) };
    },
  }),
  defineTool({
    name: 'spread_liquidity',
    group: 'market',
    description: 'Liquidity of a symbol over the lookback: average daily volume and dollar volume, average high-low range, Amihud illiquidity, and the quoted spread from a book recording when one exists.',
    input: z.strictObject({ symbol: symbolField, lookback: lookbackField.default(20) }),
    run: async (ctx, i) => {
      const bars = (await barsOf(ctx.universe, i.symbol)).slice(-i.lookback - 1);
      const rows = bars.slice(1);
      const dollar = rows.map((b) => b.close * b.volume);
      const amihud = rows.reduce((s, b, k) => s + Math.abs(b.close / bars[k].close - 1) / (b.close * b.volume || 1), 0) / rows.length;
      const out: Record<string, unknown> = {
        symbol: i.symbol,
        days: rows.length,
        avg_volume: Math.round(rows.reduce((s, b) => s + b.volume, 0) / rows.length),
        avg_dollar_volume: money(dollar.reduce((a, b) => a + b, 0) / rows.length),
        avg_range_pct: round(rows.reduce((s, b) => s + (b.high - b.low) / b.close, 0) / rows.length),
        amihud_illiquidity_per_million: round(amihud * 1e6, 6),
      };
      const file = lobsterFile(ctx.universe, i.symbol);
      if (file) {
        const { book, data } = await replayed(file);
        const bid = book.bestBid();
        const ask = book.bestAsk();
        if (bid !== undefined && ask !== undefined) out.book_spread = { bid: ticksToPrice(data.instrument, bid), ask: ticksToPrice(data.instrument, ask), recording: file.split('/').pop() };
      }
      return out;
    },
  }),
  defineTool({
    name: 'compare_performance',
    group: 'market',
    description: 'Total return of several symbols over the same lookback, best first.',
    input: z.strictObject({ symbols: z.array(symbolField).min(1).max(20), lookback: lookbackField }),
    run: async (ctx, i) => {
      const rows = [];
      for (const s of i.symbols) rows.push({ symbol: s, total_return: round(compound([...(await returnsByDate(ctx.universe, s, i.lookback)).values()])) });
      return rows.sort((a, b) => (b.total_return ?? -Infinity) - (a.total_return ?? -Infinity));
    },
  }),
];
