import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode, VtradeError } from './errors.js';
import { dataCommand } from './commands/data.js';
import { bookCommand } from './commands/book.js';
import { demoCommand } from './commands/demo.js';
import { sweepCommand } from './commands/sweep.js';
import { backtestCommand } from './commands/backtest.js';
import { tcaCommand } from './commands/tca.js';
import { compareCommand } from './commands/compare.js';
import { accountCommand } from './commands/account.js';
import { fillsCommand, ledgerCommand } from './commands/ledger.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { gameCommands } from './commands/game.js';
import { feedCommand } from './commands/feed.js';
import { liveCommand } from './commands/live.js';
import { workerCommand } from './commands/worker.js';
import { copilotCommands } from './commands/copilot.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('vtrade')
    .description('Realistic backtesting and paper trading on recorded Level-2 market data.')
    .version(pkg.version, '-V, --version')
    .option('--no-color', 'never colour output (NO_COLOR and TERM=dumb are honoured too)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 a check failed, 2 bad input or usage, 3 internal error, 4 a strategy threw,
5 a manifest did not match.

Examples:
  $ vtrade demo
  $ vtrade data inspect ../shared/data/lobster/LOBSTER_SampleFile_AAPL_2012-06-21_1.zip
  $ vtrade book ../shared/data/lobster/LOBSTER_SampleFile_AAPL_2012-06-21_1.zip --after 1000 --json
  $ vtrade data convert ../shared/data/binance/spot/btcusdt_20240808.gz --out btc.vtb
  $ vtrade data replay btc.vtb --json`,
    );
  program.addCommand(demoCommand());
  program.addCommand(dataCommand());
  program.addCommand(bookCommand());
  program.addCommand(backtestCommand());
  program.addCommand(sweepCommand());
  program.addCommand(tcaCommand());
  program.addCommand(compareCommand());
  program.addCommand(replayCommand());
  program.addCommand(accountCommand());
  program.addCommand(ledgerCommand());
  program.addCommand(fillsCommand());
  program.addCommand(reportCommand());
  for (const c of gameCommands()) program.addCommand(c);
  program.addCommand(feedCommand());
  program.addCommand(liveCommand());
  program.addCommand(workerCommand());
  copilotCommands().forEach((c) => program.addCommand(c));
  // Every command parses its own errors into exit code 2 rather than commander's 1.
  const exitOverride = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(exitOverride);
  };
  exitOverride(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.Ok;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version are not errors; commander already printed them.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return ExitCode.Ok;
    }
    return ExitCode.BadInput;
  }
  if (err instanceof VtradeError) {
    process.stderr.write(`error: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  try: ${err.hint}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  process.stderr.write(`internal error: ${e?.stack ?? String(err)}\n`);
  process.stderr.write('  this is a bug in vtrade: please report it with the command line you ran\n');
  return ExitCode.Internal;
}
