import type { DeliveredFill, Kernel, RunResult } from '../engine/kernel/kernel.js';
import type { Instrument, InstrumentSpec } from '../engine/model/instrument.js';
import { UsageError } from '../errors.js';
import { KEPT_DEPTH, saveAccountMarket } from '../store/account-markets.js';
import { accountSymbols } from '../store/account-symbols.js';
import { cashOf, positionOf, type AccountRow } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { bookFill, countRunFills, markPosition } from '../store/paper-fills.js';
import { createRun, finishRun, interruptedRun, type RunRow } from '../store/runs.js';
import { failpoint } from './failpoint.js';
import { ingestAfterRun } from './game-ingest.js';
import { isLiveRun, resumeHint } from './live-run-record.js';

/** One data source of a run: a file with its hash, or a live feed with where the run started in it. */
export interface RunDataRef {
  path: string;
  sha256: string;
  partition?: number;
  offset?: string;
  /** In a run over several instruments: the place of the file's instrument in the run (0 for the first). */
  part?: number;
  /**
   * On the first source of each instrument after the first: the position in it the account held
   * when the run started (the first instrument's is the run's own start_position columns), so a
   * resume starts every instrument where the run did.
   */
  start?: { symbol: string; lots: number; costBasis: string };
  /** On a live feed: the instrument (symbol.venue) whose records the run traded from this source, so a resume picks the same ones. */
  instrument?: string;
  /** On the first source of each instrument: its definition when the run started, which a resume must find again (run-instrument-check). */
  spec?: InstrumentSpec;
  /** On the first source of a run that played a recording on the in-process bus: its --data, the files with their hashes, and the speed, for a resume. */
  recording?: RecordingRef;
}

/** A recording a live run played on the in-process bus: what a resume plays again. */
export interface RecordingRef {
  data: string;
  files: { path: string; sha256: string }[];
  speed: string;
}

export interface PaperRunSpec {
  db: Db;
  account: AccountRow;
  /** The run's first instrument (its only one, or the first part of several). */
  instrument: Instrument;
  /** The run's further instruments, in part order: the account books each's fills under its own symbol, from one cash balance. */
  others?: Instrument[];
  /** The run's sources; in a run of several instruments each names its `part`. */
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

/** The closing market of each instrument of a kernel that has finished, in part order (none when it saw no data). */
export function closingMarkets(kernel: Kernel, result: RunResult): ClosingMarket[] {
  const at = result.lastTs;
  if (at === undefined) return [];
  return kernel.slots.map((slot, i) => {
    const { bids, asks } = slot.venue.book.levels(KEPT_DEPTH);
    return { tsNs: at, bids, asks, lastTrade: slot.venue.lastTradePrice, mark: result.marks[i] };
  });
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
    /** Every instrument of the run, in part order; fills name theirs by place (`market`). */
    readonly instruments: readonly Instrument[],
    /** The name the account keeps each instrument under (see accountSymbols), in part order. */
    readonly symbols: readonly string[],
    readonly run: RunRow,
    private readonly nowIso: () => string,
  ) {}

  /** Starts (or, with `resume`, takes up again) a run. Synchronous: safe inside a transaction. */
  static start(spec: PaperRunSpec): PaperRun {
    const { db, account, instrument: inst } = spec;
    const instruments = [inst, ...(spec.others ?? [])];
    if (!spec.alongsideOpenRun) refuseInterrupted(db, account, spec.resume?.id);
    const symbols = accountSymbols(db, account.id, instruments);
    if (spec.resume) return new PaperRun(db, account, instruments, symbols, spec.resume, spec.nowIso);
    const pos = positionOf(db, account.id, symbols[0]);
    const data = spec.data.map((d) => ({ ...d }));
    // Each further instrument's starting position rides on its first source, for a resume.
    instruments.forEach((other, i) => {
      if (i === 0) return;
      const first = data.find((d) => d.part === i);
      if (!first) throw new Error(`internal: no data source for part ${i} of the run`);
      const held = positionOf(db, account.id, symbols[i]);
      first.start = { symbol: symbols[i], lots: held?.lots ?? 0, costBasis: held?.cost_basis ?? '0' };
    });
    const run = createRun(db, {
      accountId: account.id,
      symbol: symbols[0],
      data,
      strategy: spec.strategy,
      config: spec.config,
      seed: spec.seed,
      startCash: cashOf(db, account.id),
      startPositionLots: pos?.lots ?? 0,
      startCostBasis: pos?.cost_basis ?? '0',
      nowIso: spec.nowIso(),
    });
    return new PaperRun(db, account, instruments, symbols, run, spec.nowIso);
  }

