import { createHash } from 'node:crypto';
import type { Kernel, RunResult } from '../engine/kernel/kernel.js';
import type { MarketEvent } from '../engine/model/events.js';
import type { Strategy } from '../engine/strategy.js';
import { lotsToQty, type Instrument } from '../engine/model/instrument.js';
import { UsageError } from '../errors.js';
import { makeKernel } from '../services/backtest.js';
import { loadStrategy } from '../services/load-strategy.js';
import type { RunConfig } from '../services/run-config.js';
import { sha256File } from '../services/run-outputs.js';
import { catchUpGame, closingMarkets, PaperRun, recordedStart, refuseInterrupted } from '../services/paper-run.js';
import type { AccountRow } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import type { RunRow } from '../store/runs.js';
import type { LiveFeed } from './feeds.js';
import type { NavSink } from './nav-fanout.js';
import { encodeEvents, wallMicros, type FeedMessage, type FeedPosition } from './wire.js';

export interface LiveRunInput {
  feed: LiveFeed;
  /** The instrument to trade; default the first one the feed carries. */
  symbol?: string;
  strategyPath: string;
  config: RunConfig;
  seed: number;
  /** Stop once the feed has been quiet this long (ms); without it the run tails until stopped. */
  untilIdleMs?: number;
  /** The paper account that trades: every fill is booked in SQLite as it happens. */
  account?: { db: Db; row: AccountRow };
  /**
   * The account's interrupted live run to finish: the feed is read again from the record the run
   * started at, the engine starts from the run's recorded state, and fills already booked are
   * recognised by their event id and skipped.
   */
  resume?: RunRow;
  nav: NavSink;
  /** Name the NAV updates go out under (default the account's name, else "live"). */
  navName?: string;
  log: (message: string) => void;
  warn: (message: string) => void;
  /** Aborting stops the run cleanly: in-flight orders drain, outputs are written. */
  signal?: AbortSignal;
  nowIso: () => string;
  /** After each record has gone through the engine (its fill decisions made): for latency figures. */
  onDecision?: (sentMicros: number | undefined, doneMicros: number) => void;
  /** Something riding on the engine (the terminal UI): it wraps the strategy and takes the batches in place of the kernel. */
  engine?: LiveEngineHook;
}

/**
 * Lets a terminal UI sit between the feed and the kernel: keyboard orders go in through the
 * wrapped strategy, every batch still reaches the kernel (through `push`) in feed order.
 */
export interface LiveEngineHook {
  wrap(strategy: Strategy): Strategy;
  /** The kernel is made (on the first record of the instrument). */
  attach(kernel: Kernel, instrument: Instrument): void;
  /** Must hand the batch to the kernel's onBatch. */
  push(batch: MarketEvent[]): void;
  /** Must finish the kernel (kernel.finish()) and return its result. */
  finish(): RunResult;
}

export interface LiveRunResult {
  /** Absent when the feed carried nothing for the instrument. */
  result?: RunResult;
  instrument?: Instrument;
  events: number;
  records: number;
  /** The feed as this run consumed it: sha256 of its events in the binary wire encoding. */
  feed: { source: string; sha256: string; bytes: number };
  runId?: number;
  fillsBooked: number;
  /** Fills a resumed run made again that were booked before the interruption. */
  fillsAlreadyBooked: number;
  /** idle: --until-idle; end: the caller's feed ended (abort reason "end"); signal: stopped. */
  stoppedBy: 'idle' | 'end' | 'signal';
}

/**
 * A live run: records from a feed go through the same Kernel a backtest uses (onBatch as they
 * arrive, finish when the run stops), so a recording published into a feed and run live makes
 * exactly the fills the backtest makes. The account, if any, books fills into SQLite as they
 * happen; NAV goes out on the fan-out at the config's NAV interval of data time.
 */
