import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';
import { expandGlob } from '../src/cli-support/glob.js';

/** Every `$ vtrade ...` example line of a help text, as argument lists (quotes honoured). */
function examples(help: string): string[][] {
  return help
    .split('\n')
    .map((l) => /^\s*\$ vtrade (.*)$/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined)
    .map((l) => [...l.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]));
}

/** Every command's help, subcommands of a group included. */
function allHelp(): Map<string, string> {
  const out = new Map<string, string>();
  const commandsOf = (text: string) => (text.split(/\nCommands:\n/)[1] ?? '').split('\n\n')[0].split('\n').map((l) => /^ {2}(\S+)/.exec(l)?.[1]).filter((c): c is string => c !== undefined && c !== 'help');
  const walk = (path: string[]) => {
    const r = runCli([...path, '--help']);
    expect(r.code, `${path.join(' ')} --help`).toBe(0);
    out.set(path.join(' '), r.stdout);
    for (const c of commandsOf(r.stdout)) walk([...path, c]);
  };
  walk([]);
  return out;
}

/** Flags whose value is a file an example writes, so later examples may read it. */
const WRITES = new Set(['--out', '--html', '--snapshot']);

describe('every --help example', () => {
  const help = allHelp();
  const all = [...help].flatMap(([cmd, text]) => examples(text).map((args) => ({ cmd, args })));

  it('names only files the package ships or another example writes', () => {
    expect(all.length).toBeGreaterThan(50);
    const problems: string[] = [];
    // What the examples write (outputs of one are the inputs of another: backtest --out, compare).
    const written = new Set<string>();
    for (const { args } of all) {
      args.forEach((a, i) => {
        const prev = args[i - 1];
        if (prev !== undefined && (WRITES.has(prev) || prev === '>' || prev === '>>')) written.add(a);
        if (prev === '--reporter') written.add(a.split('=')[1] ?? a);
      });
    }
    for (const { args } of all) {
      args.forEach((a, i) => {
        const prev = args[i - 1];
        if (prev !== undefined && (WRITES.has(prev) || prev === '>' || prev === '>>' || prev === '--reporter')) return;
        if (a.startsWith('-') || a.includes('://') || !/[/.]/.test(a) || /^\d/.test(a) || a.startsWith('$')) return;
        // Consecutive files join with a comma, the instruments of one run with a plus.
        for (const file of a.split(/[,+]/)) {
          if (!/\.(csv|gz|zip|ts|js|json|vtb|html|xml)$|^fixtures\//.test(file) && !file.includes('/')) continue;
          const shipped = file.includes('*') ? expandGlob(file, repoRoot).length > 0 : existsSync(resolve(repoRoot, file));
          const earlier = [...written].some((w) => file === w || file.startsWith(`${w}/`));
          if (!shipped && !earlier) problems.push(`vtrade ${args.join(' ')}: ${file}`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('replay, account, fills and ledger examples run as written against shipped fixtures', () => {
    const env = { VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-examples-')), 'paper.db') };
    const pick = (cmd: string) => all.filter((e) => e.cmd === cmd).map((e) => e.args);
    // In the order a user would try them: the account first; the terminal UI needs a terminal
    // (its refusal is tested elsewhere), and --resume/--abandon need an interrupted run.
    const headless = (args: string[]) => !args.includes('--tui') && !args.includes('--resume') && !args.includes('--abandon') && !args.includes('>');
    const runs = [...pick('account').filter((a) => a[1] === 'create').slice(0, 1), ...pick('replay').filter((a) => a[0] === 'replay' && headless(a)), ...pick('account').filter((a) => a[1] !== 'create'), ...pick('fills').filter(headless), ...pick('ledger').filter(headless)];
    expect(runs.length).toBeGreaterThanOrEqual(7);
    for (const args of runs) {
      const r = runCli(args, { env });
      expect(r.code, `vtrade ${args.join(' ')}\n${r.stderr}`).toBe(0);
    }
  });
});
