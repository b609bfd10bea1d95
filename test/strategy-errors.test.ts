import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, runCli } from './support/run-cli.js';

/**
 * A strategy that throws is reported at its own source's line and column, with its own frames
 * and no others: in TypeScript (whose columns differ from the compiled JavaScript's) and in
 * JavaScript, in a folder that is an ES module package and in one that is not (a lone file, as
 * in /tmp), wherever it throws: at load, in onBook, in onFill, in onTimer.
 */

const SYNTH = resolve(repoRoot, 'fixtures/synth/syn-seed42-5min.csv.gz');

/** THROW_IN names the place; `boom` reads a property of undefined on the marked line. */
function source(ts: boolean): string {
  const t = (typed: string, plain = '') => (ts ? typed : plain);
  return [
    `const where${t(': string | undefined')} = process.env.THROW_IN;`,
    `function boom()${t(': never')} {`,
    `  const empty${t(': { inner?: { what: string } }')} = {};`,
    `  throw new Error(${ts ? '(empty.inner as { what: string })' : 'empty.inner'}.what);`,
    '}',
    "if (where === 'load') boom();",
    '',
    'export default {',
    `  onBook(ctx${t(': any')}) {`,
    "    if (where === 'onBook') boom();",
    "    if (ctx.position() === 0 && ctx.openOrders().length === 0 && ctx.book.bestAsk() !== undefined) ctx.submit({ side: 'buy', type: 'market', qty: 1, tif: 'IOC' });",
    "    ctx.setTimer(ctx.now(), 'tick');",
    '  },',
    '  onFill() {',
    "    if (where === 'onFill') boom();",
    '  },',
    '  onTimer() {',
    "    if (where === 'onTimer') boom();",
    '  },',
    '};',
    '',
  ].join('\n');
}

/** 1-based line and column of the first `needle` in `text`, as V8 counts them in a stack. */
function at(text: string, needle: string): string {
  const i = text.indexOf(needle);
  expect(i, needle).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

describe('a strategy that throws', () => {
  const root = mkdtempSync(join(tmpdir(), 'vtrade-throws-'));
  const pkg = join(root, 'pkg');
  const lone = join(root, 'lone');
  mkdirSync(pkg);
  mkdirSync(lone);
  writeFileSync(join(pkg, 'package.json'), '{"type":"module"}\n');
  const files = [pkg, lone].flatMap((dir) => [true, false].map((ts) => ({ path: join(dir, ts ? 'thrower.ts' : 'thrower.js'), text: source(ts) })));
  for (const f of files) writeFileSync(f.path, f.text);

  for (const place of ['load', 'onBook', 'onFill', 'onTimer']) {
    it(`in ${place}: names its file, line and column and only its own frames, inside an ES module package or not, TS or JS`, () => {
      const r = runCli(['backtest', '--data', SYNTH, '--strategy', ...files.map((f) => f.path)], { env: { THROW_IN: place } });
      expect(r.code, r.stderr).toBe(4);
      const what = place === 'load' ? 'threw at load' : `${place} threw`;
      for (const f of files) {
        const lines = r.stderr.split('\n');
        const first = lines.findIndex((l) => l.startsWith(`error: [${f.path} @`));
        expect(first, r.stderr).toBeGreaterThanOrEqual(0);
        const where = at(f.text, 'what);');
        expect(lines[first]).toBe(`error: [${f.path} @ ${SYNTH}] ${f.path}:${where}: ${what}: Cannot read properties of undefined (reading 'what')`);
        const frames: string[] = [];
        for (let i = first + 1; lines[i]?.startsWith('    at '); i++) frames.push(lines[i]);
        const caller = place === 'load' ? `<anonymous> (${f.path}:${at(f.text, "boom();")})` : `${place} (${f.path}:${at(f.text, `'${place}') boom`).replace(/:(\d+)$/, (_m, c: string) => `:${Number(c) + `'${place}') `.length}`)})`;
        // Its own frames only: the engine's and Node's that called it are not the strategy's.
        expect(frames).toEqual([`    at boom (${f.path}:${where})`, `    at ${caller}`]);
      }
    });
  }
});
