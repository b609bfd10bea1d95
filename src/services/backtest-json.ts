import type { Shard } from './backtest-matrix.js';
import { casePassed, type CaseRun } from './backtest-suite.js';
import { REPORT_SCHEMA_VERSION } from './run-report.js';

/**
 * A backtest's results as JSON: one case's report with its checks (what --json prints), and a
 * matrix's cases (suite.json, and what --json prints for several cases).
 */

/** The extras a case carries beside its report, as JSON. */
function extras(r: CaseRun, snapshotPath: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { assertions: r.assertions };
  if (r.snapshot) out.snapshot = { file: snapshotPath, figures: r.snapshot };
  if (r.determinism) out.determinism = { ...r.determinism, match: r.determinism.differing.length === 0 };
  return out;
}

/** Wall seconds reading the data (all runs) and in the engine (one entry per run), for --json on stdout only. */
function timingJson(r: CaseRun): Record<string, unknown> {
  return r.timing ? { timing: { read_seconds: r.timing.readSeconds, engine_seconds: r.timing.engineSeconds } } : {};
}

/** One case: the report as it always was, with its assertions (and snapshot, determinism) and timing added. */
export function singleJson(r: CaseRun, snapshotPath: string | undefined): Record<string, unknown> {
  return { ...r.report!, ...extras(r, snapshotPath), ...timingJson(r) };
}

/**
 * Several cases (also suite.json under --out): every case with its place in the matrix, its
 * report or its error, and its checks. Wall times stay out of the file, so it is reproducible;
 * `withTiming` adds each case's timing to what --json prints.
 */
export function matrixJson(
  runs: CaseRun[],
  name: string,
  total: number,
  shard: Shard | undefined,
  dirs: Map<CaseRun, string> | undefined,
  snapshotPath?: string,
  withTiming = false,
): Record<string, unknown> {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    suite: name,
    cases_total: total,
    shard: shard ? `${shard.index}/${shard.count}` : null,
    passed: runs.every(casePassed),
    cases: runs.map((r) => ({
      index: r.cell.index + 1,
      name: r.cell.name,
      strategy: r.cell.strategy,
      data: r.cell.data,
      window: r.window ? { index: r.window.index, of: r.window.of, from: r.window.from.toString(), to: r.window.to.toString() } : null,
      dir: dirs?.get(r) ?? null,
      passed: casePassed(r),
      error: r.error ? { message: r.error.message, exitCode: r.error.exitCode } : null,
      report: r.report ?? null,
      ...extras(r, snapshotPath),
      ...(withTiming ? timingJson(r) : {}),
    })),
  };
}
