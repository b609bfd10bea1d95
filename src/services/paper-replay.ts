import { existsSync } from 'node:fs';
import type { Strategy } from '../engine/strategy.js';
import { ManifestMismatchError, UsageError } from '../errors.js';
import type { MarketData } from '../data/market-data.js';
import { readOrdersCsv } from '../data/orders-csv.js';
import type { Db } from '../store/database.js';
import { cashOf, type AccountRow } from '../store/accounts.js';
import { interruptedRun, type RunRow } from '../store/runs.js';
import type { RunResult } from '../engine/kernel/kernel.js';
import { closingMarkets, PaperRun, refuseInterrupted, type RunDataRef } from './paper-run.js';
import { isLiveRun, resumeHint } from './live-run-record.js';
import { checkParts } from '../data/open-parts.js';
import { mergedBatches, onePart, overlapWarning, type PartSpan } from '../data/merge-parts.js';
import { EventKind } from '../engine/model/events.js';
import { instrumentId, instrumentSpec, type Instrument } from '../engine/model/instrument.js';
import { rejectCounts } from './reject-summary.js';
import { makeKernel, visibleLevelsOf } from './backtest.js';
import { loadStrategy } from './load-strategy.js';
import { parseRunConfig, type RunConfig } from './run-config.js';
import { sha256File } from './run-outputs.js';
import { scheduledOrders } from './tca.js';
import { pacer, type Speed } from './pacing.js';
import { assertQueueFitsData } from './order-level.js';
import { checkSameInstrument } from './run-instrument-check.js';

export interface PaperReplayInput {
  db: Db;
  account: AccountRow;
  /** What to run (one instrument's session); ignored with resume, which takes everything from the interrupted run. */
  dataPaths: string[];
  /** Or several instruments on one clock: each part one instrument's session, in order ("A+B"). */
  dataParts?: string[][];
  /** Opens one part (one instrument's files). */
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
  /** Price and size units of the run's first instrument: a strategy that thinks in cents needs to know. */
  instrument: { symbol: string; tick: string; lot: string };
  /** Every instrument of the run, in part order, with its units and fills. */
  instruments: { id: string; symbol: string; tick: string; lot: string; fills: number }[];
  /** The parts never overlap in time (a run over several instruments), as a warning. */
  warning?: string;
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
  let dataParts = input.dataParts ?? [input.dataPaths];
  let strategySource: { kind: 'file' | 'orders'; path: string };
  if (input.resume) {
    if (!pending) throw new UsageError(`account "${account.name}" has no interrupted run to resume`, 'start one: vtrade replay <data> --account ' + account.name);
    if (isLiveRun(pending)) throw new UsageError(`account "${account.name}"'s interrupted run (${pending.id}) traded a live feed`, resumeHint(pending, account.name));
    resume = pending;
    config = parseRunConfig(JSON.parse(pending.config_json));
    seed = pending.seed;
    const recorded = JSON.parse(pending.data_json) as RunDataRef[];
    for (const d of recorded) {
      const now = await sha256File(d.path);
      if (now !== d.sha256) throw new ManifestMismatchError(`${d.path}: the data changed since run ${pending.id} started (sha256 ${now}, was ${d.sha256})`);
    }
    dataParts = [];
    for (const d of recorded) (dataParts[d.part ?? 0] ??= []).push(d.path);
    strategySource = JSON.parse(pending.strategy_json) as { kind: 'file' | 'orders'; path: string };
  } else {
    refuseInterrupted(db, account);
    if ((input.strategyPath === undefined) === (input.ordersPath === undefined)) {
      throw new UsageError('give exactly one of --strategy and --orders');
    }
    strategySource = input.strategyPath ? { kind: 'file', path: input.strategyPath } : { kind: 'orders', path: input.ordersPath! };
  }
  requireFile(strategySource.path, strategySource.kind === 'file' ? '--strategy' : '--orders');

