import { renderTable } from '../cli-support/output.js';
import { MODEL_PRESETS, PRESET_NAMES, type PresetName } from '../engine/exchange/model-config.js';
import { rejectLine } from '../services/reject-summary.js';
import { durationText } from '../services/report/format.js';
import { MIN_ANNUALISED_NS } from '../services/report/key-figures.js';
import { failureLine } from '../services/assertions.js';
import type { Band } from '../services/backtest-band.js';
import { casePassed, type CaseRun } from '../services/backtest-suite.js';
import { snapshotDiffLine } from '../services/snapshot.js';

/** What failed in a case that ran, one stderr line each: assertions, snapshot diffs, reruns that differed. */
export function caseFailureLines(r: CaseRun, snapshotPath: string | undefined): string[] {
  const lines = r.assertions.filter((a) => !a.passed).map(failureLine);
  const off = (r.snapshot ?? []).filter((c) => !c.passed);
  if (off.length > 0) {
    lines.push(`snapshot ${snapshotPath}: ${off.length} figure${off.length === 1 ? '' : 's'} out of tolerance (expected vs actual)`);
    lines.push(...off.map(snapshotDiffLine));
  }
  const d = r.determinism;
  for (const k of d?.differing ?? []) {
    lines.push(`determinism: run ${k} of ${d!.runs} has fingerprint ${d!.fingerprints[k - 1]}, run 1 had ${d!.fingerprints[0]}`);
  }
  return lines;
}

export function printSingle(r: CaseRun, snapshotPath: string | undefined): void {
  const rep = r.report!;
  const several = rep.instruments.length > 1;
  // A run over several instruments: one line each (what it holds, earned and traded); the rest are totals.
  const perInstrument = several
    ? rep.instruments.map((i) => [`  ${i.id}`, `tick ${i.instrument.tickSize}, lot ${i.instrument.lotSize}; position ${i.position.qty} @ ${i.position.avg_price}; P&L ${i.pnl.pnl}; fills ${i.counters.fills}`])
    : [];
  const rows = [
    several
      ? ['instruments', `${rep.instruments.length}, on one clock (the first, ${rep.instruments[0].id}, is the primary)`]
      : ['instrument', `${rep.instrument.symbol} (${rep.instrument.venue}): tick ${rep.instrument.tickSize}, lot ${rep.instrument.lotSize}`],
    ...perInstrument,
    ['events', String(rep.counters.events)],
    ['orders / fills / rejects', `${rep.counters.orders} / ${rep.counters.fills} / ${rep.counters.rejects}`],
    ['  rejects by reason', rejectLine(Object.entries(rep.rejects_by_reason).map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)))],
    ['maker / taker fills', `${rep.kpis.maker_fills} / ${rep.kpis.taker_fills}`],
    ['P&L', `${rep.pnl.pnl} ${rep.instrument.currency}`],
    ['  realized / unrealized', `${rep.pnl.realized} / ${rep.pnl.unrealized}`],
    ['fees', rep.pnl.fees],
    ['slippage vs arrival mid', rep.slippage.bps === null ? '-' : `${rep.slippage.bps} bps (${rep.slippage.cost})`],
    ...(several ? [] : [['position', `${rep.position.qty} @ ${rep.position.avg_price}`]]),
    ['total return', `${(rep.kpis.total_return * 100).toFixed(4)} %`],
    ['sharpe / sortino (annualised)', ratiosText(rep)],
    ['max drawdown', `${(rep.kpis.max_drawdown * 100).toFixed(4)} %`],
    ['fingerprint', rep.fingerprint],
    ...r.assertions.map((c) => [`assert ${c.expr}`, c.passed ? `pass (actual ${c.actual})` : `FAIL (actual ${c.actual}, expected ${c.expected})`]),
    ...(r.snapshot ?? []).map((c) => [`snapshot ${c.figure}`, `${c.passed ? 'pass' : 'FAIL'} (actual ${c.actual}, expected ${c.expected}${c.tolerance ? ` ${c.tolerance}` : ''})`]),
  ];
  const d = r.determinism;
  if (d) rows.push([`determinism x${d.runs}`, d.differing.length === 0 ? 'pass (identical fingerprints)' : `FAIL (run ${d.differing.join(', ')} differ${d.differing.length === 1 ? 's' : ''})`]);
  if (snapshotPath && !r.snapshot) rows.push(['snapshot', `written to ${snapshotPath}`]);
  process.stdout.write(renderTable(['figure', 'value'], rows));
}

