import { Command } from 'commander';
import type { Decimal } from 'decimal.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { CheckFailedError } from '../errors.js';
import { annualisedCaveat, compareReports, parseThreshold, type FigureDelta, type ThresholdResult } from '../services/compare.js';
import { markdownCell } from '../services/reporters/markdown.js';

interface CompareFlags {
  fail: string[];
  md?: boolean;
  json?: boolean;
}

export function compareCommand(): Command {
  return new Command('compare')
    .description('compare two backtest reports figure by figure; fail on regressions beyond thresholds')
    .argument('<base>', 'the baseline run (say, the main branch): its folder (backtest --out) or its report.json')
    .argument('<head>', 'the run under test: its folder or its report.json')
    .option('--fail <NAME:THRESHOLD>', 'exit 1 when head is worse than base by more than this, e.g. "sharpe:-5%" or "pnl:-100" (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--md', 'print a Markdown table (for a pull-request comment)')
    .option('--json', 'print the comparison as JSON')
    .addHelpText(
      'after',
      `
"Worse" follows each figure's direction. Higher is better: pnl, realized, unrealized,
total_return, sharpe, sortino. Lower is better: fees, volatility, max_drawdown, rejects,
slippage_bps, slippage_cost. No direction (a change either way counts): events, orders, fills,
maker_fills, taker_fills, notional, position.

A threshold is the allowed worsening: "-5%" is 5 % of |base|, "-100" is 100 in the figure's
units (the sign is optional). A figure missing from a report (slippage without taker fills)
cannot be checked: its threshold is skipped with a warning.

Exit codes: 0 no threshold crossed, 1 a threshold crossed, 2 bad arguments or reports.

Examples:
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/market-maker.ts --out runs/base
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/market-maker.ts --latency 1ms --out runs/head
  $ vtrade compare runs/base runs/head
  $ vtrade compare runs/base/report.json runs/head/report.json --fail "pnl:-10%" --fail "max_drawdown:-10%" --fail "fills:-5%"
  $ vtrade compare runs/base runs/head --md >> "$GITHUB_STEP_SUMMARY"`,
    )
    .action((basePath: string, headPath: string, flags: CompareFlags) => {
      // Bad thresholds are usage errors, found before any file is read.
      const thresholds = flags.fail.map(parseThreshold);
      const { base, head, deltas, results, passed } = compareReports(basePath, headPath, thresholds);
      if (base.symbol !== head.symbol || base.currency !== head.currency) {
        process.stderr.write(`warning: comparing ${base.symbol} (${base.currency}) with ${head.symbol} (${head.currency}): money figures are in different units\n`);
      }
      for (const r of results) if (r.status === 'skipped') process.stderr.write(`warning: ${r.message}\n`);
      const caveat = annualisedCaveat([base, head]);
      if (caveat) process.stderr.write(`note: ${caveat}\n`);

      if (flags.json) writeJson(jsonOutput(basePath, headPath, base.currency, deltas, results, passed));
      else if (flags.md) process.stdout.write(markdown(basePath, headPath, deltas, results));
      else process.stdout.write(table(deltas, results));

      const failed = results.filter((r) => r.status === 'fail');
      if (failed.length > 0) {
        throw new CheckFailedError(failed.map((r) => `threshold crossed: ${r.message}`).join('\n'));
      }
    });
}

/** Figures as people read them: money and counts exact, ratios to 6 significant digits. */
function show(d: Decimal | null, kind: FigureDelta['kind'], signed = false): string {
  if (d === null) return '-';
  const text = kind === 'ratio' ? d.toSignificantDigits(6).toFixed() : d.toFixed();
  return signed && d.isPositive() && !d.isZero() ? `+${text}` : text;
}

function showPct(d: Decimal | null): string {
  if (d === null) return '-';
  const text = d.toFixed(2);
  return `${d.isPositive() && !d.isZero() ? '+' : ''}${text} %`;
}

const DIRECTION_WORD = { higher: 'higher', lower: 'lower', none: '-' } as const;

function table(deltas: FigureDelta[], results: ThresholdResult[]): string {
  const rows = deltas.map((d) => [d.name, DIRECTION_WORD[d.direction], show(d.base, d.kind), show(d.head, d.kind), show(d.delta, d.kind, true), showPct(d.deltaPct), d.verdict]);
  let out = renderTable(['figure', 'better', 'base', 'head', 'delta', 'delta %', 'change'], rows, new Set([2, 3, 4, 5]));
  if (results.length > 0) out += '\n' + results.map((r) => `${r.status.toUpperCase()}  ${r.message}`).join('\n') + '\n';
  return out;
}

/** ▲/▼ give the direction of the change, the word whether it is good: never colour alone. */
function mark(d: FigureDelta): string {
  if (d.delta === null) return 'n/a';
  if (d.delta.isZero()) return '= same';
  return `${d.delta.isPositive() ? '▲' : '▼'} ${d.verdict}`;
}

function markdown(basePath: string, headPath: string, deltas: FigureDelta[], results: ThresholdResult[]): string {
  const lines = [
    '### vtrade compare',
    '',
    `base ${markdownCell(basePath)} → head ${markdownCell(headPath)}`,
    '',
    '| figure | base | head | Δ | Δ % | change |',
    '|---|---:|---:|---:|---:|---|',
    ...deltas.map((d) => `| ${d.name} | ${show(d.base, d.kind)} | ${show(d.head, d.kind)} | ${show(d.delta, d.kind, true)} | ${showPct(d.deltaPct)} | ${mark(d)} |`),
  ];
  if (results.length > 0) {
    const failed = results.filter((r) => r.status === 'fail').length;
    lines.push('', failed === 0 ? `**Thresholds: all ${results.length} held.**` : `**Thresholds: ${failed} of ${results.length} crossed.**`, '');
    const icon = { pass: '✅ pass', fail: '❌ FAIL', skipped: '⚠️ skipped' } as const;
    for (const r of results) lines.push(`- ${icon[r.status]}: ${markdownCell(r.message)}`);
  }
  return lines.join('\n') + '\n';
}

const num = (d: Decimal | null): number | null => (d === null ? null : Number(d.toString()));

function jsonOutput(basePath: string, headPath: string, currency: string | undefined, deltas: FigureDelta[], results: ThresholdResult[], passed: boolean) {
  return {
    base: basePath,
    head: headPath,
    currency: currency ?? null,
    figures: deltas.map((d) => ({
      name: d.name,
      better: d.direction,
      base: num(d.base),
      head: num(d.head),
      delta: num(d.delta),
      delta_pct: num(d.deltaPct),
      verdict: d.verdict,
    })),
    thresholds: results.map((r) => ({
      spec: r.spec,
      figure: r.figure,
      status: r.status,
      base: num(r.base),
      head: num(r.head),
      allowed_min: num(r.allowedMin),
      allowed_max: num(r.allowedMax),
      message: r.message,
    })),
    passed,
  };
}
