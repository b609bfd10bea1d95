import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../../data/atomic-file.js';
import { ExitCode, VtradeError } from '../../errors.js';
import { renderSweepHtml } from '../report-html/sweep-page.js';
import type { ParamAxis } from './grid.js';
import type { SweepJob, SweepJobResult } from './job.js';
import { SweepJournal } from './journal.js';
import type { SweepPlan } from './plan.js';
import { buildSweepFile, type SweepFile } from './summary.js';

/** Runs jobs on members (processes here, or a Kafka consumer group) and hands back each result as it comes. */
export type SweepExecutor = (jobs: SweepJob[], onResult: (r: SweepJobResult) => void, signal: AbortSignal) => Promise<void>;

export interface SweepRunInput {
  plan: SweepPlan;
  axes: ParamAxis[];
  seed: number;
  /** Blocks of the CSCV. */
  blocks: number;
  /** Where sweep.json, report.html and the journal of finished cases (cases.jsonl) go. */
  out?: string;
  /** Keep the journal's finished cases and run only the others. */
  resume: boolean;
  /** The report's heatmap: its two params and its metric. */
  heatmap: { axes?: [string, string?]; metric: string };
  execute: SweepExecutor;
  /** Stops handing out jobs: the sweep ends unfinished, its finished cases journaled. */
  signal: AbortSignal;
  /** Before any job runs: how many were already finished (resumed) and how many are to run. */
  onStart?: (resumed: number, todo: number) => void;
  /** Each new result, with how many have finished in this run. */
  onResult?: (r: SweepJobResult, finished: number) => void;
}

export interface SweepOutcome {
  file: SweepFile;
  /** Set when runs failed: what the sweep exits with (the most serious of their codes). */
  failure?: VtradeError;
}

/**
 * A sweep from plan to outputs: the finished cases of an earlier run kept (resume), the rest run
 * through the executor and journaled one by one, then sweep.json and report.html written.
 */
export async function runSweep(input: SweepRunInput): Promise<SweepOutcome> {
  const { plan, out } = input;
  const journal = out ? new SweepJournal(out, input.resume) : undefined;
  const results = journal ? journal.finished(plan.jobs) : new Map<string, SweepJobResult>();
  const todo = plan.jobs.filter((j) => !results.has(j.id));
  input.onStart?.(results.size, todo.length);
  let finished = 0;
  await input.execute(
    todo,
    (r) => {
      if (results.has(r.id)) return;
      results.set(r.id, r);
      journal?.append(r);
      input.onResult?.(r, ++finished);
    },
    input.signal,
  );
  if (input.signal.aborted) throw new VtradeError(`sweep stopped: ${results.size} of ${plan.jobs.length} runs finished${out ? `; rerun with --resume to finish it` : ''}`, ExitCode.Internal);

  const file = buildSweepFile({ plan, results, axes: input.axes, seed: input.seed, blocks: input.blocks });
  if (out) {
    const json = JSON.stringify(file, null, 2) + '\n';
    await writeAtomically(join(out, 'sweep.json'), async (temp) => writeFileSync(temp, json));
    const html = renderSweepHtml(file, input.heatmap);
    await writeAtomically(join(out, 'report.html'), async (temp) => writeFileSync(temp, html));
  }
  return { file, failure: failureOf([...results.values()], plan.jobs.length) };
}

/** The failed runs as one error: the most serious exit code first (internal, bad input, a strategy that threw). */
function failureOf(results: SweepJobResult[], total: number): VtradeError | undefined {
  const failed = results.filter((r) => r.error);
  if (failed.length === 0) return undefined;
  const codes = new Set(failed.map((r) => r.error!.exitCode));
  const code = [ExitCode.Internal, ExitCode.BadInput, ExitCode.StrategyThrew].find((c) => codes.has(c)) ?? Math.max(...codes);
  return new VtradeError(`${failed.length} of ${total} runs failed: ${failed.slice(0, 5).map((r) => `${r.id}: ${r.error!.message}`).join('; ')}`, code);
}
