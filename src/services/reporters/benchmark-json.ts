import { figureSpec, figureUnit } from '../figure-catalog.js';
import type { SuiteResult } from './suite.js';

/**
 * One entry of the "custom" format of benchmark-action/github-action-benchmark (tools
 * `customBiggerIsBetter` and `customSmallerIsBetter`): name, unit and value are required, range
 * and extra optional strings shown in the chart's tooltip.
 */
export interface BenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  extra?: string;
}

/**
 * Every figure of every case as a benchmark entry named "<case>: <figure>". Money figures take
 * the case's `currency` property as their unit ("" when unknown). `extra` states which way is
 * better ("higher is better", "lower is better", "no better direction"): the action applies one
 * direction to a whole file, so a workflow that alerts on regressions splits the file by it.
 * Cases that did not run and values JSON cannot carry (NaN, infinities) are left out.
 */
export function benchmarkEntries(suite: SuiteResult): BenchmarkEntry[] {
  const out: BenchmarkEntry[] = [];
  for (const c of suite.cases) {
    if (c.error) continue;
    for (const [figure, value] of Object.entries(c.figures)) {
      if (!Number.isFinite(value)) continue;
      out.push({ name: `${c.name}: ${figure}`, unit: figureUnit(figure, c.properties.currency), value, extra: DIRECTION_TEXT[figureSpec(figure).direction] });
    }
  }
  return out;
}

const DIRECTION_TEXT = { higher: 'higher is better', lower: 'lower is better', none: 'no better direction' } as const;

export function renderBenchmarkJson(suite: SuiteResult): string {
  return JSON.stringify(benchmarkEntries(suite), null, 2) + '\n';
}
