/**
 * What bench/engine-mm.ts and bench/engine-multi.ts share: a child process times one case's
 * engine runs after a warm-up until steady and prints its figures as one JSON line; the parent
 * starts the child and reads that line.
 */
import { spawnSync } from 'node:child_process';

/** One timed engine run: wall and CPU seconds (user + system of the process), and its fills. */
export interface EngineRun {
  wall: number;
  cpu: number;
  fills: number;
}

/** What a child prints: the case's events and fills, its warm-up, and each timed run. */
export interface ChildFigures {
  id: string;
  events: number;
  fills: number;
  warm: { runs: number; cpu: number };
  runs: { wall: number; cpu: number }[];
}

export const RUNS = 5;
/**
 * Warm-up: at least WARM_MIN_RUNS runs and WARM_MIN_MS of CPU, then on until a run is within
 * STEADY of the one before it (at most WARM_MAX_MS of CPU). Six runs were not enough: the
 * timer-driven maker's first case of a process went 215, 176, 100, 75, 62, 45 ms over its
 * warm-up and its timed runs still 44, 45, 38, 34, 36; alone, it settled at 28-32 ms after about
 * twelve runs (deoptimisations on type feedback the first runs had not seen yet, then the
 * recompiled code).
 */
const WARM_MIN_RUNS = 8;
const WARM_MIN_MS = 1200;
const WARM_MAX_MS = 5000;
const STEADY = 0.05;

/** Times `run` (one whole engine run over data already in memory; the kernel made before) in wall and CPU time. */
export async function timeRun(run: () => { fills: number } | Promise<{ fills: number }>): Promise<EngineRun> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const done = run();
  const { fills } = done instanceof Promise ? await done : done;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, fills };
}

/** Warms `time` up until steady, then times RUNS runs, and prints the child's figures. */
export async function warmThenTime(id: string, events: number, time: () => Promise<EngineRun>): Promise<void> {
  // The reading's garbage is collected before anything is timed (run with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  let warmRuns = 0;
  let warmCpu = 0;
  let last = Infinity;
  for (;;) {
    const r = await time();
    warmRuns++;
    warmCpu += r.cpu;
    const steady = Math.abs(r.cpu - last) <= STEADY * last;
    last = r.cpu;
    if (warmCpu * 1000 >= WARM_MAX_MS) break;
    if (warmRuns >= WARM_MIN_RUNS && warmCpu * 1000 >= WARM_MIN_MS && steady) break;
  }
  const runs: { wall: number; cpu: number }[] = [];
  let fills = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await time();
    runs.push({ wall: r.wall, cpu: r.cpu });
    fills = r.fills;
  }
  const figures: ChildFigures = { id, events, fills, warm: { runs: warmRuns, cpu: warmCpu }, runs };
  console.log(JSON.stringify(figures));
}

/** Runs a child (bench/engine-*-child.ts) on one case in a fresh process and reads its figures. */
export function runChild(child: string, id: string): ChildFigures {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, id], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the ${id} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildFigures;
}