  /**
   * Catches the game up with whatever an earlier process booked, then starts the run. A resume
   * leaves the run's fills to its end, so the game takes them as from a run never cut.
   */
  static async begin(spec: PaperRunSpec): Promise<PaperRun> {
    if (!spec.resume) await catchUpGame(spec.db);
    return PaperRun.start(spec);
  }

  get id(): number {
    return this.run.id;
  }

  /** The run's first instrument. */
  get instrument(): Instrument {
    return this.instruments[0];
  }

  get startingCash(): string {
    return this.run.start_cash;
  }

  /** The first instrument's position when the run started. */
  get startingPosition(): { lots: number; costBasis: string } {
    return { lots: this.run.start_position_lots, costBasis: this.run.start_cost_basis };
  }

  /** Every instrument's position when the run started, in part order. */
  get startingPositions(): { lots: number; costBasis: string }[] {
    const refs = JSON.parse(this.run.data_json) as RunDataRef[];
    return this.instruments.map((_, i) => {
      if (i === 0) return this.startingPosition;
      const start = refs.find((d) => d.part === i && d.start)?.start;
      return { lots: start?.lots ?? 0, costBasis: start?.costBasis ?? '0' };
    });
  }

  /** Where the run's prices come from: the first data source of the instrument at `market`. */
  source(market = 0): string {
    const refs = JSON.parse(this.run.data_json) as RunDataRef[];
    return (refs.find((d) => (d.part ?? 0) === market) ?? refs[0])?.path ?? 'unknown';
  }

  /** Books a fill once (a fill met again on a resume is recognised by its event id). `lastPrice`: the last trade of the fill's instrument. */
  book(fill: DeliveredFill, opts: { lastPrice?: number; bookedAt?: string } = {}): boolean {
    const market = fill.market ?? 0;
    const fresh = bookFill(this.db, { accountId: this.account.id, runId: this.run.id, instrument: this.instruments[market], symbol: this.symbols[market], fill, lastPrice: opts.lastPrice, bookedAt: opts.bookedAt, markSource: this.source(market) });
    if (fresh) this.booked++;
    else this.alreadyBooked++;
    return fresh;
  }

  /** Closes the run at once (no game catch-up): for a run inside someone else's transaction. */
  close(status: 'done' | 'failed', markets: readonly (ClosingMarket | undefined)[] = []): void {
    this.keepMarkets(markets);
    finishRun(this.db, this.run.id, status, this.nowIso());
  }

  /** Marks, keeps each instrument's market, lets the game take the run's fills, then closes the run. */
  async finish(status: 'done' | 'failed', markets: readonly (ClosingMarket | undefined)[] = []): Promise<void> {
    failpoint('run-fills-booked');
    this.keepMarkets(markets);
    failpoint('run-market-kept');
    await catchUpGame(this.db);
    failpoint('run-game-caught-up');
    finishRun(this.db, this.run.id, status, this.nowIso());
  }

  /** Each instrument's closing market becomes the account's market for it, and marks its position. */
  private keepMarkets(markets: readonly (ClosingMarket | undefined)[]): void {
    const { db, account } = this;
    markets.forEach((market, i) => {
      const inst = this.instruments[i];
      if (!market || !inst) return;
      const source = this.source(i);
      const symbol = this.symbols[i];
      if (market.mark !== undefined && positionOf(db, account.id, symbol)) markPosition(db, account.id, symbol, inst, market.mark, { tsNs: market.tsNs, source });
      if (market.bids.length + market.asks.length > 0 || market.lastTrade !== undefined) {
        saveAccountMarket(db, { accountId: account.id, symbol, instrument: inst, runId: this.run.id, source, tsNs: market.tsNs, bids: market.bids, asks: market.asks, lastTrade: market.lastTrade });
      }
    });
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
  const booked = countRunFills(db, run.id);
  return { run: run.id, fillsBooked: booked, kind: isLiveRun(run) ? 'live' : 'replay' };
}
