import { createRequire } from 'node:module';
import { paint, renderTable } from '../../cli-support/output.js';
import { sparkline } from '../../cli-support/sparkline.js';
import { evenIndices, utcTime } from '../report-html/svg.js';
import { moneyPlain, pct } from './format.js';
import { keyFigures } from './key-figures.js';
import type { ReportFigures } from './report-figures.js';

// asciichart is CommonJS without types; this is the one function used.
const asciichart = createRequire(import.meta.url)('asciichart') as { plot(series: number[], cfg?: { height?: number; format?: (x: number) => string }): string };

export interface TerminalOptions {
  /** Characters available for charts. */
  width: number;
  stream?: NodeJS.WriteStream;
}

const SOURCE_WORDS: Record<string, string> = {
  'equity.csv': 'equity.csv (every NAV sample)',
  'report.json': 'report.json (start and end only: write equity.csv for a full curve)',
  equity_snapshots: 'the account equity snapshots',
  ledger: 'the ledger and fills (one sample per fill)',
};

/**
 * The report for a terminal: a figures table, the holdings, equity and drawdown sparklines and a
 * small line chart of the equity. Signs and words carry every meaning; colour (when enabled at
 * all: NO_COLOR, TERM=dumb, --no-color and pipes turn it off) only repeats them.
 */
export function renderTerminal(f: ReportFigures, opts: TerminalOptions): string {
  const d = f.data;
  const stream = opts.stream ?? process.stdout;
  const out: string[] = [];
  const first = d.equity[0];
  const last = d.equity[d.equity.length - 1];
  out.push(paint('bold', `vtrade report: ${d.kind} ${d.name} (${d.currency})`, stream));
  out.push(
    `equity curve from ${SOURCE_WORDS[d.equitySource]}, ${d.equity.length} samples` +
      (first && last ? `, ${utcTime(first.ts)} to ${utcTime(last.ts)} UTC` : ''),
  );
  out.push('');

  const rows = keyFigures(f).map((k) => {
    let text = k.text;
    if (k.id === 'pnl' && k.value !== undefined) {
      const n = Number(k.value);
      if (n > 0) text = paint('green', text, stream);
      else if (n < 0) text = paint('red', text, stream);
    }
    return [k.label, text];
  });
  out.push(renderTable(['figure', 'value'], rows).trimEnd());
  out.push('');

  const holdingRows = d.holdings.map((h) => {
    const share = f.allocation.symbol.find((s) => s.key === h.symbol);
    return [h.symbol, h.assetClass, h.sector ?? '-', h.assetClass === 'cash' ? '-' : h.qty, h.price ?? '-', moneyPlain(h.value, d.currency), share ? pct(share.weight, 1, false) : '-'];
  });
  out.push(paint('bold', 'holdings at the end (weights by gross value)', stream));
  out.push(renderTable(['symbol', 'class', 'sector', 'qty', 'price', 'value', 'weight'], holdingRows, new Set([3, 4, 5, 6])).trimEnd());
  out.push('');

  if (f.values.length >= 2) {
    const width = Math.max(10, Math.min(72, opts.width - 12));
    const eq = f.values;
    const under = f.drawdowns.map((x) => (Number.isNaN(x) ? 0 : -x));
    out.push(`equity    ${sparkline(eq, width)}  ${moneyPlain(d.money.startEquity, d.currency)} -> ${moneyPlain(d.money.endEquity, d.currency)}`);
    out.push(`drawdown  ${sparkline(under, width)}  deepest ${pct(f.maxDrawdown, 4, false)} below the peak`);
    out.push('');
    const picks = evenIndices(eq.length, width);
    const series = picks.map((i) => eq[i]);
    const label = Math.max(...series.map((x) => x.toFixed(2).length));
    out.push(`equity (${d.currency}), ${picks.length} of ${eq.length} samples:`);
    out.push(asciichart.plot(series, { height: 8, format: (x) => x.toFixed(2).padStart(label) }));
  } else {
    out.push('(fewer than two equity samples: no chart)');
  }
  return out.join('\n') + '\n';
}
