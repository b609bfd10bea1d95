import { setTimeout as sleep } from 'node:timers/promises';
import type { MarketEvent } from '../engine/model/events.js';
import type { Strategy } from '../engine/strategy.js';
import { ManifestMismatchError, UsageError } from '../errors.js';
import type { MarketData } from '../data/market-data.js';
import { readOrdersCsv } from '../data/orders-csv.js';
import type { Db } from '../store/database.js';
import { cashOf, positionOf, type AccountRow } from '../store/accounts.js';
import { bookFill, markPosition } from '../store/paper-fills.js';
import { createRun, finishRun, interruptedRun, type RunRow } from '../store/runs.js';
// Temporary allowance: the one import here that runs up the layers (services -> live). It goes
// when replay and live runs share one run lifecycle below live/, which is under way.
// eslint-disable-next-line no-restricted-imports
import { isLiveRun, resumeHint } from '../live/live-run.js';
import { makeKernel } from './backtest.js';
import { loadStrategy } from './load-strategy.js';
import { parseRunConfig, type RunConfig } from './run-config.js';
import { sha256File } from './run-outputs.js';
import { scheduledOrders } from './tca.js';
import { ingestAfterRun } from './game-ingest.js';

export type Speed = number | 'max';

export function parseSpeed(text: string): Speed {
  if (text === 'max') return 'max';
  const m = /^(\d+(?:\.\d+)?)x$/.exec(text);
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--speed "${text}" is not a speed`, 'use 1x, 10x, 0.5x or max');
  return Number(m[1]);
}

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
}

/**
 * A replay that trades a persistent account. Every fill is booked in SQLite the moment it
 * reaches the account. The run keeps its starting state, data hashes, config and seed, so a run
 * killed at any moment is resumed by replaying it again from the start: the engine is
 * deterministic, the same fills come again, and fills already booked are recognised by their
 * event id and skipped. Nothing is lost and nothing is counted twice.
 */
export async function paperReplay(input: PaperReplayInput): Promise<PaperReplayResult> {
  const { db, account } = input;
  const pending = interruptedRun(db, account.id);
  let run: RunRow;
  let config = input.config;
  let seed = input.seed;
  let dataPaths = input.dataPaths;
  let strategySource: { kind: 'file' | 'orders'; path: string };
  if (input.resume) {
    if (!pending) throw new UsageError(`account "${account.name}" has no interrupted run to resume`, 'start one: vtrade replay <data> --account ' + account.name);
    if (isLiveRun(pending)) throw new UsageError(`account "${account.name}"'s interrupted run (${pending.id}) traded a live feed`, resumeHint(pending, account.name));
    run = pending;
    config = parseRunConfig(JSON.parse(run.config_json));
    seed = run.seed;
    const recorded = JSON.parse(run.data_json) as { path: string; sha256: string }[];
    for (const d of recorded) {
      const now = await sha256File(d.path);
      if (now !== d.sha256) throw new ManifestMismatchError(`${d.path}: the data changed since run ${run.id} started (sha256 ${now}, was ${d.sha256})`);
    }
    dataPaths = recorded.map((d) => d.path);
    strategySource = JSON.parse(run.strategy_json) as { kind: 'file' | 'orders'; path: string };
  } else {
    if (pending) {
      throw new UsageError(`account "${account.name}" has an interrupted run (${pending.id})`, resumeHint(pending, account.name));
    }
    if ((input.strategyPath === undefined) === (input.ordersPath === undefined)) {
      throw new UsageError('give exactly one of --strategy and --orders');
    }
    strategySource = input.strategyPath ? { kind: 'file', path: input.strategyPath } : { kind: 'orders', path: input.ordersPath! };
    run = undefined as unknown as RunRow; // created below, once the data's instrument is known
  }

  const data = await input.open(dataPaths);
  const inst = data.instrument;
  if (!input.resume) {
    const pos = positionOf(db, account.id, inst.symbol);
    const hashes = [];
    for (const p of dataPaths) hashes.push({ path: p, sha256: await sha256File(p) });
    run = createRun(db, {
      accountId: account.id,
      symbol: inst.symbol,
      data: hashes,
      strategy: { ...strategySource, sha256: await sha256File(strategySource.path) },
      config,
      seed,
      startCash: cashOf(db, account.id),
      startPositionLots: pos?.lots ?? 0,
      startCostBasis: pos?.cost_basis ?? '0',
      nowIso: input.nowIso(),
    });
  }

  const strategy: Strategy =
    strategySource.kind === 'file' ? await loadStrategy(strategySource.path, config.params) : scheduledOrders(readOrdersCsv(strategySource.path, inst));
  let booked = 0;
  let skipped = 0;
  let fills = 0;
  let lastPrice: number | undefined;
  const kernel = makeKernel({
    strategy,
    config,
    seed,
    instrument: inst,
    log: input.log,
    startingCash: run.start_cash,
    startingPosition: { lots: run.start_position_lots, costBasis: run.start_cost_basis },
    onFill: (fill) => {
      fills++;
      if (bookFill(db, { accountId: account.id, runId: run.id, instrument: inst, fill, lastPrice })) booked++;
      else skipped++;
    },
  });

  let events = 0;
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
    const result = kernel.finish();
    if (result.lastMark !== undefined && positionOf(db, account.id, inst.symbol)) markPosition(db, account.id, inst, result.lastMark);
    finishRun(db, run.id, 'done', input.nowIso());
  } catch (err) {
    // A strategy or data error ends the run for good; a kill never gets here and stays resumable.
    finishRun(db, run.id, 'failed', input.nowIso());
    throw err;
  }
  await ingestAfterRun(db); // game progress: never throws, so a game failure cannot lose the run's fills
  return { runId: run.id, resumed: input.resume, events, fills, fillsBooked: booked, fillsAlreadyBooked: skipped, cash: cashOf(db, account.id) };
}

/**
 * Paces a replay against the wall clock: at speed S, data time advances S times as fast as real
 * time. 'max' does not wait at all. Batches are cut into slices of at most 50 ms of data time so
 * the pacing stays smooth.
 */
export function pacer(speed: Speed) {
  const SLICE_NS = 50_000_000n;
  let startData: bigint | undefined;
  let startWall = 0;
  return {
    split(batch: MarketEvent[]): MarketEvent[][] {
      if (speed === 'max' || batch.length === 0) return [batch];
      const out: MarketEvent[][] = [];
      let from = 0;
      for (let i = 1; i < batch.length; i++) {
        if (batch[i].tsExch - batch[from].tsExch >= SLICE_NS) {
          out.push(batch.slice(from, i));
          from = i;
        }
      }
      out.push(batch.slice(from));
      return out;
    },
    async wait(first: MarketEvent): Promise<void> {
      if (speed === 'max') return;
      if (startData === undefined) {
        startData = first.tsExch;
        startWall = performance.now();
        return;
      }
      const dueMs = Number(first.tsExch - startData) / 1e6 / speed;
      const ahead = dueMs - (performance.now() - startWall);
      if (ahead > 1) await sleep(ahead);
    },
  };
}
