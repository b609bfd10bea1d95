/**
 * The running peak and the drawdown of every sample, for drawing: P_i = max(E_0 .. E_i) and
 * D_i = 1 - E_i / P_i, the definitions of docs/kpis.md (the KPIs themselves, max drawdown and its
 * duration, come from drawdownAnalysis). A non-positive peak has no drawdown: NaN there.
 */
export function underwater(equity: readonly number[]): { peaks: number[]; drawdowns: number[] } {
  const peaks: number[] = [];
  const drawdowns: number[] = [];
  let peak = -Infinity;
  for (const e of equity) {
    if (e > peak) peak = e;
    peaks.push(peak);
    drawdowns.push(peak > 0 ? 1 - e / peak : NaN);
  }
  return { peaks, drawdowns };
}
