import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/command-table.js';
import { repoRoot } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vtrade-startup-'));
const HEAVY = ['/node_modules/ink/', '/node_modules/react/', '/node_modules/kafkajs/', '/node_modules/better-sqlite3/', '/node_modules/@anthropic-ai/', '/node_modules/ioredis/', '/node_modules/decimal.js/'];

/** The modules `vtrade <args>` loads, as resolved URLs. */
function modulesLoadedBy(args: string[]): string[] {
  const trace = join(dir, `${args.join('-') || 'root'}.txt`);
  const r = spawnSync(process.execPath, ['--import', resolve(repoRoot, 'test/support/trace-imports.mjs'), resolve(repoRoot, 'bin/vtrade'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, VTRADE_TRACE_IMPORTS: trace, VTRADE_FROM_SOURCE: '1' },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(trace, 'utf8').trim().split('\n');
}

describe('start-up loads only what the command needs', () => {
  it('every command in the table carries its own description as the summary', async () => {
    for (const entry of COMMANDS) {
      const cmd = await entry.load();
      expect([cmd.name(), cmd.description()]).toEqual([entry.name, entry.summary]);
    }
  });

  it('vtrade --help loads no command module and none of the heavy libraries', () => {
    const loaded = modulesLoadedBy(['--help']);
    expect(loaded.some((u) => u.endsWith('/src/cli.ts'))).toBe(true);
    expect(loaded.filter((u) => u.includes('/src/commands/'))).toEqual([]);
    expect(loaded.filter((u) => HEAVY.some((h) => u.includes(h)))).toEqual([]);
  });

  it('a command loads its own module, not the others', () => {
    const loaded = modulesLoadedBy(['compare', '--help']);
    const commands = loaded.filter((u) => u.includes('/src/commands/')).map((u) => u.slice(u.indexOf('/src/commands/') + 14));
    expect(commands).toContain('compare.ts');
    expect(commands.filter((c) => !c.startsWith('compare'))).toEqual([]);
  });

  it('backtest --help loads its flag definitions only: no engine, no readers, no zod', () => {
    const loaded = modulesLoadedBy(['backtest', '--help']);
    const src = loaded.filter((u) => u.includes('/src/')).map((u) => u.slice(u.indexOf('/src/') + 5));
    expect(src.filter((f) => f.startsWith('commands/')).sort()).toEqual(['commands/backtest.ts', 'commands/flag-sets.ts']);
    expect(src.filter((f) => f.startsWith('engine/') || f.startsWith('data/') || f.startsWith('services/'))).toEqual([]);
    expect(loaded.filter((u) => u.includes('/node_modules/zod/') || HEAVY.some((h) => u.includes(h)))).toEqual([]);
  });
});
