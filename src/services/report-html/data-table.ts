import { esc } from './svg.js';

/**
 * A chart's data as an HTML table, inside a <details> that is closed by default: the text
 * alternative for people who cannot see the chart, and the exact numbers for those who can.
 */
export function dataTable(args: { id: string; caption: string; headers: string[]; rows: string[][]; numeric?: Set<number>; note?: string }): string {
  const num = args.numeric ?? new Set<number>();
  const head = args.headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = args.rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td${num.has(i) ? ' class="num"' : ''}>${esc(c)}</td>`)).join('')}</tr>`)
    .join('\n');
  const note = args.note ? `<p class="note">${esc(args.note)}</p>` : '';
  return (
    `<details class="data-table" id="${esc(args.id)}"><summary>Data table: ${esc(args.caption)}</summary>${note}` +
    `<table><caption>${esc(args.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></details>`
  );
}
