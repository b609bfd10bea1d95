/**
 * Runs every benchmark in its own process (so one's heap does not colour the next) and prints
 * the figures with the date and machine, ready to paste into BENCHMARKS.md.
 *
 *   npm run bench                   all of them
 *   npm run bench -- engine         only those whose name contains "engine"
 *   npm run bench -- --reference    also the hftbacktest reference run (installs it on first use)
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const benches = ['readers-parse.ts', 'lobster-parse.ts', 'binance-parse.ts', 'vtb-replay.ts', 'engine-mm.ts', 'portfolios.ts', 'tui.ts', 'leaderboard.ts', 'live.ts', 'sweep.ts', 'two-cores.ts'];
const args = process.argv.slice(2);
const reference = args.includes('--reference');
const filter = args.find((a) => !a.startsWith('--'));

console.log(`date: ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
let failed = 0;
for (const bench of benches) {
  if (filter && !bench.includes(filter)) continue;
  console.log(`\n## ${bench}`);
  // --expose-gc: a bench collects its own set-up garbage before it times anything.
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, bench)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (reference) {
  // The same fixed-spread market maker on hftbacktest, same recording, in the same session.
  console.log('\n## hftbacktest reference (bench/hftbacktest)');
  const setup = spawnSync('bash', [join(here, 'hftbacktest/setup.sh')], { stdio: 'inherit', cwd: root });
  if (setup.status !== 0) failed++;
  else {
    for (let i = 0; i < 3; i++) {
      const r = spawnSync(join(root, '.cache/hftbacktest-venv/bin/python'), [join(here, 'hftbacktest/mm_bench.py')], { stdio: ['ignore', 'inherit', 'ignore'], cwd: root });
      if (r.status !== 0) failed++;
    }
  }
}
process.exit(failed > 0 ? 1 : 0);
