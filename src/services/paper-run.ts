import type { DeliveredFill, Kernel, RunResult } from '../engine/kernel/kernel.js';
import type { Instrument } from '../engine/model/instrument.js';
import { UsageError } from '../errors.js';
import { saveAccountMarket } from '../store/account-markets.js';
import { cashOf, positionOf, type AccountRow } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { bookFill, markPosition } from '../store/paper-fills.js';
import { createRun, finishRun, interruptedRun, type RunRow } from '../store/runs.js';
import { failpoint } from './failpoint.js';
import { ingestAfterRun } from './game-ingest.js';

/** One data source of a run: a file with its hash, or a live feed with where the run started in it. */
export interface RunDataRef {
  path: string;
  sha256: string;
  partition?: number;
  offset?: string;
}

export interface PaperRunSpec {
  db: Db;
  account: AccountRow;
  instrument: Instrument;
  data: RunDataRef[];
  /** What placed the orders: a strategy file, an orders CSV, the keyboard, or an approved staged order. */
  strategy: { kind: 'file' | 'orders'; path: string; sha256: string };
  config: unknown;
  seed: number;
  nowIso: () => string;
  /** The account's interrupted run being finished: it keeps its recorded start state. */
  resume?: RunRow;
  /** Allow starting while another run of the account is open (a staged order filled in an instant). */
  alongsideOpenRun?: boolean;
}

/** The market as a run left it: the account's market for the instrument from then on. */
export interface ClosingMarket {
  tsNs: bigint;
  bids: [number, number][];
  asks: [number, number][];
  lastTrade?: number;
  /** Mid, or a side, or the last trade: what an open position is marked at. */
  mark?: number;
}

/** The closing market of a kernel that has finished (nothing when it saw no data). */
export function closingMarket(kernel: Kernel, result: RunResult): ClosingMarket | undefined {
  if (result.lastTs === undefined) return undefined;
  const { bids, asks } = kernel.venue.book.levels(50);
  return { tsNs: result.lastTs, bids, asks, lastTrade: kernel.venue.lastTradePrice, mark: result.lastMark };
}

/**
 * The one lifecycle of a run that trades a paper account, whatever drives it (a replay, a live
 * feed, the terminal UI, an approved staged order): refuse while another run of the account is
 * interrupted, read its cash and position, record the run, book each fill once, and close it by
 * marking the position and keeping the closing book as the account's market. The game takes the
 * run's fills before the run is closed, so a process killed anywhere leaves either an open run
 * (whose resume also finishes the game's share) or a closed run the game has taken in full.
 */
export class PaperRun {
  booked = 0;
  alreadyBooked = 0;

  private constructor(
    readonly db: Db,
    readonly account: AccountRow,
    readonly instrument: Instrument,
    readonly run: RunRow,
    private readonly nowIso: () => string,
  ) {}

  /** Starts (or, with `resume`, takes up again) a run. Synchronous: safe inside a transaction. */
  static start(spec: PaperRunSpec): PaperRun {
    const { db, account, instrument: inst } = spec;
    if (!spec.alongsideOpenRun) refuseInterrupted(db, account, spec.resume?.id);
    if (spec.resume) return new PaperRun(db, account, inst, spec.resume, spec.nowIso);
    const pos = positionOf(db, account.id, inst.symbol);
    const run = createRun(db, {
      accountId: account.id,
      symbol: inst.symbol,
      data: spec.data,
      strategy: spec.strategy,
      config: spec.config,
      seed: spec.seed,
      startCash: cashOf(db, account.id),
      startPositionLots: pos?.lots ?? 0,
      startCostBasis: pos?.cost_basis ?? '0',
      nowIso: spec.nowIso(),
    });
    return new PaperRun(db, account, inst, run, spec.nowIso);
  }

  /** Catches the game up with whatever an earlier process booked, then starts the run. */
  static async begin(spec: PaperRunSpec): Promise<PaperRun> {
    await catchUpGame(spec.db);
    return PaperRun.start(spec);
  }

  get id(): number {
    return this.run.id;
  }

  get startingCash(): string {
    return this.run.start_cash;
  }

  get startingPosition(): { lots: number; costBasis: string } {
    return { lots: this.run.start_position_lots, costBasis: this.run.start_cost_basis };
  }

  /** Where the run's prices come from: its first data source. */
  get source(): string {
    return (JSON.parse(this.run.data_json) as RunDataRef[])[0]?.path ?? 'unknown';
  }

