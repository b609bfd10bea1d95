import { Command } from 'commander';
import { wholeNumber } from '../cli-support/args.js';
import { writeVtb } from '../data/vtb/index.js';
import { writeNative } from '../data/native/index.js';
import { synthData } from '../services/synth-data.js';
import { outputKind } from './data-convert.js';

export function dataSynthCommand(): Command {
  return new Command('synth')
    .description('generate a seeded synthetic market (the same seed gives the same bytes)')
    .option('--seed <N>', 'random seed', '42')
    .option('--minutes <M>', 'minutes of simulated trading', '1')
    .option('--symbol <S>', 'instrument symbol (venue SYNTH)', 'SYN')
    .option('--orders', 'order-level events (add, cancel, execute with order ids), for exact FIFO and queue calibration')
    .requiredOption('--out <file>', 'output: .csv / .csv.gz (native CSV) or .vtb (binary cache)')
    .addHelpText(
      'after',
      `
Examples:
  $ vtrade data synth --seed 7 --minutes 5 --out class.csv
  $ vtrade data synth --seed 42 --minutes 60 --out big.vtb
  $ vtrade data synth --seed 42 --minutes 5 --orders --out syn-l3.csv.gz
  $ vtrade data synth --seed 7 --minutes 5 --symbol SYX --out syx.csv.gz`,
    )
    .action(async (flags: { seed: string; minutes: string; out: string; symbol: string; orders?: boolean }) => {
      const seed = wholeNumber(flags.seed, '--seed', 0);
      const minutes = wholeNumber(flags.minutes, '--minutes', 1);
      const kind = outputKind(flags.out);
      const data = synthData(seed, minutes, { symbol: flags.symbol, orders: flags.orders === true });
      if (kind === 'vtb') await writeVtb(data, flags.out);
      else await writeNative(data, flags.out);
      process.stderr.write(`wrote ${flags.out}\n`);
    });
}
