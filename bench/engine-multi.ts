/**
 * Does a second instrument cost more per event than one? The touch-joining market maker on Binance
 * USD-M BTCUSDT 2024-08-08 alone, then the same run with Binance spot BTCUSDT (2024-08-08 and -09)
 * as a second part, merged by exchange time (the merge is timed with the engine); and a strategy
 * of both instruments (markets 'all', requoting on each). Data held in memory.
 *
 * Each case runs in fresh processes of its own (bench/engine-multi-child.ts), as in
 * bench/engine-mm.ts: each warms up until steady, then times 5 runs; a process's figure is the
 * median of its runs and the case's figure the median over the processes, as wall time and as the
 * process's CPU time (steadier when other work shares the machine). The processes of the cases
 * are interleaved (one of each case per round), so that a change of load falls on every case.
 *
 *   npx tsx bench/engine-multi.ts                  3 rounds
 *   npx tsx bench/engine-multi.ts --processes 5
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MULTI_CASES } from './engine-multi-cases.js';
import { median } from './median.js';
import { runChild, type ChildFigures } from './engine-child-runs.js';

const args = process.argv.slice(2);
const at = args.indexOf('--processes');
const PROCESSES = at >= 0 ? Number(args[at + 1]) : 3;
const child = join(dirname(fileURLToPath(import.meta.url)), 'engine-multi-child.ts');


const figures = MULTI_CASES.map(() => [] as ChildFigures[]);
for (let p = 0; p < PROCESSES; p++) MULTI_CASES.forEach((c, k) => figures[k].push(runChild(child, c.id)));

const ms = (x: number) => (x * 1000).toFixed(1);
MULTI_CASES.forEach((c, k) => {
  const fs = figures[k];
  const { events, fills } = fs[0];
  const walls = fs.map((f) => median(f.runs.map((x) => x.wall)));
  const cpus = fs.map((f) => median(f.runs.map((x) => x.cpu)));
  const s = median(walls);
  const cpu = median(cpus);
  const each = fs.map((f, i) => `CPU ${ms(cpus[i])} (runs ${f.runs.map((x) => (x.cpu * 1000).toFixed(0)).join(', ')}; warm-up ${f.warm.runs} runs; ${f.fills} fills)`);
  console.log(
    `${c.name}: ${events} events, ${fills} fills, median over ${PROCESSES} processes ${ms(s)} ms = ${((s / events) * 1e9).toFixed(0)} ns/event; CPU ${ms(cpu)} ms = ${((cpu / events) * 1e9).toFixed(0)} ns/event (processes: ${each.join('; ')})`,
  );
  console.log(JSON.stringify({ bench: 'engine-multi', id: c.id, case: c.name, events, fills, processes: PROCESSES, seconds: s, cpu_seconds: cpu, ns_per_event: Math.round((s / events) * 1e9), cpu_ns_per_event: Math.round((cpu / events) * 1e9) }));
});
