import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { wholeNumber } from '../cli-support/args.js';
import { bookAtTime, booksAfterRecords, type BookSnapshot } from '../services/book-snapshots.js';
import { nsToIso, parseTimeArg } from '../cli-support/time-arg.js';
import { outputFormat, renderCsv, renderTable } from '../cli-support/output.js';
import { openFromFlags, reportWarnings, withDataOptions, type DataFlags } from './data-options.js';

interface BookFlags extends DataFlags {
  after?: string;
  at?: string;
  depth: string;
  output?: string;
  json?: boolean;
}

export function bookCommand(): Command {
  return withDataOptions(new Command('book'))
    .description('the order book after the first N source records (lines or messages), or at a time')
    .argument('<files...>', 'data file (several for consecutive Binance recordings)')
    .option('--after <N[,N2,...]>', 'records to apply before printing; several give one result each')
    .option('--at <time>', 'the book after every event with ts_exch <= time: ISO 8601 with an offset, or epoch time with a unit (1640995300000000us, ms, s, ns)')
    .option('--depth <K>', 'levels per side', '10')
    .option('-o, --output <format>', 'table, json (one object per line) or csv', 'table')
    .option('--json', 'shorthand for -o json')
    .addHelpText(
      'after',
      `
Examples:
  $ vtrade book fixtures/synth/syn-seed42-5min.csv.gz --after 1000 --depth 5
  $ vtrade book fixtures/synth/syn-seed42-5min.csv.gz --after 1,500,9000 --json
  $ vtrade book fixtures/synth/syn-seed42-5min.csv.gz --at 2024-01-02T09:32:00-05:00
  $ vtrade book fixtures/synth/syn-seed42-5min.csv.gz --at 1704205860000ms

A book the reader cannot vouch for is flagged at once on stderr and in the JSON: "synced": false
before a feed's first snapshot or after a gap in its updates, "crossed": true when the best bid
is at or above the best ask.`,
    )
    .action(async (files: string[], flags: BookFlags) => {
      const format = outputFormat(flags);
      const depth = wholeNumber(flags.depth, '--depth', 1);
      if ((flags.after === undefined) === (flags.at === undefined)) {
        throw new UsageError('give exactly one of --after and --at', 'vtrade book <file> --after 1000');
      }
      const after = flags.after?.split(',').map((s) => wholeNumber(s.trim(), '--after', 1));
      const at = flags.at !== undefined ? parseTimeArg(flags.at, '--at') : undefined;
      const data = await openFromFlags(files, flags);
      const note = (text: string): void => {
        process.stderr.write(`warning: ${text}\n`);
      };
      const snaps =
        after !== undefined
          ? await booksAfterRecords(data, after, depth, note)
          : [await bookAtTime(data, at!, depth, note, flags.at, '--at')];
      reportWarnings(data);
      if (format === 'json') {
        process.stdout.write(snaps.map((s) => JSON.stringify(s)).join('\n') + '\n');
      } else if (format === 'csv') {
        const rows = snaps.flatMap((s) => [
          ...s.bids.map(([p, q], i) => [String(s.index), s.ts_exch, 'bid', String(i + 1), p, q]),
          ...s.asks.map(([p, q], i) => [String(s.index), s.ts_exch, 'ask', String(i + 1), p, q]),
        ]);
        process.stdout.write(renderCsv(['index', 'ts_exch', 'side', 'level', 'price', 'qty'], rows));
      } else {
        process.stdout.write(snaps.map(ladder).join('\n'));
      }
    });
}

/** A ladder for people: asks above (best last), bids below (best first). */
function ladder(s: BookSnapshot): string {
  const rows: string[][] = [];
  for (const [p, q] of [...s.asks].reverse()) rows.push(['ask', p, q]);
  for (const [p, q] of s.bids) rows.push(['bid', p, q]);
  const when = s.ts_exch === '0' ? '' : ` at ${nsToIso(BigInt(s.ts_exch))}`;
  const flags = `${s.synced ? '' : ' (not synchronised)'}${s.crossed ? ' (crossed)' : ''}`;
  return `after record ${s.index}${when}${flags}\n` + renderTable(['side', 'price', 'qty'], rows, new Set([1, 2]));
}
