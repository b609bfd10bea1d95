import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepJob, SweepJobResult } from './job.js';

/**
 * The finished jobs of a sweep, one JSON line each in --out/cases.jsonl, appended as each one
 * finishes: what `--resume` keeps. A line counts only for a job of the same key (same files,
 * params, config and seed) that ran without error; a torn last line (a kill mid-write) is ignored.
 */
export const JOURNAL_FILE = 'cases.jsonl';

export class SweepJournal {
  private readonly path: string;

  constructor(dir: string, resume: boolean) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, JOURNAL_FILE);
    if (!resume || !existsSync(this.path)) writeFileSync(this.path, '');
  }

  /** Results already in the journal for these jobs. */
  finished(jobs: readonly SweepJob[]): Map<string, SweepJobResult> {
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const out = new Map<string, SweepJobResult>();
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      let r: SweepJobResult;
      try {
        r = JSON.parse(line) as SweepJobResult;
      } catch {
        continue;
      }
      const job = byId.get(r.id);
      if (job && job.key === r.key && !r.error) out.set(r.id, r);
    }
    // Rewritten with the kept lines only, so a torn line cannot swallow the next append.
    writeFileSync(this.path, [...out.values()].map((r) => JSON.stringify(r) + '\n').join(''));
    return out;
  }

  append(r: SweepJobResult): void {
    appendFileSync(this.path, JSON.stringify(r) + '\n');
  }
}
