import type { EquityPoint } from '../../engine/analytics/index.js';
import { InputError } from '../../errors.js';

const INT_RE = /^\d+$/;
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/**
 * Reads a run's equity.csv: a header naming `ts_ns` and `equity`, then one NAV sample a row (ts
 * in integer ns since the epoch, equity as decimal text, kept exact). Samples must be in time
 * order; equal timestamps are allowed. Bad rows are InputErrors naming the file, line and field.
 */
export function parseEquityCsv(text: string, file: string): EquityPoint[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const tsCol = header.indexOf('ts_ns');
  const eqCol = header.indexOf('equity');
  if (tsCol < 0 || eqCol < 0) throw new InputError(file, 1, undefined, `the header must name ts_ns and equity, got "${lines[0] ?? ''}"`);
  const out: EquityPoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const cells = line.split(',');
    const ts = (cells[tsCol] ?? '').trim();
    const equity = (cells[eqCol] ?? '').trim();
    if (!INT_RE.test(ts)) throw new InputError(file, i + 1, 'ts_ns', `"${ts}" is not an integer timestamp in ns`);
    if (!DECIMAL_RE.test(equity)) throw new InputError(file, i + 1, 'equity', `"${equity}" is not a decimal amount`);
    const point = { ts: BigInt(ts), equity };
    const prev = out[out.length - 1];
    if (prev !== undefined && point.ts < prev.ts) throw new InputError(file, i + 1, 'ts_ns', `${ts} comes before the previous sample's ${prev.ts}`);
    out.push(point);
  }
  return out;
}
