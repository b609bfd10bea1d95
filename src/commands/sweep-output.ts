import { basename } from 'node:path';
import { renderTable } from '../cli-support/output.js';
import { paramsLabel } from '../services/sweep/grid.js';
import type { SweepFile, SweepGroup } from '../services/sweep/summary.js';

/** What a sweep prints for people: the best cases, then the overfitting figures and how to read them. */
export const READING_GUIDE =
  'How to read: PBO is the chance the in-sample winner lands in the bottom half out of sample (above 0.5 the search picks noise); deflated Sharpe is the chance the winner beats the best of that many luck-only tries (trust it above 0.95).';

const fmt = (x: number | null | undefined, dp = 3) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(dp));

export function sweepText(file: SweepFile, top: number): string {
  const ranked = file.cases.filter((c) => c.metrics !== null).sort((a, b) => Number(b.metrics!.sharpe_per_period) - Number(a.metrics!.sharpe_per_period) || a.index - b.index);
  // Several strategies or data sessions: say which each case ran.
  const where = (c: SweepFile['cases'][number]) => `${basename(c.strategy)} @ ${c.data.map((d) => basename(d)).join('+')}`;
  const many = new Set(file.cases.map(where)).size > 1;
  const rows = ranked.slice(0, top).map((c, i) => {
    const m = c.metrics!;
    return [String(i + 1), String(c.index), ...(many ? [where(c)] : []), paramsLabel(c.params), fmt(Number(m.sharpe_per_period), 4), String(m.pnl), String(m.fills), fmt(Number(m.max_drawdown), 4)];
  });
  const shown = Math.min(top, ranked.length);
  const out = [`top ${shown} of ${file.cases.length} cases by Sharpe per period:\n`];
  const headers = ['#', 'case', ...(many ? ['run'] : []), 'params', 'sharpe/period', 'pnl', 'fills', 'max_dd'];
  const k = many ? 1 : 0;
  out.push(renderTable(headers, rows, new Set([0, 1, 3 + k, 4 + k, 5 + k, 6 + k])));
  for (const g of file.groups) out.push(groupText(g, file, file.groups.length > 1));
  out.push(READING_GUIDE + '\n');
  const failed = file.cases.filter((c) => c.error);
  if (failed.length > 0) out.push(`${failed.length} case${failed.length === 1 ? '' : 's'} failed (see stderr and sweep.json).\n`);
  return out.join('');
}

function groupText(g: SweepGroup, file: SweepFile, named: boolean): string {
  const o = g.overfitting;
  const sel = o.selected !== null ? `case ${o.selected} (${paramsLabel(file.cases[o.selected].params)})` : 'none';
  const lines = [`${named ? `${g.data.join('+')}: ` : ''}PBO ${fmt(o.pbo)}  deflated Sharpe ${fmt(o.deflated_sharpe)}  selected ${sel}`];
  if (g.note) lines.push(`  note: ${g.note}`);
  const wf = g.walk_forward;
  if (wf) {
    lines.push(`  walk-forward over ${wf.windows} windows: stitched out-of-sample Sharpe ${fmt(wf.stitched.sharpe, 4)} P&L ${wf.stitched.pnl}; best in hindsight (case ${wf.hindsight.case}) Sharpe ${fmt(wf.hindsight.sharpe, 4)} P&L ${wf.hindsight.pnl}`);
    lines.push(`  traded: ${wf.steps.map((s) => `w${s.window} case ${s.case}`).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
