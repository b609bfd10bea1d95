/**
 * Field-by-field comparison of a run's orders.csv and fills.jsonl with recorded golden copies.
 *
 * Rows are compared in order and by field NAME, not by position or bytes, so a column added
 * later (a multi-instrument run names each row's `instrument`) leaves the comparison intact,
 * while a changed, missing or unexpected field shows as exactly that field of that row.
 */

/** Fields a future engine may add that the golden logs of single-instrument runs do not have. */
export const IGNORED_FIELDS: ReadonlySet<string> = new Set(['instrument']);

export type Row = Record<string, unknown>;

/** orders.csv rows keyed by the header's names. The file has no quoted fields (ids, enums, decimals). */
export function parseOrdersCsv(text: string): Row[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const row: Row = {};
    header.forEach((name, i) => (row[name] = cells[i]));
    if (cells.length !== header.length) row['(cells)'] = cells.length;
    return row;
  });
}

export function parseFillsJsonl(text: string): Row[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Row);
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/**
 * The differences between actual and golden rows, one line each, at most `limit` row lines (and
 * a count of the rest). Empty when they agree field for field apart from IGNORED_FIELDS.
 */
export function diffRows(file: string, actual: Row[], golden: Row[], limit = 8): string[] {
  const out: string[] = [];
  if (actual.length !== golden.length) out.push(`${file}: ${actual.length} rows, golden has ${golden.length}`);
  let differing = 0;
  const n = Math.min(actual.length, golden.length);
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    const g = golden[i];
    const fields: string[] = [];
    for (const key of new Set([...Object.keys(g), ...Object.keys(a)])) {
      if (IGNORED_FIELDS.has(key)) continue;
      if (JSON.stringify(a[key]) !== JSON.stringify(g[key])) fields.push(`${key} ${show(a[key])} (golden ${show(g[key])})`);
    }
    if (fields.length === 0) continue;
    if (++differing <= limit) out.push(`${file} row ${i + 1}: ${fields.join('; ')}`);
  }
  if (differing > limit) out.push(`${file}: ${differing - limit} more differing rows`);
  // Rows only one side has: the first few, whole.
  const extra = actual.length > golden.length ? actual.slice(n) : golden.slice(n);
  const whose = actual.length > golden.length ? 'only in this run' : 'only in golden';
  extra.slice(0, 3).forEach((r, k) => out.push(`${file} row ${n + k + 1} ${whose}: ${JSON.stringify(r)}`));
  return out;
}
