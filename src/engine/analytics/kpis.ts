/**
 * The KPIs a backtest can state from its equity samples and fills. Ratios are floats (they are
 * statistics, not money); money stays decimal text elsewhere.
 *
 * - total_return = E_end / E_start - 1
 * - per-period returns r_i = E_i / E_(i-1) - 1 over equally spaced samples
 * - volatility = sample standard deviation of r_i x sqrt(periods per year)
 * - sharpe = mean(r_i) / sd(r_i) x sqrt(periods per year) (risk-free rate 0); 0 when sd is 0
 * - sortino = mean(r_i) / downside deviation x sqrt(periods per year), downside deviation =
 *   sqrt(mean(min(r_i, 0)^2)); 0 when there is no downside
 * - max_drawdown = max over i of (peak_i - E_i) / peak_i, peak_i the running maximum
 * Periods per year = 365.25 days / sample interval (markets here trade around the clock or the
 * interval is intraday, so calendar time is the honest scale).
 */
export interface Kpis {
  total_return: number;
  volatility: number;
  sharpe: number;
  sortino: number;
  max_drawdown: number;
}

const NS_PER_YEAR = 365.25 * 24 * 3600 * 1e9;

export function equityKpis(equity: number[], intervalNs: number): Kpis {
  if (equity.length < 2 || equity[0] <= 0) return { total_return: 0, volatility: 0, sharpe: 0, sortino: 0, max_drawdown: 0 };
  const returns: number[] = [];
  for (let i = 1; i < equity.length; i++) returns.push(equity[i - 1] > 0 ? equity[i] / equity[i - 1] - 1 : 0);
  const n = returns.length;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1) : 0;
  const sd = Math.sqrt(variance);
  const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / n);
  const annual = Math.sqrt(NS_PER_YEAR / intervalNs);
  let peak = equity[0];
  let maxDd = 0;
  for (const e of equity) {
    if (e > peak) peak = e;
    const dd = peak > 0 ? (peak - e) / peak : 0;
    if (dd > maxDd) maxDd = dd;
  }
  return {
    total_return: equity[equity.length - 1] / equity[0] - 1,
    volatility: sd * annual,
    sharpe: sd > 0 ? (mean / sd) * annual : 0,
    sortino: downside > 0 ? (mean / downside) * annual : 0,
    max_drawdown: maxDd,
  };
}
