import { Command } from 'commander';
import { inspectData } from '../services/inspect-data.js';
import { replayBook } from '../services/replay-book.js';
import { booksAfterRecords } from '../services/book-snapshots.js';
import { synthData } from '../services/synth-data.js';
import { wholeNumber } from '../cli-support/args.js';
import { renderTable, writeJson } from '../cli-support/output.js';

/**
 * The main job on shipped data with no server. Today it shows the data layer: a seeded synthetic
 * session, its summary, the rebuilt book and the replay speed.
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description('run vtrade on a seeded synthetic market: no data files or servers needed')
    .option('--seed <N>', 'random seed of the synthetic market', '42')
    .option('--minutes <M>', 'minutes of simulated trading', '5')
    .option('--json', 'machine-readable result')
    .addHelpText('after', `
Examples:
  $ vtrade demo
  $ vtrade demo --seed 7 --minutes 30 --json`)
    .action(async (flags: { seed: string; minutes: string; json?: boolean }) => {
      const data = synthData(wholeNumber(flags.seed, '--seed'), wholeNumber(flags.minutes, '--minutes', 1));
      const summary = await inspectData(data);
      const [book] = await booksAfterRecords(data, [summary.records], 5);
      const replay = await replayBook(data);
      if (flags.json) return writeJson({ summary, book, replay });
      const out = process.stdout;
      out.write(`vtrade demo: ${summary.instrument.symbol} on ${summary.instrument.venue}, seed ${flags.seed}, ${flags.minutes} min\n\n`);
      out.write(renderTable(['kind', 'events'], Object.entries(summary.counts).map(([k, v]) => [k, String(v)]), new Set([1])));
      out.write(`\nbook after the last of ${summary.records} records:\n`);
      const rows = [...book.asks].reverse().map(([p, q]) => ['ask', p, q]).concat(book.bids.map(([p, q]) => ['bid', p, q]));
      out.write(renderTable(['side', 'price', 'qty'], rows, new Set([1, 2])));
      out.write(`\nreplayed ${replay.events} events at ${replay.events_per_second.toLocaleString('en-US')} events/s\n`);
    });
}