  /** Books a fill once (a fill met again on a resume is recognised by its event id). */
  book(fill: DeliveredFill, opts: { lastPrice?: number; bookedAt?: string } = {}): boolean {
    const fresh = bookFill(this.db, { accountId: this.account.id, runId: this.run.id, instrument: this.instrument, fill, lastPrice: opts.lastPrice, bookedAt: opts.bookedAt, markSource: this.source });
    if (fresh) this.booked++;
    else this.alreadyBooked++;
    return fresh;
  }

  /** Closes the run at once (no game catch-up): for a run inside someone else's transaction. */
  close(status: 'done' | 'failed', market?: ClosingMarket): void {
    this.keepMarket(market);
    finishRun(this.db, this.run.id, status, this.nowIso());
  }

  /** Marks, keeps the market, lets the game take the run's fills, then closes the run. */
  async finish(status: 'done' | 'failed', market?: ClosingMarket): Promise<void> {
    failpoint('run-fills-booked');
    this.keepMarket(market);
    failpoint('run-market-kept');
    await catchUpGame(this.db);
    failpoint('run-game-caught-up');
    finishRun(this.db, this.run.id, status, this.nowIso());
  }

  private keepMarket(market: ClosingMarket | undefined): void {
    if (!market) return;
    const { db, account, instrument: inst } = this;
    const source = this.source;
    if (market.mark !== undefined && positionOf(db, account.id, inst.symbol)) markPosition(db, account.id, inst, market.mark, { tsNs: market.tsNs, source });
    if (market.bids.length + market.asks.length > 0 || market.lastTrade !== undefined) {
      saveAccountMarket(db, { accountId: account.id, symbol: inst.symbol, instrument: inst, runId: this.run.id, source, tsNs: market.tsNs, bids: market.bids, asks: market.asks, lastTrade: market.lastTrade });
    }
  }
}

/** The game takes every fill booked so far; a failure only warns (the next catch-up retries). */
export async function catchUpGame(db: Db): Promise<void> {
  await ingestAfterRun(db);
}

/** Refuses while the account has an interrupted run (other than `except`), saying how to finish it. */
export function refuseInterrupted(db: Db, account: AccountRow, except?: number): void {
  const pending = interruptedRun(db, account.id);
  if (pending && pending.id !== except) throw new UsageError(`account "${account.name}" has an interrupted run (${pending.id})`, resumeHint(pending, account.name));
}

/**
 * Closes the account's interrupted run without finishing it: its booked fills stay, the rest of
 * its data is not traded. For a run that cannot be resumed (its strategy or data are gone).
 */
export async function abandonRun(db: Db, account: AccountRow, nowIso: string): Promise<{ run: number; fillsBooked: number; kind: 'replay' | 'live' }> {
  const run = interruptedRun(db, account.id);
  if (!run) throw new UsageError(`account "${account.name}" has no interrupted run`);
  await catchUpGame(db);
  finishRun(db, run.id, 'failed', nowIso);
  const booked = (db.prepare('SELECT COUNT(*) AS n FROM fills WHERE run_id = ?').get(run.id) as { n: number }).n;
  return { run: run.id, fillsBooked: booked, kind: isLiveRun(run) ? 'live' : 'replay' };
}

/** What a live run recorded about its feed: the source, the instrument and where it started. */
export interface RecordedFeed {
  /** kafka://brokers/topic, or bus:<file> for a recording played on the in-process bus. */
  source: string;
  symbol: string;
  position?: { partition: number; offset: string };
}

export function recordedStart(run: RunRow): RecordedFeed {
  const [d] = JSON.parse(run.data_json) as RunDataRef[];
  const hash = d.path.lastIndexOf('#');
  const position = d.partition !== undefined && d.offset !== undefined ? { partition: d.partition, offset: d.offset } : undefined;
  return { source: hash < 0 ? d.path : d.path.slice(0, hash), symbol: run.symbol, position };
}

export const isLiveRun = (run: RunRow): boolean => /^(kafka:\/\/|bus:)/.test((JSON.parse(run.data_json) as { path: string }[])[0]?.path ?? '');

/** How to finish an account's interrupted run: live runs and replays resume differently. */
export function resumeHint(run: RunRow, account: string): string {
  if (!isLiveRun(run)) return `finish it: vtrade replay --account ${account} --resume (or close it: --abandon)`;
  if (recordedStart(run).source.startsWith('bus:')) return `it played a recording on the in-process bus; close it with: vtrade live --account ${account} --abandon`;
  return `finish it first: vtrade live --account ${account} --resume (or close it: --abandon)`;
}
