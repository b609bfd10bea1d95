import { z } from 'zod';
import {
  beta,
  conditionalValueAtRisk,
  correlation,
  drawdownAnalysis,
  PPY_EQUITIES_DAILY,
  sampleCovariance,
  sharpeRatio,
  sortinoRatio,
  valueAtRisk,
  volatility,
} from '../../engine/analytics/index.js';
import type { ToolContext } from '../context.js';
import { alignedReturns, benchmarkReturns, compound, holdings, money, portfolioReturns, resolveAccount, returnsByDate, round } from '../analysis.js';
import { accountField, defineTool, lookbackField, symbolField, ToolError, type ToolDef } from '../tool-kit.js';

/** Either one symbol or the holdings of an account. */
const target = {
  symbol: symbolField.optional().describe('a ticker; leave out to analyse the account'),
  account: accountField,
  lookback: lookbackField,
};

async function targetReturns(ctx: ToolContext, i: { symbol?: string; account?: string; lookback: number }): Promise<{ of: string; dates: string[]; returns: number[] }> {
  if (i.symbol !== undefined) {
    const m = await returnsByDate(ctx.universe, i.symbol, i.lookback);
    return { of: i.symbol, dates: [...m.keys()], returns: [...m.values()] };
  }
  const a = resolveAccount(ctx, i.account);
  const p = await portfolioReturns(ctx, a, i.lookback);
  return { of: `account ${a.name}`, dates: p.dates, returns: p.returns };
}

const equityOf = (rs: readonly number[]): number[] => {
  const e = [1];
  for (const r of rs) e.push(e[e.length - 1] * (1 + r));
  return e;
};

