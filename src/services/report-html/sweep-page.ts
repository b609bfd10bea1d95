import { paramsLabel } from '../sweep/grid.js';
import type { SweepFile, SweepGroup } from '../sweep/summary.js';
import { dataTable } from './data-table.js';
import { isOosScatterSvg, lambdaHistogramSvg, paramHeatmapSvg, type ParamHeat } from './sweep-charts.js';
import { esc } from './svg.js';
import { figureSection, htmlPage } from './page-shell.js';

/**
 * A sweep's report as one self-contained HTML page (inline CSS and SVG, nothing to load): the
 * overfitting figures, a heatmap of a metric over two params, the distribution of lambda and
 * in-sample against out-of-sample Sharpe, each chart with its numbers in a table.
 */
export interface SweepPageOptions {
  /** The two params of the heatmap (x, y); default the first two. */
  axes?: [string, string?];
  /** A case metric; default sharpe_per_period. */
  metric?: string;
}

const num = (v: unknown): number | null => {
  const n = Number(v);
  return v === undefined || v === null || !Number.isFinite(n) ? null : n;
};

/** The metric over two params; with more params, each cell shows the best case among the others' values. */
export function paramHeat(file: SweepFile, group: SweepGroup, xName: string, yName: string | undefined, metric: string): ParamHeat {
  const axis = (name: string) => file.params.find((p) => p.name === name)!.values.map(String);
  const xs = axis(xName);
  const ys = yName ? axis(yName) : ['all'];
  const values: (number | null)[][] = ys.map(() => xs.map(() => null));
  for (const i of group.cases) {
    const c = file.cases[i];
    const v = num(c.metrics?.[metric]);
    if (v === null) continue;
    const col = xs.indexOf(String(c.params[xName]));
    const row = yName ? ys.indexOf(String(c.params[yName])) : 0;
    if (col < 0 || row < 0) continue;
    const old = values[row][col];
    if (old === null || v > old) values[row][col] = v;
  }
  return { xName, yName: yName ?? '', xs, ys, values };
}

/** "5 s", "1 min", "1 day": a period in ns as people say it. */
export function periodText(ns: string): string {
  if (!/^\d+$/.test(ns) || ns === '0') return 'n/a';
  const n = BigInt(ns);
  for (const [unit, size] of [['day', 86_400_000_000_000n], ['h', 3_600_000_000_000n], ['min', 60_000_000_000n], ['s', 1_000_000_000n]] as const) {
    if (n % size === 0n) return `${n / size} ${unit}`;
  }
  return `${ns} ns`;
}

function figures(file: SweepFile, g: SweepGroup): string {
  const o = g.overfitting;
  const f = (x: number | null, dp: number) => (x === null ? 'n/a' : x.toFixed(dp));
  const sel = o.selected === null ? 'none' : `case ${o.selected}: ${paramsLabel(file.cases[o.selected].params)}`;
  const items: [string, string, string][] = [
    ['pbo', 'PBO (CSCV)', f(o.pbo, 3)],
    ['deflated_sharpe', 'Deflated Sharpe', f(o.deflated_sharpe, 3)],
    ['selected', 'Selected', sel],
    ['cases', 'Cases', String(g.cases.length)],
  ];
  const wf = g.walk_forward;
  if (wf) {
    items.push(['wf_stitched', 'Walk-forward OOS Sharpe / P&L', `${wf.stitched.sharpe.toFixed(4)} / ${wf.stitched.pnl}`]);
    items.push(['wf_hindsight', 'Best in hindsight Sharpe / P&L', `${wf.hindsight.sharpe.toFixed(4)} / ${wf.hindsight.pnl} (case ${wf.hindsight.case})`]);
  }
  const dl = items.map(([id, label, text]) => `<div class="figure"><dt>${esc(label)}</dt><dd data-figure="${id}">${esc(text)}</dd></div>`).join('\n');
  const note = g.note ? `<p class="note">${esc(g.note)}</p>` : '';
  return `<section aria-labelledby="fig-h"><h2 id="fig-h">Overfitting</h2><dl class="figures">\n${dl}\n</dl>${note}
<p class="note">PBO is the share of the ${g.cscv ? g.cscv.splits.length : 0} CSCV splits in which the in-sample winner ranks in the bottom half out of sample (lambda &lt;= 0): above 0.5 the search picks noise. The deflated Sharpe ratio is the probability that the selected case's Sharpe beats the best that ${g.cases.length} luck-only tries would show, given its skew and fat tails: trust it above 0.95. Sharpe ratios are per period of returns, not annualized.</p></section>`;
}

export function renderSweepHtml(file: SweepFile, opts: SweepPageOptions = {}): string {
  const g = file.groups[0];
  const metric = opts.metric ?? 'sharpe_per_period';
  const names = file.params.map((p) => p.name);
  const [xName, yName] = opts.axes ?? [names[0], names[1]];
  const parts: string[] = [];
  if (g) {
    parts.push(figures(file, g));
    if (xName) {
      const h = paramHeat(file, g, xName, yName, metric);
      const rows = h.ys.map((y, j) => [y, ...h.values[j].map((v) => (v === null ? '–' : String(v)))]);
      const more = names.length > 2 ? ` With ${names.length} params, each cell is the best case over the values of the others.` : '';
      parts.push(figureSection('heatmap', `${metric} by ${h.xName}${yName ? ` and ${h.yName}` : ''}`, `Each cell is the case's ${metric}; blue is above zero, orange below, stronger with size.${more}`, paramHeatmapSvg(h, metric) + dataTable({ id: 'heatmap-table', caption: `${metric} (rows ${h.yName || 'all'}, columns ${h.xName})`, headers: [h.yName || '', ...h.xs], rows })));
    }
    if (g.cscv) {
      const lambdas = g.cscv.splits.map((s) => s.lambda);
      const rows = g.cscv.splits.map((s) => [s.in_sample_blocks.join(' '), String(s.best), s.is_sharpe.toFixed(6), s.oos_sharpe.toFixed(6), String(s.oos_rank), s.lambda.toFixed(6)]);
      const table = dataTable({ id: 'cscv-table', caption: `${g.cscv.splits.length} CSCV splits`, headers: ['in-sample blocks', 'winner', 'IS Sharpe', 'OOS Sharpe', 'OOS rank', 'lambda'], rows, numeric: new Set([1, 2, 3, 4, 5]) });
      parts.push(figureSection('lambda', 'Distribution of lambda', `For each of the ${lambdas.length} ways to pick ${g.cscv.blocks / 2} of ${g.cscv.blocks} blocks as in-sample, lambda is the logit of the in-sample winner's out-of-sample rank; PBO is the share at or left of the dashed line.`, lambdaHistogramSvg(lambdas)));
      parts.push(figureSection('is-oos', 'In-sample against out-of-sample Sharpe', 'One dot per split: the in-sample winner’s Sharpe in sample (x) and out of sample (y). A cloud falling to the right says the best in sample does worse out of sample.', isOosScatterSvg(g.cscv.splits.map((s) => ({ is: s.is_sharpe, oos: s.oos_sharpe }))) + table));
    }
  }
  const title = `vtrade sweep: ${file.cases.length} cases`;
  const sub = `${esc(names.join(' x ') || 'no params')} · returns every ${esc(periodText(file.period_ns))} · ${file.cscv_blocks} CSCV blocks`;
  return htmlPage(title, sub, parts);
}
