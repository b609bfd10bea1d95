import { cscvPbo, deflatedSharpe, sharpe, type Cscv, type DeflatedSharpe } from '../../engine/analytics/overfitting.js';
import type { FigureValue } from '../assertions.js';
import { ENGINE_VERSION } from '../run-outputs.js';
import type { ParamAxis, ParamSet } from './grid.js';
import type { SweepJobResult } from './job.js';
import { alignedReturns } from './period-equity.js';
import type { SweepPlan } from './plan.js';
import { walkForward, type WalkForward } from './walk-forward.js';

/**
 * sweep.json: every case with its params, fingerprint and metrics, the returns the overfitting
 * figures are computed from (one row per case), and the figures. It holds nothing about how or
 * where the cases ran (no timings, no members), so the same sweep gives the same bytes on one
 * machine or many.
 */
export const SWEEP_FILE_VERSION = 1;

export interface SweepCaseJson {
  index: number;
  strategy: string;
  data: string[];
  params: ParamSet;
  fingerprint: string | null;
  /** The backtest's figures (as `--assert` names them) and sharpe_per_period, the Sharpe of its row of returns. */
  metrics: Record<string, FigureValue> | null;
  error?: { message: string; exit_code: number; hint?: string };
}

export interface Overfitting {
  /** Probability of backtest overfitting (CSCV); null when it cannot be computed (see note). */
  pbo: number | null;
  deflated_sharpe: number | null;
  /** Index of the case with the best full-sample Sharpe: the one a search would pick. */
  selected: number | null;
}

export interface SweepGroup {
  data: string[];
  cases: number[];
  returns_start_ns: string;
  overfitting: Overfitting;
  /** Why a figure is null, if one is. */
  note?: string;
  cscv: { blocks: number; block_periods: number; dropped_periods: number; splits: { in_sample_blocks: number[]; best: number; is_sharpe: number; oos_sharpe: number; oos_rank: number; lambda: number }[] } | null;
  deflated_sharpe_detail: { sharpe: number; expected_max_sharpe: number; periods: number; skewness: number; kurtosis: number } | null;
  walk_forward?: WalkForward | null;
}

export interface SweepFile {
  sweep_version: number;
  engine_version: string;
  seed: number;
  params: ParamAxis[];
  period_ns: string;
  cscv_blocks: number;
  cases: SweepCaseJson[];
  returns: number[][];
  overfitting: Overfitting | null;
  groups: SweepGroup[];
}

export function buildSweepFile(args: { plan: SweepPlan; results: Map<string, SweepJobResult>; axes: ParamAxis[]; seed: number; blocks: number }): SweepFile {
  const { plan, results } = args;
  const cases: SweepCaseJson[] = [];
  for (const c of plan.cases) {
    const r = results.get(c.job);
    const row: SweepCaseJson = { index: c.index, strategy: c.strategy, data: c.data, params: c.params, fingerprint: r?.fingerprint ?? null, metrics: r?.figures ? { ...r.figures } : null };
    if (!r) row.error = { message: 'the case did not run', exit_code: 3 };
    else if (r.error) row.error = { message: r.error.message, exit_code: r.error.exitCode, ...(r.error.hint ? { hint: r.error.hint } : {}) };
    cases.push(row);
  }
  const returns: number[][] = plan.cases.map(() => []);
  const groups: SweepGroup[] = [];
  const sessions = [...new Map(plan.cases.map((c) => [c.data.join('\n'), c.data])).values()];
  let period = '';
  for (const data of sessions) {
    const members = plan.cases.filter((c) => c.data.join('\n') === data.join('\n')).map((c) => c.index);
    const ok = members.filter((i) => cases[i].metrics !== null);
    const equities = ok.map((i) => results.get(plan.cases[i].job)!.equity!);
    const aligned = alignedReturns(equities);
    if (ok.length > 0) period ||= aligned.periodNs;
    ok.forEach((i, j) => {
      returns[i] = aligned.returns[j];
      cases[i].metrics!.sharpe_per_period = sharpe(aligned.returns[j]);
    });
    const group = overfittingOf(aligned.returns, ok, args.blocks);
    groups.push({ data, cases: members, returns_start_ns: aligned.startNs, ...group });
    if (plan.windows >= 2) {
      const windowResults = ok.map((i) => Array.from({ length: plan.windows }, (_, k) => results.get(`c${i}w${k + 1}`)));
      groups[groups.length - 1].walk_forward = walkForward(ok, windowResults, plan.windows);
    }
  }
  return {
    sweep_version: SWEEP_FILE_VERSION,
    engine_version: ENGINE_VERSION,
    seed: args.seed,
    params: args.axes,
    period_ns: period,
    cscv_blocks: args.blocks,
    cases,
    returns,
    overfitting: groups.length === 1 ? groups[0].overfitting : null,
    groups,
  };
}

function overfittingOf(returns: number[][], caseIndex: number[], blocks: number): Omit<SweepGroup, 'data' | 'cases' | 'returns_start_ns'> {
  const notes: string[] = [];
  let cscv: Cscv | null = null;
  let dsr: DeflatedSharpe | null = null;
  try {
    cscv = cscvPbo(returns, blocks);
  } catch (err) {
    notes.push(`PBO: ${(err as Error).message}`);
  }
  try {
    dsr = deflatedSharpe(returns);
  } catch (err) {
    notes.push(`deflated Sharpe: ${(err as Error).message}`);
  }
  if (dsr && dsr.value === null) notes.push('deflated Sharpe: undefined for the selected case (flat returns, or a negative variance term)');
  const selected = dsr ? caseIndex[dsr.selected] : caseIndex.length === 1 ? caseIndex[0] : null;
  return {
    overfitting: { pbo: cscv?.pbo ?? null, deflated_sharpe: dsr?.value ?? null, selected },
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    cscv: cscv && {
      blocks: cscv.blocks,
      block_periods: cscv.blockLength,
      dropped_periods: cscv.dropped,
      splits: cscv.splits.map((s) => ({ in_sample_blocks: s.inSample, best: caseIndex[s.best], is_sharpe: s.isSharpe, oos_sharpe: s.oosSharpe, oos_rank: s.oosRank, lambda: s.lambda })),
    },
    deflated_sharpe_detail: dsr && { sharpe: dsr.sharpe, expected_max_sharpe: dsr.expectedMaxSharpe, periods: dsr.periods, skewness: dsr.skewness, kurtosis: dsr.kurtosis },
  };
}
