import { existsSync } from 'node:fs';
import type { Strategy } from '../engine/strategy.js';
import { ManifestMismatchError, UsageError } from '../errors.js';
import type { MarketData } from '../data/market-data.js';
import { readOrdersCsv } from '../data/orders-csv.js';
import type { Db } from '../store/database.js';
import { cashOf, type AccountRow } from '../store/accounts.js';
import { interruptedRun, type RunRow } from '../store/runs.js';
import type { RunResult } from '../engine/kernel/kernel.js';
import { closingMarket, isLiveRun, PaperRun, refuseInterrupted, resumeHint } from './paper-run.js';
import { rejectCounts } from './reject-summary.js';
import { makeKernel, visibleLevelsOf } from './backtest.js';
import { loadStrategy } from './load-strategy.js';
import { parseRunConfig, type RunConfig } from './run-config.js';
import { sha256File } from './run-outputs.js';
import { scheduledOrders } from './tca.js';
import { pacer, type Speed } from './pacing.js';

export interface PaperReplayInput {
  db: Db;
  account: AccountRow;
  /** What to run; ignored with resume, which takes everything from the interrupted run. */
  dataPaths: string[];
  open: (paths: string[]) => Promise<MarketData>;
  strategyPath?: string;
  ordersPath?: string;
  config: RunConfig;
  seed: number;
  speed: Speed;
  resume: boolean;
  nowIso: () => string;
  log?: (m: string) => void;
  onProgress?: (events: number) => void;
}

export interface PaperReplayResult {
  runId: number;
  resumed: boolean;
  events: number;
  fills: number;
  fillsBooked: number;
  fillsAlreadyBooked: number;
  cash: string;
  /** Orders refused, by reason, most frequent first. */
  rejects: { reason: string; count: number }[];
  /** Price and size units of the run: a strategy that thinks in cents needs to know. */
  instrument: { symbol: string; tick: string; lot: string };
}

/**
 * A replay that trades a persistent account. Every fill is booked in SQLite the moment it
 * reaches the account. The run keeps its starting state, data hashes, config and seed, so a run
 * killed at any moment is resumed by replaying it again from the start: the engine is
 * deterministic, the same fills come again, and fills already booked are recognised by their
 * event id and skipped. Nothing is lost and nothing is counted twice. The run is recorded only
 * once its data and strategy have loaded: one that cannot start leaves nothing to resume.
 */
export async function paperReplay(input: PaperReplayInput): Promise<PaperReplayResult> {
  const { db, account } = input;
  const pending = interruptedRun(db, account.id);
  let resume: RunRow | undefined;
  let config = input.config;
  let seed = input.seed;
  let dataPaths = input.dataPaths;
  let strategySource: { kind: 'file' | 'orders'; path: string };
  if (input.resume) {
    if (!pending) throw new UsageError(`account "${account.name}" has no interrupted run to resume`, 'start one: vtrade replay <data> --account ' + account.name);
    if (isLiveRun(pending)) throw new UsageError(`account "${account.name}"'s interrupted run (${pending.id}) traded a live feed`, resumeHint(pending, account.name));
    resume = pending;
    config = parseRunConfig(JSON.parse(pending.config_json));
    seed = pending.seed;
    const recorded = JSON.parse(pending.data_json) as { path: string; sha256: string }[];
    for (const d of recorded) {
      const now = await sha256File(d.path);
      if (now !== d.sha256) throw new ManifestMismatchError(`${d.path}: the data changed since run ${pending.id} started (sha256 ${now}, was ${d.sha256})`);
    }
    dataPaths = recorded.map((d) => d.path);
    strategySource = JSON.parse(pending.strategy_json) as { kind: 'file' | 'orders'; path: string };
  } else {
    refuseInterrupted(db, account);
    if ((input.strategyPath === undefined) === (input.ordersPath === undefined)) {
      throw new UsageError('give exactly one of --strategy and --orders');
    }
    strategySource = input.strategyPath ? { kind: 'file', path: input.strategyPath } : { kind: 'orders', path: input.ordersPath! };
  }
  requireFile(strategySource.path, strategySource.kind === 'file' ? '--strategy' : '--orders');

  const data = await input.open(dataPaths);
  const inst = data.instrument;
  const strategy: Strategy =
    strategySource.kind === 'file' ? await loadStrategy(strategySource.path, config.params) : scheduledOrders(readOrdersCsv(strategySource.path, inst));
  const hashes = [];
  if (!resume) for (const p of dataPaths) hashes.push({ path: p, sha256: await sha256File(p) });
  const paper = await PaperRun.begin({
    db,
    account,
    instrument: inst,
    data: hashes,
    strategy: { ...strategySource, sha256: resume ? '' : await sha256File(strategySource.path) },
    config,
    seed,
    nowIso: input.nowIso,
    resume,
  });

  let fills = 0;
  let lastPrice: number | undefined;
  const kernel = makeKernel({
    strategy,
    config,
    seed,
    instrument: inst,
    visibleLevels: visibleLevelsOf(data),
    log: input.log,
    startingCash: paper.startingCash,
    startingPosition: paper.startingPosition,
    onFill: (fill) => {
      fills++;
      paper.book(fill, { lastPrice });
    },
  });

  let events = 0;
  let result: RunResult;
  const pace = pacer(input.speed);
  try {
    for await (const batch of data.events()) {
      for (const chunk of pace.split(batch)) {
        await pace.wait(chunk[0]);
        kernel.onBatch(chunk);
        const last = chunk[chunk.length - 1];
        if (last.kind === 6 /* trade */) lastPrice = last.price;
      }
      events += batch.length;
      input.onProgress?.(events);
    }
    result = kernel.finish();
  } catch (err) {
    // A strategy or data error ends the run for good; a kill never gets here and stays resumable.
    await paper.finish('failed');
    throw err;
  }
  await paper.finish('done', closingMarket(kernel, result));
  return {
    runId: paper.id,
    resumed: input.resume,
    events,
    fills,
    fillsBooked: paper.booked,
    fillsAlreadyBooked: paper.alreadyBooked,
    cash: cashOf(db, account.id),
    rejects: rejectCounts(result),
    instrument: { symbol: inst.symbol, tick: inst.tickSize, lot: inst.lotSize },
  };
}

/** A file the user named that must exist: a usage error (exit 2) naming the flag, not a crash. */
export function requireFile(path: string, flag: string): void {
  if (!existsSync(path)) throw new UsageError(`${flag} ${path}: no such file`, 'check the path (relative paths start from the current folder)');
}
