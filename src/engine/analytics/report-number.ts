/**
 * How a KPI goes into a JSON report. The library returns Infinity for unbounded ratios (profit
 * factor without losses, Sharpe of a riskless gain) and NaN for undefined ones (no data);
 * JSON.stringify would turn both into null and lose the difference, so reports write
 * "inf" / "-inf" for the infinities and null for NaN.
 */
export function reportNumber(x: number): number | 'inf' | '-inf' | null {
  if (Number.isNaN(x)) return null;
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return x;
}