  const parts: MarketData[] = [];
  for (const paths of dataParts) parts.push(await input.open(paths));
  if (parts.length > 1) checkParts(parts);
  await assertQueueFitsData(config, parts);
  const [data, ...others] = parts;
  const inst = data.instrument;
  const strategy: Strategy =
    strategySource.kind === 'file' ? await loadStrategy(strategySource.path, config.params) : scheduledOrders(readOrdersCsv(strategySource.path, inst));
  const hashes: RunDataRef[] = [];
  if (!resume) {
    for (const [part, paths] of dataParts.entries()) {
      for (const [i, p] of paths.entries()) {
        hashes.push({ path: p, sha256: await sha256File(p), ...(parts.length > 1 ? { part } : {}), ...(i === 0 ? { spec: instrumentSpec(parts[part].instrument) } : {}) });
      }
    }
  } else {
    const recorded = JSON.parse(resume.data_json) as RunDataRef[];
    parts.forEach((p, part) => checkSameInstrument(resume.id, recorded.find((d) => (d.part ?? 0) === part && d.spec)?.spec, p.instrument, dataParts[part][0], 'put the instrument back, or close the run with --abandon'));
  }
  const paper = await PaperRun.begin({
    db,
    account,
    instrument: inst,
    others: others.map((o) => o.instrument),
    data: hashes,
    strategy: { ...strategySource, sha256: resume ? '' : await sha256File(strategySource.path) },
    config,
    seed,
    nowIso: input.nowIso,
    resume,
  });

  // The last trade of each instrument: the mark of a position between runs.
  const lastTrade: (number | undefined)[] = parts.map(() => undefined);
  const fillsOf = parts.map(() => 0);
  const kernel = makeKernel({
    strategy,
    config,
    seed,
    instrument: inst,
    visibleLevels: visibleLevelsOf(data),
    others: others.map((o) => ({ instrument: o.instrument, visibleLevels: visibleLevelsOf(o) })),
    log: input.log,
    startingCash: paper.startingCash,
    onFill: (fill) => {
      const m = fill.market ?? 0;
      fillsOf[m]++;
      paper.book(fill, { lastPrice: lastTrade[m] });
    },
  });
  paper.startingPositions.forEach((p, i) => kernel.account.carryPosition(p.lots, p.costBasis, i));

  let events = 0;
  let result: RunResult;
  const spans: (PartSpan | undefined)[] = [];
  const pace = pacer(input.speed);
  try {
    const batches = parts.length === 1 ? onePart(data) : mergedBatches(parts, spans);
    for await (const { market, events: batch } of batches) {
      for (const chunk of pace.split(batch)) {
        await pace.wait(chunk[0]);
        kernel.onEvents(market, chunk, 0, chunk.length);
        const last = chunk[chunk.length - 1];
        if (last.kind === EventKind.Trade) lastTrade[market] = last.price;
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
  await paper.finish('done', closingMarkets(kernel, result));
  const units = (i: Instrument) => ({ symbol: i.symbol, tick: i.tickSize, lot: i.lotSize });
  return {
    runId: paper.id,
    resumed: input.resume,
    events,
    fills: result.fills.length,
    fillsBooked: paper.booked,
    fillsAlreadyBooked: paper.alreadyBooked,
    cash: cashOf(db, account.id),
    rejects: rejectCounts(result),
    instrument: units(inst),
    instruments: result.instruments.map((i, m) => ({ id: instrumentId(i), ...units(i), fills: fillsOf[m] })),
    warning: parts.length > 1 ? overlapWarning(parts.map((p) => instrumentId(p.instrument)), spans) : undefined,
  };
}

/** A file the user named that must exist: a usage error (exit 2) naming the flag, not a crash. */
export function requireFile(path: string, flag: string): void {
  if (!existsSync(path)) throw new UsageError(`${flag} ${path}: no such file`, 'check the path (relative paths start from the current folder)');
}