export const riskTools: ToolDef[] = [
  defineTool({
    name: 'beta',
    group: 'risk',
    description: 'Beta and correlation of a symbol, or of the account’s holdings, against the equal-weight S&P index of the data.',
    input: z.strictObject(target),
    run: async (ctx, i) => {
      const t = await targetReturns(ctx, i);
      const bench = await benchmarkReturns(ctx.universe, i.lookback);
      const days = t.dates.filter((d) => bench.has(d));
      const a = days.map((d) => t.returns[t.dates.indexOf(d)]);
      const b = days.map((d) => bench.get(d)!);
      return { of: t.of, days: days.length, beta: round(beta(a, b)), correlation: round(correlation(a, b)) };
    },
  }),
  defineTool({
    name: 'volatility',
    group: 'risk',
    description: 'Daily and annualized volatility (sample standard deviation of daily returns, 252 days a year).',
    input: z.strictObject(target),
    run: async (ctx, i) => {
      const t = await targetReturns(ctx, i);
      const annual = volatility(t.returns, PPY_EQUITIES_DAILY);
      return { of: t.of, days: t.returns.length, daily: round(annual / Math.sqrt(PPY_EQUITIES_DAILY)), annualized: round(annual) };
    },
  }),
  defineTool({
    name: 'value_at_risk',
    group: 'risk',
    description: 'Historical one-day VaR and CVaR (expected shortfall) at a confidence level, as return fractions and, for an account, in money.',
    input: z.strictObject({ ...target, level: z.number().min(0.5).max(0.999).default(0.95) }),
    run: async (ctx, i) => {
      const t = await targetReturns(ctx, i);
      const v = valueAtRisk(t.returns, i.level);
      const cv = conditionalValueAtRisk(t.returns, i.level);
      const out: Record<string, unknown> = { of: t.of, level: i.level, days: t.returns.length, var: round(v), cvar: round(cv) };
      if (i.symbol === undefined) {
        const h = await holdings(ctx, resolveAccount(ctx, i.account));
        const gross = h.holdings.reduce((s, x) => s + Math.abs(x.value), 0);
        out.var_money = money(v * gross);
        out.cvar_money = money(cv * gross);
      }
      return out;
    },
  }),
  defineTool({
    name: 'drawdown',
    group: 'risk',
    description: 'Maximum drawdown over the lookback, its peak and trough dates, and the current drawdown.',
    input: z.strictObject(target),
    run: async (ctx, i) => {
      const t = await targetReturns(ctx, i);
      const eq = equityOf(t.returns);
      const d = drawdownAnalysis(eq.map((e, k) => ({ ts: BigInt(k), equity: e })));
      const worst = d.maxDrawdownEpisode;
      // Equity point k is the close after return k - 1; point 0 is the day before the first return.
      const dateAt = (k: number | null | undefined) => (k === null || k === undefined ? null : (t.dates[k - 1] ?? `before ${t.dates[0]}`));
      return {
        of: t.of,
        max_drawdown: round(d.maxDrawdown),
        peak: dateAt(worst?.peakIndex),
        trough: dateAt(worst?.troughIndex),
        recovered: worst ? worst.recoveryIndex !== null : null,
        recovery: dateAt(worst?.recoveryIndex),
        current_drawdown: round(1 - eq[eq.length - 1] / Math.max(...eq)),
      };
    },
  }),
  defineTool({
    name: 'risk_adjusted_returns',
    group: 'risk',
    description: 'Sharpe and Sortino ratios (annualized, daily returns) with total and annualized return.',
    input: z.strictObject({ ...target, risk_free: z.number().min(0).max(0.2).default(0).describe('annual risk-free rate, e.g. 0.02') }),
    run: async (ctx, i) => {
      const t = await targetReturns(ctx, i);
      const total = compound(t.returns);
      return {
        of: t.of,
        days: t.returns.length,
        total_return: round(total),
        annualized_return: round((1 + total) ** (PPY_EQUITIES_DAILY / Math.max(1, t.returns.length)) - 1),
        sharpe: round(sharpeRatio(t.returns, PPY_EQUITIES_DAILY, i.risk_free), 3),
        sortino: round(sortinoRatio(t.returns, PPY_EQUITIES_DAILY, i.risk_free), 3),
      };
    },
  }),
  defineTool({
    name: 'correlation_matrix',
    group: 'risk',
    description: 'Pairwise correlation of daily returns, for given symbols or for the account’s holdings.',
    input: z.strictObject({ symbols: z.array(symbolField).min(2).max(12).optional(), account: accountField, lookback: lookbackField }),
    run: async (ctx, i) => {
      let symbols = i.symbols;
      if (symbols === undefined) {
        const h = await holdings(ctx, resolveAccount(ctx, i.account));
        symbols = h.holdings.filter((x) => ctx.universe.has(x.symbol)).map((x) => x.symbol);
        if (symbols.length < 2) throw new ToolError('no_data', 'the account has fewer than two symbols with history', 'pass "symbols" instead');
      }
      const { dates, series } = await alignedReturns(ctx.universe, symbols, i.lookback);
      return { symbols, days: dates.length, matrix: series.map((a) => series.map((b) => round(correlation(a, b), 3))) };
    },
  }),
  defineTool({
    name: 'risk_contribution',
    group: 'risk',
    description: 'Each holding’s share of portfolio variance (weight x covariance with the portfolio / portfolio variance).',
    input: z.strictObject({ account: accountField, lookback: lookbackField }),
    run: async (ctx, i) => {
      const p = await portfolioReturns(ctx, resolveAccount(ctx, i.account), i.lookback);
      const varP = sampleCovariance(p.returns, p.returns);
      return {
        portfolio_daily_vol: round(Math.sqrt(varP)),
        contributions: p.symbols.map((s, k) => ({ symbol: s, weight: round(p.weights[k]), share_of_risk: round((p.weights[k] * sampleCovariance(p.series[k], p.returns)) / varP) })),
        excluded_symbols: p.excluded,
      };
    },
  }),
  defineTool({
    name: 'stress_test',
    group: 'risk',
    description: 'Loss of the holdings in a scenario: a market shock scaled by each holding’s beta, optionally with an extra shock to one sector, or a replay of the worst day in the lookback.',
    input: z.strictObject({
      account: accountField,
      market_shock: z.number().min(-0.9).max(0.9).default(-0.1).describe('index move, e.g. -0.1 for -10%'),
      sector: z.string().max(60).optional(),
      sector_shock: z.number().min(-0.9).max(0.9).default(0),
      lookback: lookbackField,
    }),
    run: async (ctx, i) => {
      const h = await holdings(ctx, resolveAccount(ctx, i.account));
      const bench = await benchmarkReturns(ctx.universe, i.lookback);
      const rows = [];
      let loss = 0;
      for (const x of h.holdings) {
        let b = 1;
        if (ctx.universe.has(x.symbol)) {
          const m = await returnsByDate(ctx.universe, x.symbol, i.lookback);
          const days = [...m.keys()].filter((d) => bench.has(d));
          b = beta(days.map((d) => m.get(d)!), days.map((d) => bench.get(d)!));
        }
        const move = b * i.market_shock + (i.sector !== undefined && x.sector === i.sector ? i.sector_shock : 0);
        rows.push({ symbol: x.symbol, beta: round(b, 3), move: round(move), pnl: money(x.value * move) });
        loss += x.value * move;
      }
      const worst = [...bench].reduce((a, b) => (b[1] < a[1] ? b : a), ['', Infinity] as [string, number]);
      return { scenario: { market_shock: i.market_shock, sector: i.sector ?? null, sector_shock: i.sector_shock }, pnl: money(loss), equity_after: money(h.equity + loss), by_position: rows, worst_index_day: { date: worst[0] || null, return: round(worst[1]) } };
    },
  }),
];
