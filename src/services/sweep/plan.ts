import { basename } from 'node:path';
import type { RunConfig } from '../run-config.js';
import { paramsLabel, type ParamSet } from './grid.js';
import { fileRef, jobKey, type FileRef, type SweepJob } from './job.js';

/**
 * The cases of a sweep (every strategy x data session x param set, in that order) and the jobs
 * that run them: one over the whole data per case, and with walk-forward one per case and window.
 */
export interface SweepCase {
  index: number;
  strategy: string;
  data: string[];
  params: ParamSet;
  /** "momentum.ts @ syn.csv.gz window=20 threshold=3" */
  name: string;
  /** The job over the whole data. */
  job: string;
}

export interface SweepPlan {
  cases: SweepCase[];
  jobs: SweepJob[];
  /** Walk-forward windows (0: none); case i's window k (1-based) is job `c{i}w{k}`. */
  windows: number;
}

export interface PlanInput {
  strategies: string[];
  sessions: string[][];
  paramSets: ParamSet[];
  config: RunConfig;
  seed: number;
  periodNs: string;
  dataOptions: { format?: string; allowUnordered?: boolean; instrument?: string };
  walkForward: number;
}

export async function buildPlan(input: PlanInput): Promise<SweepPlan> {
  const refs = new Map<string, FileRef>();
  const ref = async (p: string) => {
    let r = refs.get(p);
    if (!r) refs.set(p, (r = await fileRef(p)));
    return r;
  };
  const instrument = input.dataOptions.instrument !== undefined ? await ref(input.dataOptions.instrument) : undefined;
  const dataOptions = { format: input.dataOptions.format, allowUnordered: input.dataOptions.allowUnordered, instrument };
  const cases: SweepCase[] = [];
  const jobs: SweepJob[] = [];
  for (const strategy of input.strategies) {
    for (const data of input.sessions) {
      for (const params of input.paramSets) {
        const index = cases.length;
        const make = async (window?: { index: number; of: number }): Promise<SweepJob> => {
          const body = {
            strategy: await ref(strategy),
            data: await Promise.all(data.map(ref)),
            dataOptions,
            ...(window ? { window } : {}),
            config: { ...input.config, params: { ...input.config.params, ...params } },
            seed: input.seed,
            periodNs: input.periodNs,
          };
          return { id: `c${index}${window ? `w${window.index}` : ''}`, key: jobKey(body), ...body };
        };
        const whole = await make();
        jobs.push(whole);
        for (let w = 1; w <= input.walkForward; w++) jobs.push(await make({ index: w, of: input.walkForward }));
        cases.push({ index, strategy, data, params, name: `${basename(strategy)} @ ${data.map((d) => basename(d)).join('+')} ${paramsLabel(params)}`, job: whole.id });
      }
    }
  }
  return { cases, jobs, windows: input.walkForward };
}
