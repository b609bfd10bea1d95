import type { Decimal } from 'decimal.js';
import {
  annualizedReturn,
  calmarRatio,
  conditionalValueAtRisk,
  dailyReturns,
  drawdownAnalysis,
  endOfDaySnapshots,
  equityValues,
  monthlyReturns,
  newYorkCloseDayKey,
  periodsPerYearFromInterval,
  periodsPerYearFromTimestamps,
  sharpeRatio,
  simpleReturns,
  sortinoRatio,
  totalReturn,
  tradeStats,
  utcDayKey,
  valueAtRisk,
  volatility,
  type DayEquity,
  type DayKeyFn,
  type DrawdownEpisode,
  type EquityPoint,
  type MonthReturn,
  type TradeStats,
} from '../../engine/analytics/index.js';
import { LedgerDecimal } from '../../engine/portfolio/lots.js';
import { allocation, type AllocationShare } from './allocation.js';
import type { ReportData } from './report-data.js';
import { roundTrips } from './round-trips.js';
import { underwater } from './underwater.js';

/** Every figure a report states; ratios as the KPI library returns them (NaN, +/-Infinity kept). */
export interface ReportFigures {
  data: ReportData;
  /** Float equity of each sample (for charts), and its running peak and drawdown. */
  values: number[];
  peaks: number[];
  drawdowns: number[];
  periodsPerYear: number;
  totalReturn: number;
  annualizedReturn: number;
  volatility: number;
  sharpe: number;
  sortino: number;
  maxDrawdown: number;
  maxDrawdownDurationNs: bigint;
  maxDrawdownEpisode: DrawdownEpisode | null;
  calmar: number;
  var95: number;
  cvar95: number;
  /** Closed round trips and their statistics (win rate, profit factor). */
  trades: TradeStats;
  /** Sum of the closed trips' P&L after fees, exact. */
  tradesPnl: Decimal;
  monthly: MonthReturn[];
  allocation: { sector: AllocationShare[]; asset_class: AllocationShare[]; symbol: AllocationShare[] };
}

/**
 * Daily snapshots with the first sample in front as the base, so the first day's (and month's)
 * return runs from the starting equity: a run inside one day still has a month.
 */
function snapshotsFromStart(points: readonly EquityPoint[], dayKey: DayKeyFn): DayEquity[] {
  const days = endOfDaySnapshots(points, dayKey);
  if (points.length === 0) return days;
  return [{ day: days[0].day, ts: points[0].ts, equity: Number(points[0].equity) }, ...days];
}

/** New York sessions for equity books (a day ends at the 16:00 close), else UTC dates. */
function dayKeyFor(data: ReportData): DayKeyFn {
  if (!data.equitiesOnly || data.equity.length === 0) return utcDayKey;
  try {
    newYorkCloseDayKey(data.equity[0].ts);
    return newYorkCloseDayKey;
  } catch {
    return utcDayKey; // before 1987 there are no daylight rules to apply
  }
}

/**
 * The KPIs of report data, all from the analytics library (docs/kpis.md): returns are per
 * sample; periods per year come from the sampling interval when the source fixes one (a
 * backtest's NAV interval), else from the timestamps actually observed.
 */
export function computeFigures(data: ReportData): ReportFigures {
  const points = data.equity;
  const values = equityValues(points);
  const returns = simpleReturns(values);
  const ppy = data.sampleIntervalNs !== null ? periodsPerYearFromInterval(data.sampleIntervalNs) : periodsPerYearFromTimestamps(points.map((p) => p.ts));
  const dd = drawdownAnalysis(points);
  const annual = annualizedReturn(points);
  const trips = roundTrips(data.fills);
  const { peaks, drawdowns } = underwater(values);
  return {
    data,
    values,
    peaks,
    drawdowns,
    periodsPerYear: ppy,
    totalReturn: totalReturn(values),
    annualizedReturn: annual,
    volatility: volatility(returns, ppy),
    sharpe: sharpeRatio(returns, ppy),
    sortino: sortinoRatio(returns, ppy),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownDurationNs: dd.maxDrawdownDurationNs,
    maxDrawdownEpisode: dd.maxDrawdownEpisode,
    calmar: calmarRatio(annual, dd.maxDrawdown),
    var95: valueAtRisk(returns, 0.95),
    cvar95: conditionalValueAtRisk(returns, 0.95),
    trades: tradeStats(trips.map((t) => t.pnl.toString())),
    tradesPnl: trips.reduce((s, t) => s.plus(t.pnl), new LedgerDecimal(0)),
    monthly: monthlyReturns(dailyReturns(snapshotsFromStart(points, dayKeyFor(data)))),
    allocation: {
      sector: allocation(data.holdings, 'sector'),
      asset_class: allocation(data.holdings, 'asset_class'),
      symbol: allocation(data.holdings, 'symbol'),
    },
  };
}
