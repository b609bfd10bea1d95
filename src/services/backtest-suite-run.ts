import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../data/atomic-file.js';
import { matrixJson } from './backtest-json.js';
import { cellDir, type Cell, type Shard } from './backtest-matrix.js';
import { SuiteRunner, type CaseRun, type SuiteOptions } from './backtest-suite.js';
import { writeRunOutputs } from './run-outputs.js';
import { loadSnapshotFor, updateSnapshot } from './snapshot-cases.js';

export interface SuiteRunInput extends Omit<SuiteOptions, 'snapshot'> {
  /** The whole matrix, and the cases of it this run takes (a shard's, or all). */
  all: Cell[];
  cells: Cell[];
  shard?: Shard;
  /** One case and no sharding: its outputs go into `out` itself and its snapshot figures sit at the top level. */
  single: boolean;
  /** The suite's name in suite.json and the reporters. */
  name: string;
  /** Where each case's outputs go (a matrix: one sub-folder per case, and suite.json). */
  out?: string;
  /** Check the cases against this snapshot file, or rewrite it with their values. */
  snapshot?: { path: string; update: boolean };
  /** As each case finishes, before its outputs are written. */
  onCase?: (r: CaseRun) => void;
}

export interface SuiteRunOutcome {
  done: CaseRun[];
  /** Where each case's outputs went, for a matrix with an `out`. */
  dirs?: Map<CaseRun, string>;
  /** With an update of the snapshot: how many cases it now holds from this run (0: left alone). */
  snapshotWritten?: number;
}

/**
 * A backtest matrix from start to end: the snapshot read and checked up front, each case run in
 * turn and its outputs written as it finishes, then the snapshot rewritten when asked and, for a
 * matrix, suite.json written beside the cases' folders.
 */
export async function runSuite(input: SuiteRunInput): Promise<SuiteRunOutcome> {
  const { all, cells, single, out } = input;
  const snap = input.snapshot;
  const stored = snap ? loadSnapshotFor(snap.path, snap.update, cells, single) : undefined;
  const runner = new SuiteRunner({ ...input, snapshot: stored && !snap!.update ? { file: stored, single } : undefined });
  const done: CaseRun[] = [];
  for (const cell of cells) {
    const r = await runner.run(cell);
    input.onCase?.(r);
    if (out && r.report) {
      const dir = single ? out : join(out, cellDir(cell, all.length));
      writeRunOutputs(dir, { report: r.report, fills: r.fills!, orders: r.orders!, manifest: r.manifest!, equity: r.equity });
    }
    // The texts are on disk (or not wanted): keep memory flat over a long matrix.
    r.orders = undefined;
    r.fills = undefined;
    r.equity = undefined;
    done.push(r);
  }
  const outcome: SuiteRunOutcome = { done };
  if (snap?.update) outcome.snapshotWritten = updateSnapshot(snap.path, stored, done, single);
  if (!single && out) {
    outcome.dirs = new Map(done.map((r) => [r, cellDir(r.cell, all.length)]));
    const summary = matrixJson(done, input.name, all.length, input.shard, outcome.dirs, snap?.path);
    mkdirSync(out, { recursive: true });
    await writeAtomically(join(out, 'suite.json'), async (temp) => writeFileSync(temp, JSON.stringify(summary, null, 2) + '\n'));
  }
  return outcome;
}
