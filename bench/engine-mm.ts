/**
 * The full engine (kernel, venue, models, strategy) with a market maker over real recordings,
 * data held in memory so only the engine is timed, as wall time and as the process's CPU time
 * (steadier when other work shares the machine).
 *
 * Each case runs in fresh processes of its own (bench/engine-mm-child.ts), as one `vtrade
 * backtest` runs one strategy: each warms up until steady (hftbacktest's figures likewise exclude
 * its numba compilation), then times 5 runs; a process's figure is the median of its runs, and
 * the case's figure the median over the processes, because a whole process can settle fast or
 * slow. Each process's figure is printed beside it.
 *
 *   npx tsx bench/engine-mm.ts                       every case, 3 processes each
 *   npx tsx bench/engine-mm.ts reference             only the cases set beside hftbacktest (bench/hftbacktest)
 *   npx tsx bench/engine-mm.ts amzn-mm               one case, by its id
 *   npx tsx bench/engine-mm.ts reference --processes 1
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './engine-mm-cases.js';
import { median } from './median.js';
import { runChild } from './engine-child-runs.js';

const args = process.argv.slice(2);
const at = args.indexOf('--processes');
const PROCESSES = at >= 0 ? Number(args[at + 1]) : 3;
const only = args.find((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
const child = join(dirname(fileURLToPath(import.meta.url)), 'engine-mm-child.ts');


const ms = (x: number) => (x * 1000).toFixed(1);
for (const c of CASES.filter((x) => only === undefined || (only === 'reference' ? x.reference : x.id === only))) {
  const walls: number[] = [];
  const cpus: number[] = [];
  const each: string[] = [];
  let events = 0;
  let fills = 0;
  for (let p = 0; p < PROCESSES; p++) {
    const f = runChild(child, c.id);
    events = f.events;
    fills = f.fills;
    const wall = median(f.runs.map((x) => x.wall));
    const cpu = median(f.runs.map((x) => x.cpu));
    walls.push(wall);
    cpus.push(cpu);
    each.push(`CPU ${ms(cpu)} (runs ${f.runs.map((x) => (x.cpu * 1000).toFixed(0)).join(', ')}; warm-up ${f.warm.runs} runs)`);
  }
  const s = median(walls);
  const cpu = median(cpus);
  console.log(
    `${c.name}: ${events} events, ${fills} fills, median over ${PROCESSES} process${PROCESSES === 1 ? "" : "es"} ${ms(s)} ms = ${(events / s / 1e6).toFixed(2)} M events/s; CPU ${ms(cpu)} ms = ${(events / cpu / 1e6).toFixed(2)} M events/s (processes: ${each.join('; ')})`,
  );
  console.log(JSON.stringify({ bench: 'engine-mm', id: c.id, case: c.name, events, fills, processes: PROCESSES, seconds: s, cpu_seconds: cpu, events_per_second: Math.round(events / s), cpu_events_per_second: Math.round(events / cpu) }));
}
