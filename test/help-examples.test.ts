import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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

/**
 * What someone who installed vtrade has: a folder holding the shipped fixtures and nothing else
 * (no ../shared/data beside it, no source tree).
 */
function userFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vtrade-examples-'));
  symlinkSync(join(repoRoot, 'fixtures'), join(dir, 'fixtures'), 'dir');
  return dir;
}

/** Flags whose value is a file an example writes, so later examples may read it. */
const WRITES = new Set(['--out', '--html', '--snapshot']);

/**
 * The examples that cannot run in a test's plain folder, each with what it needs. Each need is
 * met by its own tests: Kafka and Redis in live-e2e, sweep-kafka and replay-redis-leaderboard,
 * the terminal in the tui tests and copilot-approve-tty, an interrupted run in replay-resume and live-resume.
 */
function needs(args: string[]): string | undefined {
  if (args.includes('--brokers')) return 'a Kafka broker';
  if (args.some((a) => a.startsWith('redis://'))) return 'a Redis server';
  if (args.includes('--tui') || args[0] === 'approve') return 'a terminal';
  if ((args[0] === 'replay' || args[0] === 'live') && (args.includes('--resume') || args.includes('--abandon'))) return 'an interrupted run';
  return undefined;
}

describe('every --help example', () => {
  const help = allHelp();
  const all = [...help].flatMap(([cmd, text]) => examples(text).map((args) => ({ cmd, args })));

  it('names only files the package ships or another example writes, never ../shared/data', () => {
    expect(all.length).toBeGreaterThan(50);
    const dir = userFolder();
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
        if (a.includes('../')) problems.push(`vtrade ${args.join(' ')}: ${a} is outside the user's folder`);
        if (prev !== undefined && (WRITES.has(prev) || prev === '>' || prev === '>>' || prev === '--reporter')) return;
        if (a.startsWith('-') || a.includes('://') || !/[/.]/.test(a) || /^\d/.test(a) || a.startsWith('$')) return;
        // Consecutive files join with a comma, the instruments of one run with a plus.
        for (const file of a.split(/[,+]/)) {
          if (!/\.(csv|gz|zip|ts|js|json|vtb|html|xml)$|^fixtures\//.test(file) && !file.includes('/')) continue;
          const shipped = file.includes('*') ? expandGlob(file, dir).length > 0 : existsSync(resolve(dir, file));
          const earlier = [...written].some((w) => file === w || file.startsWith(`${w}/`));
          if (!shipped && !earlier) problems.push(`vtrade ${args.join(' ')}: ${file}`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('each runs as written in a folder holding only the shipped fixtures, in the order the pages show them', () => {
    const dir = userFolder();
    const env = { VTRADE_DB: join(dir, 'paper.db'), VTRADE_HOME: dir, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') };
    const created = new Set<string>();
    const ran: string[] = [];
    const skipped: string[] = [];
    // Pages repeat examples (a page shows the command that makes its input): once is enough.
    const seen = new Set<string>();
    for (const { args: example } of all) {
      const line = example.join(' ');
      if (seen.has(line)) continue;
      seen.add(line);
      const need = needs(example);
      if (need) {
        skipped.push(`${line} (needs ${need})`);
        continue;
      }
      // Shell redirection: the example's output goes to the file, as the shell would send it.
      const redirect = example.findIndex((a) => a === '>' || a === '>>');
      const args = redirect >= 0 ? example.slice(0, redirect) : example;
      // Two pages create alice: the second in a database of its own, so both run as written.
      const create = args[0] === 'account' && args[1] === 'create' ? args[2] : undefined;
      const runEnv = create !== undefined && created.has(create) ? { ...env, VTRADE_DB: join(mkdtempSync(join(tmpdir(), 'vtrade-examples-db-')), 'paper.db') } : env;
      if (create !== undefined) created.add(create);
      const r = runCli(args, { cwd: dir, env: runEnv });
      expect(r.code, `vtrade ${line}\n${r.stderr}`).toBe(0);
      if (redirect >= 0) {
        const target = example[redirect + 1].replace(/^\$(\w+)$/, (_m, v: string) => (env as Record<string, string>)[v] ?? '');
        (example[redirect] === '>' ? writeFileSync : appendFileSync)(resolve(dir, target), r.stdout);
      }
      ran.push(line);
    }
    // Every page has examples, and all but those that need a server, a terminal or a killed run ran.
    expect(ran.length).toBeGreaterThan(60);
    expect(skipped.length).toBeLessThan(20);
    expect(existsSync(join(dir, 'summary.md'))).toBe(true);
  }, 1_800_000); // some ninety commands, a few of them whole runs, on a shared two-core machine
});
