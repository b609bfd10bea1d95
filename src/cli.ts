import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitCode, VtradeError } from './errors.js';
import { COMMANDS } from './command-table.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The program with every command listed, and the one named (if any) loaded in full: the others
 * are placeholders that carry their name and summary for the root help, so their modules are
 * never loaded.
 */
export async function buildProgram(wanted?: string): Promise<Command> {
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
  $ vtrade data inspect fixtures/synth/syn-seed42-5min.csv.gz
  $ vtrade book fixtures/synth/syn-seed42-5min.csv.gz --after 1000 --json
  $ vtrade data convert fixtures/synth/syn-seed42-5min.csv.gz --out syn.vtb
  $ vtrade data replay syn.vtb --json`,
    );
  for (const entry of COMMANDS) program.addCommand(entry.name === wanted ? await entry.load() : new Command(entry.name).description(entry.summary));
  // Every command parses its own errors into exit code 2 rather than commander's 1.
  const exitOverride = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(exitOverride);
  };
  exitOverride(program);
  return program;
}

/** The subcommand an argument list asks for (`help <command>` too), if any. */
export function commandNamed(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(commandNamed(argv));
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
