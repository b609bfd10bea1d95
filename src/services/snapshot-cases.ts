import { InputError } from '../errors.js';
import { reportFigures } from './assertions.js';
import type { Cell } from './backtest-matrix.js';
import type { RunReport } from './run-report.js';
import { readSnapshot, refreshFigures, storedFigures, writeSnapshot, type SnapshotFile } from './snapshot.js';

/**
 * A snapshot file for the cases of a backtest matrix: read and checked up front, rewritten after
 * the run when asked. A single case keeps its figures at the top level, a matrix per case name.
 */

/** Reads the snapshot and checks that it has an entry for every case to be compared. */
export function loadSnapshotFor(path: string, update: boolean, cells: Cell[], single: boolean): SnapshotFile | undefined {
  const file = readSnapshot(path);
  if (update) return file;
  const hint = `create or refresh it deliberately: rerun with --snapshot ${path} --update-snapshot`;
  if (!file) throw new InputError(path, undefined, undefined, 'no such snapshot file', hint);
  for (const cell of cells) {
    if (!storedFigures(file, single ? undefined : cell.name)) {
      throw new InputError(path, undefined, single ? 'figures' : `cases["${cell.name}"]`, 'the snapshot stores no figures for this case', hint);
    }
  }
  return file;
}

/**
 * Rewrites the snapshot with this run's values: same figures and tolerances, other cases kept.
 * Returns how many cases it wrote; with none (no case ran to completion) the file is left alone.
 */
export function updateSnapshot(path: string, previous: SnapshotFile | undefined, done: { cell: Cell; report?: RunReport }[], single: boolean): number {
  const file: SnapshotFile = { ...previous };
  let written = 0;
  for (const r of done) {
    if (!r.report) continue;
    const figures = reportFigures(r.report);
    if (single) file.figures = refreshFigures(previous?.figures, figures);
    else file.cases = { ...file.cases, [r.cell.name]: { figures: refreshFigures(previous?.cases?.[r.cell.name]?.figures, figures) } };
    written++;
  }
  if (written > 0) writeSnapshot(path, file);
  return written;
}
