import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { commitTemp, discardTemp, tempPathFor } from '../data/atomic-file.js';
import { InputError } from '../errors.js';
import { FIGURE_NAMES, figureText, type FigureValue } from './assertions.js';
import type { AssertionOutcome } from './reporters/suite.js';

/**
 * Golden snapshots: chosen figures of a run stored with a tolerance each, checked on every run.
 *
 * One run:      {"figures": {"pnl": {"value": "47.95", "abs": 0.01}, "sharpe": {"value": 1.2, "rel": 0.05}, "fills": {"value": 1813}}}
 * Several runs: {"cases": {"<case name>": {"figures": {...}}, ...}}
 *
 * A figure passes when |actual - value| <= max(abs, rel x |value|); with neither tolerance it
 * must be exactly equal (as decimals: "47.950" equals "47.95"). Money is stored as decimal text,
 * counts and ratios as numbers, each as the report has it.
 */

const tolerance = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a non-negative decimal')]);
const figureSchema = z.strictObject({
  value: z.union([z.number(), z.string().regex(/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$|^-?Infinity$|^NaN$/, 'expected a decimal')]),
  abs: tolerance.optional(),
  rel: tolerance.optional(),
});
const figuresSchema = z.record(z.string(), figureSchema);
const fileSchema = z.strictObject({
  figures: figuresSchema.optional(),
  cases: z.record(z.string(), z.strictObject({ figures: figuresSchema })).optional(),
});

export type SnapshotFigure = z.output<typeof figureSchema>;
export type SnapshotFigures = Record<string, SnapshotFigure>;
export type SnapshotFile = z.output<typeof fileSchema>;

/** The figures a new snapshot stores; edit the file to choose others or to add tolerances. */
export const DEFAULT_SNAPSHOT_FIGURES = ['pnl', 'fees', 'fills', 'orders', 'rejects', 'events', 'position', 'sharpe', 'max_drawdown'] as const;

/** Reads and validates a snapshot file; undefined when it does not exist. */
export function readSnapshot(path: string): SnapshotFile | undefined {
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, undefined, undefined, `not JSON (${(err as Error).message})`);
  }
  const r = fileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(path, undefined, issue.path.join('.') || '(root)', issue.message, 'a snapshot is {"figures": {"pnl": {"value": "47.95", "abs": 0.01}, ...}}');
  }
  for (const [where, figures] of figureSets(r.data)) {
    for (const name of Object.keys(figures)) {
      if (!FIGURE_NAMES.includes(name)) throw new InputError(path, undefined, `${where}.${name}`, 'unknown figure', `known: ${FIGURE_NAMES.join(', ')}`);
    }
  }
  return r.data;
}

function figureSets(file: SnapshotFile): [string, SnapshotFigures][] {
  const sets: [string, SnapshotFigures][] = [];
  if (file.figures) sets.push(['figures', file.figures]);
  for (const [name, c] of Object.entries(file.cases ?? {})) sets.push([`cases.${name}.figures`, c.figures]);
  return sets;
}

/** The stored figures of one case: `caseName` undefined for a single run's top-level figures. */
export function storedFigures(file: SnapshotFile, caseName: string | undefined): SnapshotFigures | undefined {
  return caseName === undefined ? file.figures : file.cases?.[caseName]?.figures;
}

export interface FigureCheck {
  figure: string;
  passed: boolean;
  expected: string;
  actual: string;
  /** "± 0.01", "± 5%", both joined by " or ", or "" for exact. */
  tolerance: string;
  /** actual - expected, as decimal text. */
  diff: string;
}

function toleranceText(f: SnapshotFigure): string {
  const parts: string[] = [];
  if (f.abs !== undefined) parts.push(`± ${String(f.abs)}`);
  if (f.rel !== undefined) parts.push(`± ${new Decimal(f.rel).times(100).toString()}%`);
  return parts.join(' or ');
}

/** Checks each stored figure against the run's value. */
export function compareSnapshot(stored: SnapshotFigures, actual: Record<string, FigureValue>): FigureCheck[] {
  return Object.entries(stored).map(([figure, f]) => {
    const want = new Decimal(f.value);
    const got = new Decimal(actual[figure]);
    const diff = got.minus(want);
    let passed: boolean;
    if (f.abs === undefined && f.rel === undefined) passed = got.equals(want);
    else {
      const allowed = Decimal.max(new Decimal(f.abs ?? 0), new Decimal(f.rel ?? 0).times(want.abs()));
      passed = diff.abs().lessThanOrEqualTo(allowed);
    }
    return { figure, passed, expected: figureText(f.value), actual: figureText(actual[figure]), tolerance: toleranceText(f), diff: diff.toString() };
  });
}

/** A snapshot check as the reporters see it. */
export function snapshotOutcome(c: FigureCheck): AssertionOutcome {
  return { expr: `snapshot ${c.figure}`, passed: c.passed, actual: c.actual, expected: c.tolerance ? `${c.expected} ${c.tolerance}` : `== ${c.expected}` };
}

/** The diff line printed for a figure out of tolerance. */
export function snapshotDiffLine(c: FigureCheck): string {
  return `  ${c.figure}: expected ${c.expected}${c.tolerance ? ` (${c.tolerance})` : ''}, actual ${c.actual} (diff ${c.diff.startsWith('-') ? '' : '+'}${c.diff})`;
}

/** New stored figures: the same names and tolerances as before (or the defaults), with today's values. */
export function refreshFigures(previous: SnapshotFigures | undefined, actual: Record<string, FigureValue>): SnapshotFigures {
  const names = previous ? Object.keys(previous) : [...DEFAULT_SNAPSHOT_FIGURES];
  const out: SnapshotFigures = {};
  for (const name of names) {
    const v = actual[name];
    // A float that is not finite has no JSON number: keep it as text.
    out[name] = { ...previous?.[name], value: typeof v === 'number' && !Number.isFinite(v) ? String(v) : v };
  }
  return out;
}

/** Writes the snapshot file in one step: a temporary file renamed into place. */
export function writeSnapshot(path: string, file: SnapshotFile): void {
  const temp = tempPathFor(path);
  try {
    writeFileSync(temp, JSON.stringify(file, null, 2) + '\n');
    commitTemp(temp, path);
  } catch (err) {
    discardTemp(temp);
    throw err;
  }
}
