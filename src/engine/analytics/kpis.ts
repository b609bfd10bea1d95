import { maxDrawdown } from './drawdown.js';
import { NS_PER_YEAR } from './periods.js';
import { sharpeRatio, sortinoRatio, totalReturn, volatility } from './performance.js';

/**
 * The KPIs a backtest report states from its equally spaced equity samples. The formulas are the
 * library's (see docs/kpis.md):
 *
 * - total_return = E_end / E_start - 1
 * - per-period returns r_i = E_i / E_(i-1) - 1 over equally spaced samples
 * - volatility = sample standard deviation of r_i x sqrt(periods per year)
 * - sharpe = mean(r_i) / sd(r_i) x sqrt(periods per year) (risk-free rate 0)
 * - sortino = mean(r_i) / downside deviation x sqrt(periods per year), downside deviation =
 *   sqrt(mean(min(r_i, 0)^2))
 * - max_drawdown = max over i of (peak_i - E_i) / peak_i, peak_i the running maximum
 * Periods per year = 365.25 days / sample interval (markets here trade around the clock or the
 * interval is intraday, so calendar time is the honest scale).
 *
 * The report's JSON has always held plain numbers, so where the library answers NaN or Infinity
 * (fewer than two samples, zero sd, no downside) this reports 0, as it always has: a non-positive
 * first equity gives all zeros, and a return off a non-positive equity counts as 0.
 */
export interface Kpis {
  total_return: number;
  volatility: number;
  sharpe: number;
  sortino: number;
  max_drawdown: number;
}

function finiteOrZero(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

export function equityKpis(equity: number[], intervalNs: number): Kpis {
  if (equity.length < 2 || equity[0] <= 0) return { total_return: 0, volatility: 0, sharpe: 0, sortino: 0, max_drawdown: 0 };
  const returns: number[] = [];
  for (let i = 1; i < equity.length; i++) returns.push(equity[i - 1] > 0 ? equity[i] / equity[i - 1] - 1 : 0);
  const ppy = NS_PER_YEAR / intervalNs;
  return {
    total_return: totalReturn(equity),
    volatility: finiteOrZero(volatility(returns, ppy)),
    sharpe: finiteOrZero(sharpeRatio(returns, ppy)),
    sortino: finiteOrZero(sortinoRatio(returns, ppy)),
    max_drawdown: maxDrawdown(equity),
  };
}
