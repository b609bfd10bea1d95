import { Decimal } from 'decimal.js';
import { argmax, sharpe } from '../../engine/analytics/overfitting.js';
import type { SweepJobResult } from './job.js';
import { alignedReturns } from './period-equity.js';

/**
 * Walk-forward over K consecutive windows: in each window after the first, the params that had
 * the best Sharpe in the window before are traded. The stitched out-of-sample result stands
 * beside the best in hindsight: the single case that did best over the same windows 2..K, chosen
 * knowing them. A case whose run failed in a window is never chosen there.
 */
export interface WalkForwardStep {
  window: number;
  /** The case traded in this window: the in-sample winner of the window before. */
  case: number;
  in_sample_sharpe: number;
  oos_sharpe: number;
  oos_pnl: string;
  /** The fingerprint of that run: `backtest --param ... --window K`'s case for this window. */
  oos_fingerprint: string;
}

export interface WalkForward {
  windows: number;
  steps: WalkForwardStep[];
  stitched: { sharpe: number; pnl: string; total_return: number };
  hindsight: { case: number; sharpe: number; pnl: string; total_return: number };
}

/** windowResults[c][k-1] = case c's run over window k (undefined if it is missing). */
export function walkForward(cases: number[], windowResults: (SweepJobResult | undefined)[][], windows: number): WalkForward | null {
  if (windows < 2 || cases.length === 0) return null;
  const perWindow: { returns: (number[] | null)[]; pnl: (string | null)[] }[] = [];
  for (let k = 0; k < windows; k++) {
    const runs = windowResults.map((w) => w[k]);
    const ok = runs.map((r) => r !== undefined && !r.error && r.equity !== undefined);
    const aligned = alignedReturns(runs.filter((_, i) => ok[i]).map((r) => r!.equity!));
    let j = 0;
    perWindow.push({
      returns: runs.map((_, i) => (ok[i] ? aligned.returns[j++] : null)),
      pnl: runs.map((r, i) => (ok[i] ? String(r!.figures!.pnl) : null)),
    });
  }
  const steps: WalkForwardStep[] = [];
  const stitchedReturns: number[] = [];
  let stitchedPnl = new Decimal(0);
  for (let k = 1; k < windows; k++) {
    const before = perWindow[k - 1].returns.map((r) => (r === null ? -Infinity : sharpe(r)));
    const chosen = argmax(before);
    const now = perWindow[k].returns[chosen];
    if (before[chosen] === -Infinity || now === null) return null;
    stitchedReturns.push(...now);
    stitchedPnl = stitchedPnl.plus(perWindow[k].pnl[chosen]!);
    const run = windowResults[chosen][k]!;
    steps.push({ window: k + 1, case: cases[chosen], in_sample_sharpe: before[chosen], oos_sharpe: sharpe(now), oos_pnl: perWindow[k].pnl[chosen]!, oos_fingerprint: run.fingerprint! });
  }
  const hindsight = windowResults.map((_, i) => {
    const rs = perWindow.slice(1).map((w) => w.returns[i]);
    if (rs.some((r) => r === null)) return null;
    return { returns: rs.flat() as number[], pnl: perWindow.slice(1).reduce((a, w) => a.plus(w.pnl[i]!), new Decimal(0)) };
  });
  const best = argmax(hindsight.map((h) => (h === null ? -Infinity : sharpe(h.returns))));
  const h = hindsight[best];
  if (!h) return null;
  return {
    windows,
    steps,
    stitched: { sharpe: sharpe(stitchedReturns), pnl: stitchedPnl.toFixed(), total_return: compound(stitchedReturns) },
    hindsight: { case: cases[best], sharpe: sharpe(h.returns), pnl: h.pnl.toFixed(), total_return: compound(h.returns) },
  };
}

function compound(rs: readonly number[]): number {
  return rs.reduce((a, r) => a * (1 + r), 1) - 1;
}
