/**
 * Runs every benchmark in its own process (so one's heap does not colour the next) and prints
 * the figures with the date and machine, ready to paste into BENCHMARKS.md, then the engine
 * figures side by side with their targets.
 *
 *   npm run bench                   all of them
 *   npm run bench -- engine         only those whose name contains "engine"
 *   npm run bench -- readers trades only the readers' cases whose name contains "trades"
 *   npm run bench -- --reference    also hftbacktest (installs it on first use): five rounds of
 *                                   vtrade's reference cases (a fresh process each), its market
 *                                   maker and its no-op loop (a fresh process each), taken in turn
 *                                   so that a drift in the machine's load hits both; the summary
 *                                   is the median over the rounds, i.e. over fresh processes
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const benches = ['readers-parse.ts', 'lobster-parse.ts', 'binance-parse.ts', 'vtb-replay.ts', 'engine-mm.ts', 'engine-multi.ts', 'portfolios.ts', 'tui.ts', 'leaderboard.ts', 'live.ts', 'sweep.ts', 'two-cores.ts'];
const args = process.argv.slice(2);
/** Rounds beside hftbacktest: each side's figure per round is one fresh process per case. */
const ROUNDS = 5;
const reference = args.includes('--reference');
const [filter, ...caseFilter] = args.filter((a) => !a.startsWith('--'));

type Figure = Record<string, unknown> & { bench?: string; id?: string; engine?: string; strategy?: string };
const figures: Figure[] = [];

/** Runs a child, echoing its stdout and keeping the JSON lines it prints. */
function run(command: string, argv: string[], stderr: 'inherit' | 'ignore' = 'inherit'): boolean {
  const r = spawnSync(command, argv, { stdio: ['ignore', 'pipe', stderr], cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  for (const line of (r.stdout ?? '').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      figures.push(JSON.parse(line) as Figure);
    } catch {
      // a line of output that only looks like JSON
    }
  }
  return r.status === 0;
}

// --expose-gc: a bench collects its own set-up garbage before it times anything.
const tsx = (file: string, ...rest: string[]) => ['--expose-gc', '--import', 'tsx', join(here, file), ...rest];

console.log(`date: ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
let failed = 0;
for (const bench of benches) {
  if (filter && !bench.includes(filter)) continue;
  console.log(`\n## ${bench}`);
  if (!run(process.execPath, tsx(bench, ...caseFilter))) failed++;
}
if (reference) {
  console.log(`\n## side by side with hftbacktest (bench/hftbacktest), ${ROUNDS} rounds`);
  const setup = spawnSync('bash', [join(here, 'hftbacktest/setup.sh')], { stdio: 'inherit', cwd: root });
  if (setup.status !== 0) failed++;
  else {
    const python = join(root, '.cache/hftbacktest-venv/bin/python');
    for (let i = 0; i < ROUNDS; i++) {
      if (!run(process.execPath, tsx('engine-mm.ts', 'reference', '--processes', '1'))) failed++;
      for (const strategy of ['mm', 'noop']) if (!run(python, [join(here, 'hftbacktest/mm_bench.py'), '--strategy', strategy], 'ignore')) failed++;
    }
  }
}
summary();
process.exit(failed > 0 ? 1 : 0);

/** The engine figures against their targets: medians over every round this run took. */
function summary(): void {
  const pick = (f: (x: Figure) => boolean, key: string): number | undefined => {
    const xs = figures.filter(f).map((x) => Number(x[key]));
    return xs.length > 0 ? median(xs) : undefined;
  };
  const rate = (x: number | undefined) => (x === undefined ? '-' : `${(x / 1e6).toFixed(2)} M/s`);
  const ms = (x: number | undefined) => (x === undefined ? '-' : `${(x * 1000).toFixed(1)} ms`);
  const rows: string[] = [];
  const vs = (label: string, id: string, hbt: string, target: number) => {
    const ours = { wall: pick((x) => x.id === id, 'seconds'), cpu: pick((x) => x.id === id, 'cpu_seconds') };
    const theirs = { wall: pick((x) => x.engine === 'hftbacktest' && x.strategy === hbt, 'seconds'), cpu: pick((x) => x.engine === 'hftbacktest' && x.strategy === hbt, 'cpu_seconds') };
    if (ours.wall === undefined) return;
    const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : `${(b / a).toFixed(2)}x`);
    rows.push(`${label}: vtrade ${ms(ours.wall)} (CPU ${ms(ours.cpu)}), hftbacktest ${ms(theirs.wall)} (CPU ${ms(theirs.cpu)}); vtrade is ${ratio(ours.wall, theirs.wall)} as fast (CPU ${ratio(ours.cpu, theirs.cpu)}); target ${target}x`);
  };
  vs('fixed-spread market maker', 'btc-fixed-spread', 'mm', 1);
  vs('fixed-spread market maker called for every event', 'btc-fixed-spread-every-event', 'mm', 1);
  vs('empty strategy vs no-op loop', 'btc-empty', 'noop', 2);
  for (const [id, label, target] of [
    ['goog-l10/replayVtbBook, checksums verified', '.vtb replay GOOG L10 (verified)', 50e6],
    ['btc/replayVtbBook, checksums verified', '.vtb replay BTC (verified)', 25e6],
  ] as const) {
    const wall = pick((x) => x.id === id, 'events_per_second');
    if (wall !== undefined) rows.push(`${label}: ${rate(wall)} (CPU ${rate(pick((x) => x.id === id, 'cpu_events_per_second'))}); target ${rate(target)}`);
  }
  const amzn = pick((x) => x.id === 'amzn-mm', 'events_per_second');
  if (amzn !== undefined) rows.push(`LOBSTER AMZN L5 touch-joining market maker: ${rate(amzn)} (CPU ${rate(pick((x) => x.id === 'amzn-mm', 'cpu_events_per_second'))}); target 3.00 M/s`);
  if (rows.length > 0) console.log(`\n## engine targets (medians)\n${rows.join('\n')}`);
}
