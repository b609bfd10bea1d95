import { keyFigures } from '../report/key-figures.js';
import type { ReportFigures } from '../report/report-figures.js';
import type { ReportFill } from '../report/report-data.js';
import { allocationDonutSvg } from './donut.js';
import { dataTable } from './data-table.js';
import { equityChartSvg } from './equity-chart.js';
import { fillMarkers, fillsChartSvg } from './fills-chart.js';
import { heatmapCells, monthlyHeatmapSvg, MONTH_NAMES } from './heatmap.js';
import { esc, evenIndices, pct, utcTime } from './svg.js';
import { figureSection, htmlPage } from './page-shell.js';

/** Rows a data table shows of a long series, evenly spread. */
const TABLE_ROWS = 200;

function figuresSection(f: ReportFigures): string {
  const items = keyFigures(f)
    .map((k) => `<div class="figure"><dt>${esc(k.label)}</dt><dd data-figure="${esc(k.id)}"${k.value !== undefined ? ` data-value="${esc(k.value)}"` : ''}>${esc(k.text)}</dd></div>`)
    .join('\n');
  return `<section aria-labelledby="figures-h"><h2 id="figures-h">Key figures</h2><dl class="figures">\n${items}\n</dl>
<p class="note">Definitions: docs/kpis.md. Ratios are per equity sample, annualized with ${esc(f.periodsPerYear.toPrecision(6))} periods a year; VaR and CVaR are per sample, historical. A trade is a round trip from flat to flat.</p></section>`;
}

function chartSection(id: string, heading: string, what: string, svg: string, table: string): string {
  return figureSection(id, heading, what, `${svg}\n${table}`);
}

function equitySection(f: ReportFigures): string {
  const d = f.data;
  const ts = d.equity.map((p) => p.ts);
  const ep = f.maxDrawdownEpisode;
  const svg = equityChartSvg({
    ts,
    values: f.values,
    peaks: f.peaks,
    drawdowns: f.drawdowns,
    currency: d.currency,
    maxDrawdown: f.maxDrawdown,
    episode: ep === null ? null : { peakIndex: ep.peakIndex, troughIndex: ep.troughIndex },
  });
  const picks = evenIndices(f.values.length, TABLE_ROWS);
  const rows = picks.map((i) => [`${utcTime(ts[i])} UTC`, String(d.equity[i].equity), Number.isNaN(f.drawdowns[i]) ? 'n/a' : pct(-f.drawdowns[i], 4)]);
  const table = dataTable({
    id: 'equity-table',
    caption: `equity samples (${picks.length} of ${f.values.length})`,
    headers: ['time', `equity (${d.currency})`, 'drawdown'],
    rows,
    numeric: new Set([1, 2]),
  });
  const source = { 'equity.csv': 'every NAV sample of the run (equity.csv)', 'report.json': 'the start and end equity only (the run folder has no equity.csv)', equity_snapshots: 'the account’s equity snapshots', ledger: 'the ledger and fills, one sample per fill, positions at their fill prices' }[d.equitySource];
  return chartSection('equity', 'Equity curve and drawdown', `Equity over time from ${source}. The hatched area between the dashed running peak and the equity is the drawdown; the lower panel shows it as a fraction of the peak.`, svg, table);
}

function heatmapSection(f: ReportFigures): string {
  const cells = heatmapCells(f.monthly);
  const years = [...new Set(cells.map((c) => c.year))];
  const rows = years.map((y) => [String(y), ...cells.filter((c) => c.year === y).map((c) => c.text)]);
  const table = dataTable({ id: 'monthly-table', caption: 'monthly returns', headers: ['year', ...MONTH_NAMES], rows, numeric: new Set(MONTH_NAMES.map((_, i) => i + 1)) });
  const days = f.data.equitiesOnly ? 'New York trading days (a day ends at the 16:00 close)' : 'UTC calendar days';
  return chartSection('monthly', 'Monthly returns', `Each cell is a month's compounded return over ${days}, from the first sample's equity; its value is written in the cell ("–": no data that month).`, monthlyHeatmapSvg(f.monthly), table);
}

function allocationSection(f: ReportFigures): string {
  const groups = [
    { title: 'by sector', shares: f.allocation.sector },
    { title: 'by asset class', shares: f.allocation.asset_class },
    { title: 'by symbol', shares: f.allocation.symbol },
  ];
  const rows = groups.flatMap((g) => g.shares.map((s) => [g.title, s.key, s.value.toFixed(2), pct(s.weight, 2, false)]));
  const table = dataTable({ id: 'allocation-table', caption: 'allocation at the end', headers: ['grouping', 'slice', `value (${f.data.currency})`, 'weight'], rows, numeric: new Set([2, 3]) });
  return chartSection('allocation', 'Allocation', 'Holdings at the end, cash included, weighted by gross market value (a short counts by its size).', allocationDonutSvg(groups, f.data.currency), table);
}

/** The symbol with the most fills: the one the fills chart shows. */
function busiestSymbol(fills: readonly ReportFill[]): string | null {
  const counts = new Map<string, number>();
  for (const f of fills) counts.set(f.symbol, (counts.get(f.symbol) ?? 0) + 1);
  let best: string | null = null;
  for (const [s, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = s;
  return best;
}

function fillsSection(f: ReportFigures): string {
  const symbol = busiestSymbol(f.data.fills) ?? '-';
  const fills = f.data.fills.filter((x) => x.symbol === symbol);
  const markers = fillMarkers(fills);
  const rows = markers.map((m) => [
    m.count === 1 ? `${utcTime(m.ts)} UTC` : `${utcTime(m.firstTs)} to ${utcTime(m.lastTs)} UTC`,
    m.side === 'buy' ? '▲ buy' : '▼ sell',
    String(m.count),
    String(m.qty),
    String(Number(m.price.toPrecision(10))),
  ]);
  const others = new Set(f.data.fills.map((x) => x.symbol)).size - 1;
  const table = dataTable({
    id: 'fills-table',
    caption: `fills of ${symbol}, as charted`,
    headers: ['time', 'side', 'fills', 'quantity', 'price (average)'],
    rows,
    numeric: new Set([2, 3, 4]),
  });
  const what = `Trade prices of ${symbol} over time with every buy as ▲ and every sell as ▼${others > 0 ? ` (${others} other symbol${others === 1 ? '' : 's'} not charted)` : ''}.`;
  return chartSection('fills', 'Fills over price', what, fillsChartSvg(symbol, f.data.currency, fills, markers), table);
}

/**
 * The whole report as one self-contained HTML page: inline CSS, inline SVG, no script, font,
 * image or link to load, so it opens the same anywhere, offline, and can be mailed or archived.
 */
export function renderReportHtml(f: ReportFigures): string {
  const d = f.data;
  const title = `vtrade report: ${d.kind === 'run' ? 'run' : 'account'} ${d.name}`;
  const first = d.equity[0];
  const last = d.equity[d.equity.length - 1];
  const period = first && last ? `${utcTime(first.ts)} to ${utcTime(last.ts)} UTC` : 'no equity samples';
  const sub = `${esc(d.currency)} · ${esc(period)} · ${d.equity.length} equity samples · ${d.money.fills} fills`;
  return htmlPage(title, sub, [figuresSection(f), equitySection(f), heatmapSection(f), allocationSection(f), fillsSection(f)]);
}
