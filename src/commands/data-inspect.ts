import { Command } from 'commander';
import { inspectData } from '../services/inspect-data.js';
import { nsToIso } from '../cli-support/time-arg.js';
import { outputFormat, renderCsv, renderTable, writeJson } from '../cli-support/output.js';
import { startProgress } from '../cli-support/progress.js';
import { openFromFlags, reportWarnings, withDataOptions, type DataFlags } from './data-options.js';

export function dataInspectCommand(): Command {
  return withDataOptions(new Command('inspect'))
    .description('instrument, time range, counts by event kind and price range of a data file')
    .argument('<files...>', 'data file (several for consecutive Binance recordings)')
    .option('-o, --output <format>', 'table, json or csv', 'table')
    .option('--json', 'shorthand for -o json')
    .addHelpText(
      'after',
      `
Examples:
  $ vtrade data inspect fixtures/synth/syn-seed42-5min.csv.gz
  $ vtrade data inspect fixtures/synth/syn-seed42-5min-orders.csv.gz --json
  $ vtrade data inspect fixtures/synth/syn-seed42-5min.csv.gz -o csv`,
    )
    .action(async (files: string[], flags: DataFlags & { output?: string; json?: boolean }) => {
      const format = outputFormat(flags);
      const data = await openFromFlags(files, flags);
      const progress = startProgress('inspect', 0);
      const s = await inspectData(data, (n) => progress.update(n));
      progress.stop();
      reportWarnings(data);
      if (format === 'json') return writeJson(s);
      const rows: string[][] = [
        ['file', s.file],
        ['format', s.format],
        ['symbol', s.instrument.symbol],
        ['venue', s.instrument.venue],
        ['asset class', s.instrument.assetClass],
        ['currency', s.instrument.currency],
        ['tick size', s.instrument.tickSize],
        ['lot size', s.instrument.lotSize],
        ['records', String(s.records)],
        ['events', String(s.events)],
        ...Object.entries(s.counts).map(([k, v]) => [`  ${k}`, String(v)]),
        ['first ts_exch', s.first_ts_exch ? `${s.first_ts_exch} (${nsToIso(BigInt(s.first_ts_exch))})` : '-'],
        ['last ts_exch', s.last_ts_exch ? `${s.last_ts_exch} (${nsToIso(BigInt(s.last_ts_exch))})` : '-'],
        ['price min', s.price_min ?? '-'],
        ['price max', s.price_max ?? '-'],
        ['warnings', String(s.warnings.length)],
      ];
      process.stdout.write(format === 'csv' ? renderCsv(['field', 'value'], rows) : renderTable(['field', 'value'], rows));
    });
}