export async function runLive(input: LiveRunInput): Promise<LiveRunResult> {
  const { config, account } = input;
  if (account) refuseInterrupted(account.db, account.row, input.resume?.id);
  const resumeAt = input.resume ? recordedStart(input.resume) : undefined;
  const loaded = await loadStrategy(input.strategyPath, config.params);
  // Whatever an earlier process booked reaches the game before this run adds to it.
  if (account) await catchUpGame(account.db);
  const strategy = input.engine ? input.engine.wrap(loaded) : loaded;
  const hash = createHash('sha256');
  let bytes = 0;
  let kernel: Kernel | undefined;
  let instrument: Instrument | undefined;
  let paper: PaperRun | undefined;
  let events = 0;
  let records = 0;
  let fills = 0;
  let lastTrade: number | undefined;
  let lastTs = 0n;
  let nextNav: bigint | undefined;
  const navStep = BigInt(config.navIntervalMs) * 1_000_000n;
  const navName = input.navName ?? account?.row.name ?? 'live';
  const skipped = new Set<string>();
  let fatal: Error | undefined;
  let lastActivity = 0;
  let ready = false;
  let stoppedBy: LiveRunResult['stoppedBy'] = 'signal';
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wake = resolve));

  const publishNav = (final: boolean) => {
    if (!kernel || !instrument) return;
    const book = kernel.venue.book;
    const bid = book.bestBid();
    const ask = book.bestAsk();
    const mark = bid !== undefined && ask !== undefined ? Math.round((bid + ask) / 2) : (bid ?? ask ?? kernel.venue.lastTradePrice);
    const acc = kernel.account;
    input.nav.publish({
      name: navName,
      ts: lastTs.toString(),
      equity: acc.equity(mark).toFixed(),
      cash: acc.cash.toFixed(),
      position: lotsToQty(instrument, acc.position),
      symbol: instrument.symbol,
      fills,
      events,
      wall: new Date().toISOString(),
      final,
    });
  };

  const startKernel = async (inst: Instrument, at: FeedPosition | undefined) => {
    instrument = inst;
    if (account && input.resume) {
      const run = input.resume;
      if (resumeAt?.position && (at?.partition !== resumeAt.position.partition || at.offset !== resumeAt.position.offset)) {
        const where = at ? `partition ${at.partition} offset ${at.offset}` : 'a record without a position';
        throw new UsageError(`run ${run.id} started at partition ${resumeAt.position.partition} offset ${resumeAt.position.offset} of the topic, but the first ${inst.symbol} record now is at ${where}: the topic no longer holds what the run traded`);
      }
    }
    if (account) {
      paper = PaperRun.start({
        db: account.db,
        account: account.row,
        instrument: inst,
        // Where the run started in the topic: a resume reads it again from there.
        data: [{ path: `${input.feed.source}#${inst.symbol}`, sha256: '', ...(at ? { partition: at.partition, offset: at.offset } : {}) }],
        strategy: { kind: 'file', path: input.strategyPath, sha256: await sha256File(input.strategyPath) },
        config,
        seed: input.seed,
        nowIso: input.nowIso,
        resume: input.resume,
      });
    }
    kernel = makeKernel({
      strategy,
      config,
      seed: input.seed,
      instrument: inst,
      log: input.log,
      startingCash: paper?.startingCash,
      startingPosition: paper?.startingPosition,
      onFill: (fill) => {
        fills++;
        paper?.book(fill, { lastPrice: lastTrade, bookedAt: input.nowIso() });
      },
    });
    input.engine?.attach(kernel, inst);
  };

  const onMessage = (m: FeedMessage) => {
    lastActivity = performance.now();
    if (m.type === 'end') return; // a publisher finished; a live run keeps tailing
    const sym = m.instrument.symbol;
    if (!kernel || sym !== instrument!.symbol) return skip(sym);
    hash.update(encodeEvents(m.events, 'binary'));
    bytes += 48 * m.events.length + 8;
    if (input.engine) input.engine.push(m.events);
    else kernel.onBatch(m.events);
    records++;
    events += m.events.length;
    if (m.events.length > 0) {
      const last = m.events[m.events.length - 1];
      lastTs = last.tsExch > lastTs ? last.tsExch : lastTs;
      if (last.kind === 6 /* trade */) lastTrade = last.price;
      if (nextNav === undefined || lastTs >= nextNav) {
        publishNav(false);
        nextNav = (nextNav ?? lastTs) + ((lastTs - (nextNav ?? lastTs)) / navStep + 1n) * navStep;
      }
    }
    input.onDecision?.(m.sentMicros, wallMicros());
  };
  const skip = (sym: string) => {
    if (skipped.has(sym)) return;
    skipped.add(sym);
    input.warn(`the feed also carries ${sym}; this run trades ${input.symbol ?? instrument?.symbol} and skips it`);
  };

  // The first record of the instrument makes the kernel (and the account's run, which needs
  // SQLite and a hash of the strategy file: async). Records are queued meanwhile, in order.
  const queue: FeedMessage[] = [];
  let starting: Promise<void> | undefined;
  const fail = (err: unknown) => {
    if (fatal === undefined) fatal = err instanceof Error ? err : new Error(String(err));
    wake();
  };
  const deliver = (m: FeedMessage) => {
    if (fatal !== undefined) return;
    try {
      if (kernel && queue.length === 0) return onMessage(m);
      lastActivity = performance.now();
      if (!starting) {
        if (m.type === 'end' || (input.symbol !== undefined && m.instrument.symbol !== input.symbol)) {
          if (m.type !== 'end') skip(m.instrument.symbol);
          return;
        }
        starting = startKernel(m.instrument, m.at).then(() => {
          try {
            for (const q of queue.splice(0)) onMessage(q);
          } catch (err) {
            fail(err);
          }
        }, fail);
      }
      queue.push(m);
    } catch (err) {
      fail(err);
    }
  };

  const onAbort = () => {
    stoppedBy = input.signal?.reason === 'end' ? 'end' : 'signal';
    wake();
  };
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const idle = input.untilIdleMs;
  const timer = setInterval(() => {
    if (idle !== undefined && ready && performance.now() - lastActivity >= idle) {
      stoppedBy = 'idle';
      wake();
    }
  }, Math.max(20, Math.min(250, (idle ?? 1000) / 4)));
  // The feed may wait (for its topic to exist): a stop must still get through meanwhile.
  const feeding = input.feed
    .start({
      onMessage: deliver,
      onReady: () => {
        if (!ready) lastActivity = performance.now();
        ready = true;
      },
      onError: fail,
    })
    .catch(fail);
  try {
    if (!input.signal?.aborted) await stopped;
  } finally {
    clearInterval(timer);
    input.signal?.removeEventListener('abort', onAbort);
    await input.feed.stop();
    await feeding;
  }
  await starting;
  if (fatal !== undefined) {
    await paper?.finish('failed');
    throw fatal;
  }
  let result: RunResult | undefined;
  if (kernel && instrument) {
    result = input.engine ? input.engine.finish() : kernel.finish();
    await paper?.finish('done', closingMarkets(kernel, result));
    publishNav(true);
  }
  return {
    result,
    instrument,
    events,
    records,
    feed: { source: instrument ? `${input.feed.source}#${instrument.symbol}` : input.feed.source, sha256: hash.digest('hex'), bytes },
    runId: paper?.id,
    fillsBooked: paper?.booked ?? 0,
    fillsAlreadyBooked: paper?.alreadyBooked ?? 0,
    stoppedBy,
  };
}
