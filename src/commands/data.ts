import { Command } from 'commander';
import { dataInspectCommand } from './data-inspect.js';
import { dataConvertCommand } from './data-convert.js';
import { dataSynthCommand } from './data-synth.js';
import { dataReplayCommand } from './data-replay.js';

export function dataCommand(): Command {
  return new Command('data')
    .description('read, convert, generate and replay market data')
    .addCommand(dataInspectCommand())
    .addCommand(dataConvertCommand())
    .addCommand(dataSynthCommand())
    .addCommand(dataReplayCommand());
}
