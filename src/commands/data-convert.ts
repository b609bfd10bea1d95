import { Command } from 'commander';
import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import { writeVtb } from '../data/vtb/index.js';
import { writeNative } from '../data/native/index.js';
import { openFromFlags, reportWarnings, withDataOptions, type DataFlags } from './data-options.js';

export function dataConvertCommand(): Command {
  return withDataOptions(new Command('convert'))
    .description('convert any supported input to the binary replay cache (.vtb) or the native CSV (.csv)')
    .argument('<files...>', 'input data (several for consecutive Binance recordings)')
    .requiredOption('--out <file>', 'output: .vtb for the binary cache, .csv or .csv.gz for native CSV')
    .addHelpText(
      'after',
      `
Examples:
  $ vtrade data convert fixtures/synth/syn-seed42-5min.csv.gz --out syn.vtb
  $ vtrade data convert fixtures/synth/syn-seed42-5min-orders.csv.gz --out syn-l3.vtb

The output is written to a temporary file and renamed when complete: a failed conversion
leaves nothing behind.`,
    )
    .action(async (files: string[], flags: DataFlags & { out: string }) => {
      const kind = outputKind(flags.out);
      const data = await openFromFlags(files, flags);
      if (kind === 'vtb') await writeVtb(data, flags.out);
      else await writeNative(data, flags.out);
      reportWarnings(data);
      process.stderr.write(`wrote ${flags.out}\n`);
    });
}

export function outputKind(out: string): 'vtb' | 'native' {
  if (extname(out) === '.vtb') return 'vtb';
  if (out.endsWith('.csv') || out.endsWith('.csv.gz')) return 'native';
  throw new UsageError(`--out "${out}" has no known extension`, 'use a .vtb or .csv file name');
}