/**
 * Sharpe and Sortino as people should read them: annualised from per-sample returns, which a
 * session of minutes cannot support (a 6-minute run would claim a Sharpe in the thousands).
 * report.json keeps the numbers; the table says n/a and why.
 */
export function ratiosText(rep: { kpis: { sharpe: number; sortino: number }; first_ts: string | null; last_ts: string | null }): string {
  const span = rep.first_ts !== null && rep.last_ts !== null ? BigInt(rep.last_ts) - BigInt(rep.first_ts) : 0n;
  if (span < MIN_ANNUALISED_NS) return `n/a: ${durationText(span)} of data is too short to annualise (needs a whole session, ${durationText(MIN_ANNUALISED_NS)})`;
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
  return `${f(rep.kpis.sharpe)} / ${f(rep.kpis.sortino)}`;
}

function status(r: CaseRun): string {
  if (r.error) return `error (exit ${r.error.exitCode})`;
  if (casePassed(r)) return 'pass';
  const n = r.assertions.filter((a) => !a.passed).length + (r.snapshot ?? []).filter((c) => !c.passed).length + (r.determinism?.differing.length ? 1 : 0);
  return `FAIL (${n})`;
}

export function printMatrix(runs: CaseRun[], total: number): void {
  const rows = runs.map((r) => {
    const rep = r.report;
    return [
      String(r.cell.index + 1),
      r.cell.name,
      rep ? String(rep.counters.events) : '-',
      rep ? String(rep.counters.fills) : '-',
      rep ? rep.pnl.pnl : '-',
      rep ? rep.kpis.sharpe.toFixed(2) : '-',
      rep ? `${(rep.kpis.max_drawdown * 100).toFixed(4)} %` : '-',
      rep ? rep.fingerprint.slice(0, 12) : '-',
      status(r),
    ];
  });
  process.stdout.write(renderTable(['#', 'case', 'events', 'fills', 'P&L', 'sharpe', 'max dd', 'fingerprint', 'result'], rows, new Set([0, 2, 3, 4, 5, 6])));
  const passed = runs.filter(casePassed).length;
  process.stdout.write(`\n${passed} of ${runs.length} case${runs.length === 1 ? '' : 's'} passed${runs.length < total ? ` (${total} in the whole matrix)` : ''}\n`);
}

/** The band as a table, one row per preset, and how to read it. */
export function printBand(band: Band): void {
  const b = band.reports;
  process.stdout.write(
    renderTable(
      ['preset', 'P&L', 'fills', 'fees', 'assumes', 'sharpe / sortino (annualised)'],
      PRESET_NAMES.map((p) => [p, b[p].pnl.pnl, String(b[p].counters.fills), b[p].pnl.fees, presetText(p), ratiosText(b[p])]),
      new Set([1, 2, 3]),
    ),
  );
  // Each preset changes queue position, latency and impact together, so each fills a different
  // set of orders: the ends are other runs of the strategy, not bounds around the base P&L.
  process.stdout.write(
    '\nEach preset is its own run: queue position, latency and impact change together, so the strategy\nfills different orders under each, and the optimistic P&L can fall below the base one (more fills,\nsome of them losers). Read the band as the spread of outcomes, not as bounds around the base.\n',
  );
}

/** What a preset assumes, in words: queue model, order latency and impact. */
function presetText(name: PresetName): string {
  const m = MODEL_PRESETS[name];
  const latency = m.latency.name === 'constant' ? `${Number(m.latency.entryNs) / 1e6} ms latency` : `${m.latency.name} latency`;
  const queue = m.queue.name === 'power' ? `power:${m.queue.n} queue` : `${m.queue.name} queue`;
  return `${queue}, ${latency}, ${m.impact.name === 'none' ? 'no' : m.impact.name} impact`;
}
