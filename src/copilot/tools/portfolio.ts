import { z } from 'zod';
import { listAccounts, cashOf } from '../../store/accounts.js';
import { listStagedOrders } from '../../store/staged-orders.js';
import { latestFills, latestLedger } from '../../store/account-history.js';
import { summariseAccount } from '../../services/account-summary.js';
import { beta, returnCorrelation } from '../../engine/analytics/index.js';
import { benchmarkReturns, compound, holdings, money, portfolioReturns, resolveAccount, round } from '../analysis.js';
import { accountField, defineTool, lookbackField, type ToolDef } from '../tool-kit.js';

const acct = z.strictObject({ account: accountField });

export const portfolioTools: ToolDef[] = [
  defineTool({
    name: 'list_accounts',
    group: 'portfolio',
    description: 'List the paper accounts with their cash.',
    input: z.strictObject({}),
    run: (ctx) => listAccounts(ctx.db).map((a) => ({ name: a.name, currency: a.currency, cash: cashOf(ctx.db, a.id) })),
  }),
  defineTool({
    name: 'account_summary',
    group: 'portfolio',
    description: "Cash, equity, deposits, P&L, realized P&L, fees, fill and run counts of a paper account (positions marked in the account's own market).",
    input: acct,
    run: (ctx, i) => {
      const s = summariseAccount(ctx.db, resolveAccount(ctx, i.account));
      return { name: s.name, currency: s.currency, cash: s.cash, equity: s.equity, kpis: s.kpis, positions: s.positions.length };
    },
  }),
  defineTool({
    name: 'positions',
    group: 'portfolio',
    description: "Open positions of a paper account, marked in the account's own market (the data it trades, with that price's time and source), with weights and unrealized P&L.",
    input: acct,
    run: async (ctx, i) => {
      const a = resolveAccount(ctx, i.account);
      const h = await holdings(ctx, a);
      return {
        account: a.name,
        cash: money(h.cash),
        equity: money(h.equity),
        positions: h.holdings.map((p) => ({
          symbol: p.symbol,
          qty: p.qty,
          price: p.price,
          priced_by: p.priced_by,
          as_of: p.as_of,
          source: p.source,
          market_value: money(p.value),
          weight: round(p.weight),
          avg_cost: p.qty === 0 ? null : round(p.cost_basis / Math.abs(p.qty)),
          unrealized: p.price === null ? null : money(p.qty > 0 ? p.value - p.cost_basis : p.cost_basis - Math.abs(p.value)),
          sector: p.sector,
        })),
      };
    },
  }),
  defineTool({
    name: 'performance_vs_benchmark',
    group: 'portfolio',
    description: 'Return of the current holdings over the lookback against an equal-weight index of every S&P symbol in the data: total return, excess, beta, correlation.',
    input: z.strictObject({ account: accountField, lookback: lookbackField }),
    run: async (ctx, i) => {
      const p = await portfolioReturns(ctx, resolveAccount(ctx, i.account), i.lookback);
      const bench = await benchmarkReturns(ctx.universe, i.lookback);
      const days = p.dates.filter((d) => bench.has(d));
      const pr = days.map((d) => p.returns[p.dates.indexOf(d)]);
      const br = days.map((d) => bench.get(d)!);
      const total = compound(pr);
      const btotal = compound(br);
      return {
        from: days[0],
        to: days[days.length - 1],
        days: days.length,
        portfolio_return: round(total),
        benchmark_return: round(btotal),
        excess_return: round(total - btotal),
        beta: round(beta(pr, br)),
        correlation: round(returnCorrelation(pr, br)),
        benchmark: 'equal-weight index of the S&P symbols in the data',
        excluded_symbols: p.excluded,
      };
    },
  }),
  defineTool({
    name: 'allocation',
    group: 'portfolio',
    description: 'How the account is split by symbol or by sector, as weights of gross position value, plus cash as a share of equity.',
    input: z.strictObject({ account: accountField, by: z.enum(['symbol', 'sector']).default('sector') }),
    run: async (ctx, i) => {
      const h = await holdings(ctx, resolveAccount(ctx, i.account));
      const buckets = new Map<string, number>();
      for (const p of h.holdings) buckets.set(i.by === 'symbol' ? p.symbol : p.sector, (buckets.get(i.by === 'symbol' ? p.symbol : p.sector) ?? 0) + p.weight);
      return {
        by: i.by,
        cash_share_of_equity: h.equity === 0 ? null : round(h.cash / h.equity),
        weights: [...buckets].sort((a, b) => b[1] - a[1]).map(([k, w]) => ({ [i.by]: k, weight: round(w) })),
      };
    },
  }),
  defineTool({
    name: 'concentration',
    group: 'portfolio',
    description: 'Concentration of the holdings: largest weight, top-3 share, Herfindahl index and effective number of positions.',
    input: acct,
    run: async (ctx, i) => {
      const h = await holdings(ctx, resolveAccount(ctx, i.account));
      const w = h.holdings.map((p) => Math.abs(p.weight)).sort((a, b) => b - a);
      const hhi = w.reduce((s, x) => s + x * x, 0);
      return {
        positions: w.length,
        largest: h.holdings.length ? h.holdings.reduce((a, b) => (Math.abs(b.weight) > Math.abs(a.weight) ? b : a)).symbol : null,
        largest_weight: round(w[0] ?? 0),
        top3_share: round(w.slice(0, 3).reduce((a, b) => a + b, 0)),
        herfindahl: round(hhi),
        effective_positions: hhi === 0 ? 0 : round(1 / hhi, 2),
      };
    },
  }),
  defineTool({
    name: 'pnl_attribution',
    group: 'portfolio',
    description: "P&L by position: realized, unrealized at the account's own mark, and each position’s share of the total.",
    input: acct,
    run: async (ctx, i) => {
      const h = await holdings(ctx, resolveAccount(ctx, i.account));
      const rows = h.holdings.map((p) => {
        const unreal = p.price === null ? 0 : p.qty > 0 ? p.value - p.cost_basis : p.cost_basis - Math.abs(p.value);
        return { symbol: p.symbol, realized: p.realized, unrealized: unreal, total: p.realized + unreal };
      });
      const total = rows.reduce((s, r) => s + r.total, 0);
      return {
        total_pnl: money(total),
        by_position: rows
          .sort((a, b) => b.total - a.total)
          .map((r) => ({ symbol: r.symbol, realized: money(r.realized), unrealized: money(r.unrealized), total: money(r.total), share: total === 0 ? null : round(r.total / total) })),
      };
    },
  }),
  defineTool({
    name: 'transactions',
    group: 'portfolio',
    description: 'The account’s fills, newest first.',
    input: z.strictObject({ account: accountField, limit: z.number().int().min(1).max(200).default(20) }),
    run: (ctx, i) => {
      const a = resolveAccount(ctx, i.account);
      return latestFills(ctx.db, a.id, i.limit);
    },
  }),
  defineTool({
    name: 'cash_ledger',
    group: 'portfolio',
    description: 'The account’s cash movements (deposits, purchases, sales, commissions) with running balance, newest first.',
    input: z.strictObject({ account: accountField, limit: z.number().int().min(1).max(200).default(20) }),
    run: (ctx, i) => {
      const a = resolveAccount(ctx, i.account);
      return latestLedger(ctx.db, a.id, i.limit);
    },
  }),
  defineTool({
    name: 'open_orders',
    group: 'portfolio',
    description: 'Orders waiting on the account: staged orders not yet approved, cancelled or executed. Paper replays leave no resting orders.',
    input: acct,
    run: (ctx, i) => {
      const a = resolveAccount(ctx, i.account);
      return listStagedOrders(ctx.db, { accountId: a.id, status: 'staged' }).map((o) => ({ id: o.id, symbol: o.symbol, side: o.side, qty: o.qty, type: o.order_type, limit: o.limit_price, tif: o.tif, status: o.status }));
    },
  }),
];
