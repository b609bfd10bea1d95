import { z } from 'zod';
import { maxDrawdown } from '../../engine/analytics/index.js';
import { sma } from '../indicators.js';
import { round } from '../analysis.js';
import { defineTool, symbolField, ToolError, type ToolDef } from '../tool-kit.js';

/**
 * A short what-if on daily closes: long when the fast SMA is above the slow one, flat otherwise,
 * deciding on one close and trading at the next (no look-ahead), no costs. For quick questions
 * ("would a 20/50 cross have worked on AAPL?"); real backtests are `vtrade backtest`.
 */
export const backtestTools: ToolDef[] = [
  defineTool({
    name: 'backtest_sma_cross',
    group: 'backtest',
    description: 'Backtest a long/flat moving-average crossover on daily closes over the lookback against buy-and-hold: return, trades, time in market, max drawdown.',
    input: z.strictObject({
      symbol: symbolField,
      fast: z.number().int().min(2).max(100).default(20),
      slow: z.number().int().min(5).max(250).default(50),
      lookback: z.number().int().min(60).max(1260).default(504),
    }),
    run: async (ctx, i) => {
      if (i.fast >= i.slow) throw new ToolError('invalid_input', 'fast must be shorter than slow', 'for example fast 20, slow 50');
      if (!ctx.universe.has(i.symbol)) throw new ToolError('not_found', `no daily data for ${i.symbol}`, 'call list_symbols');
      const all = (await ctx.universe.bars(i.symbol)).map((b) => b.close);
      const dates = (await ctx.universe.bars(i.symbol)).map((b) => b.date);
      const f = sma(all, i.fast);
      const s = sma(all, i.slow);
      const start = Math.max(i.slow, all.length - i.lookback);
      if (start >= all.length - 1) throw new ToolError('no_data', `${i.symbol} has too little history for a ${i.slow}-day average`, 'use a shorter slow period');
      let eq = 1;
      let inMarket = false;
      let trades = 0;
      let daysIn = 0;
      const curve = [1];
      for (let t = start; t < all.length; t++) {
        if (inMarket) {
          eq *= all[t] / all[t - 1];
          daysIn++;
        }
        curve.push(eq);
        const want = f[t] > s[t];
        if (want !== inMarket) {
          trades++;
          inMarket = want;
        }
      }
      const hold = all[all.length - 1] / all[start - 1] - 1;
      return {
        symbol: i.symbol,
        from: dates[start],
        to: dates[dates.length - 1],
        strategy_return: round(eq - 1),
        buy_and_hold_return: round(hold),
        trades,
        time_in_market: round(daysIn / (all.length - start)),
        max_drawdown: round(maxDrawdown(curve)),
        assumptions: 'signal at a close, trade at the next close, no costs, long or flat',
      };
    },
  }),
];
