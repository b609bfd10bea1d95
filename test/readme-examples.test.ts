import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/run-cli.js';

/** The `vtrade ...` lines of the README's shell blocks, continuation lines joined, as argument lists. */
function readmeExamples(): string[][] {
  const blocks = [...readFileSync(join(repoRoot, 'README.md'), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .flatMap((b) => b.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('vtrade '))
    .map((l) => [...l.slice(7).matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]));
}

describe('the README', () => {
  it('runs its examples as written, in a folder that holds only what vtrade ships', () => {
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(6);
    // What someone who installed vtrade has: the shipped fixtures, nothing beside the checkout.
    for (const args of examples) expect(args.filter((a) => a.includes('../')), args.join(' ')).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-readme-'));
    symlinkSync(join(repoRoot, 'fixtures'), join(dir, 'fixtures'), 'dir');
    const env = { VTRADE_DB: join(dir, 'paper.db'), VTRADE_HOME: dir };
    for (const args of examples) {
      const r = runCli(args, { cwd: dir, env });
      expect(r.code, `vtrade ${args.join(' ')}\n${r.stderr}`).toBe(0);
    }
  });
});
