import { SeededRandom } from '../../engine/random/seeded-random.js';
import type { ParamValue } from '../../cli-support/params.js';
import { UsageError } from '../../errors.js';

export interface ParamAxis {
  name: string;
  values: ParamValue[];
}

export type ParamSet = Record<string, ParamValue>;

/** How many combinations the axes make. */
export function gridSize(axes: readonly ParamAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** The k-th combination (0-based), the first axis varying slowest. */
export function gridPoint(axes: readonly ParamAxis[], k: number): ParamSet {
  const out: ParamSet = {};
  for (let i = axes.length - 1; i >= 0; i--) {
    const a = axes[i];
    out[a.name] = a.values[k % a.values.length];
    k = Math.floor(k / a.values.length);
  }
  // Keep the names in the order the axes were given.
  return Object.fromEntries(axes.map((a) => [a.name, out[a.name]]));
}

/** Every combination, or (with `random`) that many distinct ones drawn with the seed, in grid order. */
export function paramSets(axes: readonly ParamAxis[], random?: { count: number; seed: number }): ParamSet[] {
  const total = gridSize(axes);
  if (!Number.isSafeInteger(total)) throw new UsageError(`the --param lists make too many combinations (${total})`, 'sample some with --random N --seed S');
  if (!random) {
    if (total > 100_000) throw new UsageError(`the --param lists make ${total} combinations`, 'sample some of them with --random N --seed S');
    return Array.from({ length: total }, (_, k) => gridPoint(axes, k));
  }
  if (random.count > total) throw new UsageError(`--random ${random.count} asks for more cases than the ${total} combinations`, `use at most --random ${total}, or drop --random to run them all`);
  const rng = new SeededRandom(random.seed);
  const picked = new Set<number>();
  while (picked.size < random.count) picked.add(rng.int(total));
  return [...picked].sort((a, b) => a - b).map((k) => gridPoint(axes, k));
}

/** A short label for a param set: "window=20 threshold=3". */
export function paramsLabel(p: ParamSet): string {
  const entries = Object.entries(p);
  return entries.length === 0 ? '(defaults)' : entries.map(([k, v]) => `${k}=${String(v)}`).join(' ');
}
