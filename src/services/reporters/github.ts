import { markdownCell as md } from './markdown.js';
import type { CaseResult, SuiteResult } from './suite.js';

/**
 * GitHub Actions output: workflow-command annotations (`::error title=..::message`) that show on
 * the run and the pull request, and a Markdown job summary.
 *
 * Workflow-command escaping, as the runner decodes it: in the message `%`, CR and LF become
 * %25, %0D and %0A; in property values `:` and `,` also become %3A and %2C, since they separate
 * properties. `%` goes first, or the escapes themselves would be escaped again.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(kind: 'error' | 'notice', title: string, message: string, file?: string): string {
  const props = [...(file ? [`file=${escapeProperty(file)}`] : []), `title=${escapeProperty(title)}`];
  return `::${kind} ${props.join(',')}::${escapeData(message)}`;
}

/**
 * The strategy file to pin an annotation to: the case's classname when it is a relative path to
 * a script inside the working tree (GitHub resolves `file=` against the repository root, which
 * is where a workflow runs vtrade). Anything else would point nowhere, so it is left out.
 */
function annotationFile(classname: string): string | undefined {
  const path = classname.replace(/\\/g, '/');
  if (!/\.(ts|mts|cts|js|mjs|cjs)$/.test(path) || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return undefined;
  if (path.split('/').includes('..')) return undefined;
  return path.replace(/^(\.\/)+/, '');
}

/**
 * One `::error` per failed assertion and per case that could not run; when nothing failed, one
 * `::notice` summing up. Each line ends with "\n".
 */
export function renderGithubAnnotations(suite: SuiteResult): string {
  const lines: string[] = [];
  let checks = 0;
  for (const c of suite.cases) {
    if (c.error) {
      lines.push(command('error', `${c.name}: could not run (exit ${c.error.exitCode})`, c.error.message, annotationFile(c.classname)));
      continue;
    }
    for (const a of c.assertions) {
      checks++;
      if (!a.passed) lines.push(command('error', `${c.name}: ${a.expr}`, `assertion failed: ${a.expr}: expected ${a.expected}, actual ${a.actual}`, annotationFile(c.classname)));
    }
  }
  if (lines.length === 0) {
    const n = suite.cases.length;
    lines.push(command('notice', label(suite.name), `${n} case${n === 1 ? '' : 's'} ran, ${checks} assertion${checks === 1 ? '' : 's'} passed`));
  }
  return lines.map((l) => l + '\n').join('');
}

/** The suite's name as a heading: "vtrade backtest" stays, "nightly" becomes "vtrade nightly". */
function label(name: string): string {
  return name.startsWith('vtrade') ? name : `vtrade ${name}`;
}

/** GitHub's cap on one step's summary is 1 MiB; stay a little under it. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 4096;

/**
 * A Markdown job summary: a headline and a table of cases (status, P&L, Sharpe, fills, failed
 * assertions with actual and expected). Status is written out in words next to its symbol, never
 * shown by colour alone. When the table would pass `maxBytes` (UTF-8), rows are dropped from the
 * end and a note says how many.
 */
export function renderGithubSummary(suite: SuiteResult, maxBytes = SUMMARY_MAX_BYTES): string {
  const failed = suite.cases.filter((c) => status(c) !== 'pass').length;
  const checks = suite.cases.reduce((n, c) => n + c.assertions.length, 0);
  const broken = suite.cases.reduce((n, c) => n + c.assertions.filter((a) => !a.passed).length, 0);
  const head = [
    `## ${md(label(suite.name))}`,
    '',
    `${failed === 0 ? '✅' : '❌'} **${suite.cases.length - failed} of ${suite.cases.length} case${suite.cases.length === 1 ? '' : 's'} passed**; ${checks - broken} of ${checks} assertion${checks === 1 ? '' : 's'} held.`,
    '',
    '| status | case | P&L | sharpe | fills | failed assertions |',
    '|---|---|---:|---:|---:|---|',
  ].join('\n') + '\n';
  const rows = suite.cases.map((c) => row(c) + '\n');
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const all = head + rows.join('');
  if (bytes(all) <= maxBytes) return all;
  // It does not all fit: reserve room for the note (its count has at most this many digits).
  const note = (left: number) => `\n_${left} more case${left === 1 ? '' : 's'} not shown: a job summary is capped at 1 MiB; the JUnit report (--reporter junit) lists every case._\n`;
  const budget = maxBytes - bytes(note(rows.length));
  let out = head;
  let used = bytes(head);
  let kept = 0;
  while (kept < rows.length && used + bytes(rows[kept]) <= budget) {
    used += bytes(rows[kept]);
    out += rows[kept++];
  }
  return used <= budget ? out + note(rows.length - kept) : '';
}

type Status = 'pass' | 'fail' | 'error';

function status(c: CaseResult): Status {
  if (c.error) return 'error';
  return c.assertions.every((a) => a.passed) ? 'pass' : 'fail';
}

function row(c: CaseResult): string {
  const s = status(c);
  const label = s === 'pass' ? '✅ pass' : s === 'fail' ? '❌ fail' : `⚠️ error (exit ${c.error?.exitCode})`;
  const pnl = c.figures.pnl;
  const currency = c.properties.currency;
  const cells = [
    label,
    md(c.name),
    pnl === undefined ? '-' : md(`${pnl}${currency ? ` ${currency}` : ''}`),
    c.figures.sharpe === undefined ? '-' : md(c.figures.sharpe.toFixed(2)),
    c.figures.fills === undefined ? '-' : md(String(c.figures.fills)),
    c.error
      ? md(c.error.message)
      : c.assertions
          .filter((a) => !a.passed)
          .map((a) => `${md(a.expr)}: actual ${md(a.actual)}, expected ${md(a.expected)}`)
          .join('<br>'),
  ];
  return `| ${cells.join(' | ')} |`;
}
