/**
 * Runs every benchmark in its own process (so one's heap does not colour the next) and prints
 * the figures with the date and machine, ready to paste into BENCHMARKS.md.
 *
 *   npm run bench                 all of them
 *   npm run bench -- lobster      only those whose name contains "lobster"
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benches = ['lobster-parse.ts', 'binance-parse.ts', 'vtb-replay.ts'];
const filter = process.argv[2];

console.log(`date: ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
let failed = 0;
for (const bench of benches) {
  if (filter && !bench.includes(filter)) continue;
  console.log(`\n## ${bench}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, bench)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
