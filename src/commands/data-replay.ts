import { Command } from 'commander';
import { replayBook } from '../services/replay-book.js';
import { replayVtbBook } from '../data/vtb/index.js';
import { renderTable, writeJson } from '../cli-support/output.js';
import { startProgress } from '../cli-support/progress.js';
import { openFromFlags, reportWarnings, withDataOptions, type DataFlags } from './data-options.js';

export function dataReplayCommand(): Command {
  return withDataOptions(new Command('replay'))
    .description('replay the book only (no strategy) and report throughput and peak memory')
    .argument('<files...>', 'data file; a .vtb cache replays fastest')
    .option('--json', 'print {"events","seconds","events_per_second","peak_rss_bytes"}')
    .addHelpText(
      'after',
      `
Examples:
  $ vtrade data replay fixtures/synth/syn-seed42-5min.csv.gz
  $ vtrade data convert fixtures/synth/syn-seed42-5min.csv.gz --out syn.vtb
  $ vtrade data replay syn.vtb --json`,
    )
    .action(async (files: string[], flags: DataFlags & { json?: boolean }) => {
      const data = await openFromFlags(files, flags);
      const progress = startProgress('replay', 0);
      const stats = await replayBook(
        data,
        (n) => progress.update(n),
        data.format === 'vtb' ? async (book) => replayVtbBook(data.path, book).events : undefined,
      );
      progress.stop();
      reportWarnings(data);
      if (flags.json) return writeJson(stats);
      process.stdout.write(
        renderTable(
          ['events', 'seconds', 'events/s', 'peak RSS (MiB)'],
          [[String(stats.events), stats.seconds.toFixed(3), String(stats.events_per_second), (stats.peak_rss_bytes / 2 ** 20).toFixed(1)]],
          new Set([0, 1, 2, 3]),
        ),
      );
    });
}
