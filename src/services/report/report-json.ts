import { Decimal } from 'decimal.js';
import { reportNumber } from '../../engine/analytics/index.js';
import type { ReportFigures } from './report-figures.js';

/** Money as text with at most 10 decimals, as run reports and account summaries print it. */
export function moneyText(x: Decimal.Value): string {
  return new Decimal(x).toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toFixed();
}

/** A float money figure (an average of trades) as decimal text; null when undefined. */
function floatMoney(x: number): string | null {
  return Number.isFinite(x) ? moneyText(x) : null;
}

type JsonNumber = ReturnType<typeof reportNumber>;

export interface ReportJson {
  kind: 'run' | 'account';
  name: string;
  currency: string;
  equity_source: string;
  samples: number;
  first_ts: string | null;
  last_ts: string | null;
  periods_per_year: JsonNumber;
  money: { start_equity: string; end_equity: string; pnl: string; realized: string; fees: string; cash: string };
  fills: number;
  kpis: {
    total_return: JsonNumber;
    annualized_return: JsonNumber;
    volatility: JsonNumber;
    sharpe: JsonNumber;
    sortino: JsonNumber;
    max_drawdown: JsonNumber;
    max_drawdown_duration_ns: string;
    calmar: JsonNumber;
    var_95: JsonNumber;
    cvar_95: JsonNumber;
  };
  max_drawdown_episode: { peak_ts: string; trough_ts: string; recovery_ts: string | null; peak_equity: JsonNumber; trough_equity: JsonNumber; depth: JsonNumber } | null;
  trades: {
    count: number;
    wins: number;
    losses: number;
    win_rate: JsonNumber;
    profit_factor: JsonNumber;
    pnl: string;
    gross_profit: string | null;
    gross_loss: string | null;
    expectancy: string | null;
  };
  monthly: { month: string; return: JsonNumber }[];
  allocation: Record<'by_sector' | 'by_asset_class' | 'by_symbol', { key: string; value: string; weight: JsonNumber }[]>;
  holdings: { symbol: string; asset_class: string; sector: string | null; qty: string; price: string | null; value: string }[];
}

/**
 * The report as JSON: money as decimal text, ratios as numbers, with "inf" / "-inf" for the
 * unbounded and null for the undefined (reportNumber), ns durations and timestamps as text.
 */
export function reportJson(f: ReportFigures): ReportJson {
  const d = f.data;
  const ep = f.maxDrawdownEpisode;
  const shares = (xs: ReportFigures['allocation']['sector']) => xs.map((s) => ({ key: s.key, value: moneyText(s.value), weight: reportNumber(s.weight) }));
  return {
    kind: d.kind,
    name: d.name,
    currency: d.currency,
    equity_source: d.equitySource,
    samples: d.equity.length,
    first_ts: d.equity[0]?.ts.toString() ?? null,
    last_ts: d.equity[d.equity.length - 1]?.ts.toString() ?? null,
    periods_per_year: reportNumber(f.periodsPerYear),
    money: {
      start_equity: moneyText(d.money.startEquity),
      end_equity: moneyText(d.money.endEquity),
      pnl: moneyText(d.money.pnl),
      realized: moneyText(d.money.realized),
      fees: moneyText(d.money.fees),
      cash: moneyText(d.money.cash),
    },
    fills: d.money.fills,
    kpis: {
      total_return: reportNumber(f.totalReturn),
      annualized_return: reportNumber(f.annualizedReturn),
      volatility: reportNumber(f.volatility),
      sharpe: reportNumber(f.sharpe),
      sortino: reportNumber(f.sortino),
      max_drawdown: reportNumber(f.maxDrawdown),
      max_drawdown_duration_ns: f.maxDrawdownDurationNs.toString(),
      calmar: reportNumber(f.calmar),
      var_95: reportNumber(f.var95),
      cvar_95: reportNumber(f.cvar95),
    },
    max_drawdown_episode:
      ep === null
        ? null
        : {
            peak_ts: ep.peakTs.toString(),
            trough_ts: ep.troughTs.toString(),
            recovery_ts: ep.recoveryTs?.toString() ?? null,
            peak_equity: reportNumber(ep.peakEquity),
            trough_equity: reportNumber(ep.troughEquity),
            depth: reportNumber(ep.depth),
          },
    trades: {
      count: f.trades.count,
      wins: f.trades.wins,
      losses: f.trades.losses,
      win_rate: reportNumber(f.trades.winRate),
      profit_factor: reportNumber(f.trades.profitFactor),
      pnl: moneyText(f.tradesPnl),
      gross_profit: floatMoney(f.trades.grossProfit),
      gross_loss: floatMoney(f.trades.grossLoss),
      expectancy: floatMoney(f.trades.expectancy),
    },
    monthly: f.monthly.map((m) => ({ month: m.month, return: reportNumber(m.ret) })),
    allocation: { by_sector: shares(f.allocation.sector), by_asset_class: shares(f.allocation.asset_class), by_symbol: shares(f.allocation.symbol) },
    holdings: d.holdings.map((h) => ({ symbol: h.symbol, asset_class: h.assetClass, sector: h.sector, qty: h.qty, price: h.price, value: moneyText(h.value) })),
  };
}
