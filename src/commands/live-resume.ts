import { existsSync } from 'node:fs';
import { ManifestMismatchError, UsageError } from '../errors.js';
import { writeJson } from '../cli-support/output.js';
import { findAccount } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { lastRunFillTs } from '../store/paper-fills.js';
import { sha256File } from '../services/run-outputs.js';
import { interruptedRun, type RunRow } from '../store/runs.js';
import { parseRunConfig, type RunConfig } from '../services/run-config.js';
import { isLiveRun, liveResumeRefusal, recordedFeed } from '../services/live-run-record.js';
import { abandonRun } from '../services/paper-run.js';
import type { FeedPosition } from '../live/wire.js';
import { openDbFromFlags } from './db-option.js';

/** An interrupted live run being finished: everything but the brokers (and a recording's --speed) comes from the run. */
export interface Resuming {
  db: Db;
  run: RunRow;
  config: RunConfig;
  /** Where the run started on each partition it read. */
  from: FeedPosition[] | 'earliest';
  /** A recording played on the in-process bus: data time up to which it plays again at once (the last fill booked). */
  fastUntil?: bigint;
  /** Where and what the run traded, in the flags' own words: the live command runs these (a topic, or a recording at a speed). */
  flags: { strategy: string; seed: string; symbol: string } & ({ brokers: string; topic: string } | { data: string; speed: string });
}

/** The live flags that finding, resuming or closing an interrupted run reads. */
export interface ResumeFlags {
  account?: string;
  resume?: boolean;
  abandon?: boolean;
  data?: string;
  strategy?: string;
  tui?: boolean;
  brokers?: string;
  topic?: string;
  db?: string;
  json?: boolean;
}

/**
 * --resume or --abandon: finds the account's interrupted live run. Abandon closes it (as failed:
 * its booked fills stay, the rest of its feed is not traded) and returns nothing to run.
 */
export async function resumeOrAbandon(flags: ResumeFlags): Promise<Resuming | undefined> {
  const what = flags.resume ? '--resume' : '--abandon';
  if (flags.resume && flags.abandon) throw new UsageError('give --resume or --abandon, not both');
  if (!flags.account) throw new UsageError(`${what} needs --account`, `vtrade live --account alice ${what}`);
  if (flags.data || flags.strategy || flags.tui) throw new UsageError(`${what} takes the feed and strategy from the interrupted run: drop --data, --strategy and --tui`);
  const db = openDbFromFlags(flags);
  try {
    const account = findAccount(db, flags.account);
    const run = interruptedRun(db, account.id);
    if (!run) throw new UsageError(`account "${account.name}" has no interrupted run`, `start one: vtrade live --account ${account.name} --brokers ... --topic ... --strategy ...`);
    if (!isLiveRun(run)) throw new UsageError(`account "${account.name}"'s interrupted run (${run.id}) is a replay`, `finish it with: vtrade replay --account ${account.name} --resume`);
    if (flags.abandon) {
      // As replay's --abandon: the game takes the run's booked fills before the run is closed.
      const { fillsBooked: booked } = await abandonRun(db, account, new Date().toISOString());
      const out = { run: run.id, status: 'failed', fills_booked: booked };
      if (flags.json) writeJson(out);
      else process.stdout.write(`run ${run.id} closed as failed; its ${booked} booked fills stay on the account\n`);
      db.close();
      return undefined;
    }
    const refused = liveResumeRefusal(run);
    if (refused) throw new UsageError(refused, `close it with: vtrade live --account ${account.name} --abandon (its booked fills stay)`);
    const recorded = recordedFeed(run);
    const strategy = JSON.parse(run.strategy_json) as { path: string };
    const config = parseRunConfig(JSON.parse(run.config_json));
    // Several instruments are picked again by the names recorded for them (symbol.venue), in the run's order.
    const same = { strategy: strategy.path, seed: String(run.seed), symbol: recorded.instruments.join('+') };
    if (recorded.recording) {
      if (flags.brokers || flags.topic) throw new UsageError(`run ${run.id} played ${recorded.recording.data} on the in-process bus: drop --brokers and --topic`);
      await checkRecording(run, recorded.recording.files);
      // Up to its last booked fill the recording plays at once, then at the run's own speed.
      return { db, run, config, from: 'earliest', fastUntil: lastRunFillTs(db, run.id), flags: { ...same, data: recorded.recording.data, speed: recorded.recording.speed } };
    }
    const m = /^kafka:\/\/([^/]+)\/(.+)$/.exec(recorded.source);
    if (!m) throw new UsageError(`run ${run.id} read from ${recorded.source}, which is not a Kafka topic`, `close it with: vtrade live --account ${account.name} --abandon`);
    if (flags.topic !== undefined && flags.topic !== m[2]) throw new UsageError(`run ${run.id} traded topic "${m[2]}", not "${flags.topic}"`);
    return {
      db,
      run,
      config,
      from: recorded.positions.length > 0 ? recorded.positions : 'earliest',
      // The brokers may have moved (another port after a restart): --brokers wins over the recorded ones.
      flags: { ...same, brokers: flags.brokers ?? m[1], topic: m[2] },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The recording's files must be those the run played: same paths, same bytes. */
async function checkRecording(run: RunRow, files: { path: string; sha256: string }[]): Promise<void> {
  for (const f of files) {
    if (!existsSync(f.path)) throw new UsageError(`run ${run.id} played ${f.path}, which is not there any more`, 'put it back, or close the run with --abandon');
    const now = await sha256File(f.path);
    if (now !== f.sha256) throw new ManifestMismatchError(`${f.path}: the data changed since run ${run.id} started (sha256 ${now}, was ${f.sha256})`, 'close the run with --abandon');
  }
}
