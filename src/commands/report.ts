import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { writeJson } from '../cli-support/output.js';
import { writeAtomically } from '../data/atomic-file.js';
import { UsageError } from '../errors.js';
import { loadAccount } from '../services/report/account-source.js';
import { computeFigures } from '../services/report/report-figures.js';
import { reportJson } from '../services/report/report-json.js';
import { renderTerminal } from '../services/report/report-terminal.js';
import type { ReportData } from '../services/report/report-data.js';
import { loadRunDir } from '../services/report/run-dir-source.js';
import { renderReportHtml } from '../services/report-html/page.js';
import { findAccount } from '../store/accounts.js';
import { openDbFromFlags, withDbOption } from './db-option.js';

interface ReportFlags {
  html?: string;
  json?: boolean;
  db?: string;
}

/** A folder that exists is a run; anything else names a paper account. */
function loadSource(target: string, flags: ReportFlags): ReportData {
  if (existsSync(target)) return loadRunDir(target);
  const db = openDbFromFlags(flags);
  try {
    return loadAccount(db, findAccount(db, target));
  } catch (err) {
    if (err instanceof UsageError && /^no account named/.test(err.message)) {
      throw new UsageError(`"${target}" is neither a run folder nor an account`, 'give a backtest --out folder, or an account name from: vtrade account list');
    }
    throw err;
  } finally {
    db.close();
  }
}

export function reportCommand(): Command {
  return withDbOption(new Command('report'))
    .description('performance report of a backtest run folder or a paper account: KPIs, charts, HTML')
    .argument('<run-dir|account>', 'a folder written by backtest --out, or a paper account name')
    .option('--html <file>', 'also write a self-contained HTML report (charts as inline SVG)')
    .option('--json', 'print the figures as JSON (money as decimal text) instead of tables')
    .addHelpText(
      'after',
      `
A run folder's equity curve is its equity.csv (every NAV sample), or only the start and end
equity from report.json when there is none. An account's curve is its equity snapshots, or is
rebuilt from the ledger and the fills (one sample per fill). Figure definitions: docs/kpis.md;
the charts: docs/reports.md.

Examples:
  $ vtrade backtest --data fixtures/synth/syn-seed42-5min.csv.gz --strategy fixtures/strategies/market-maker.ts --out runs/mm
  $ vtrade report runs/mm
  $ vtrade report runs/mm --html runs/mm/report.html
  $ vtrade report alice --json
  $ vtrade report alice --db paper.db --html alice.html`,
    )
    .action(async (target: string, flags: ReportFlags) => {
      const figures = computeFigures(loadSource(target, flags));
      if (flags.html !== undefined) {
        const html = renderReportHtml(figures);
        await writeAtomically(flags.html, (tmp) => writeFile(tmp, html));
        process.stderr.write(`wrote ${flags.html}\n`);
      }
      if (flags.json) return writeJson(reportJson(figures));
      process.stdout.write(renderTerminal(figures, { width: process.stdout.columns ?? 80 }));
    });
}
