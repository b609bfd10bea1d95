import { createHash } from 'node:crypto';
import type { Kernel, RunResult } from '../engine/kernel/kernel.js';
import type { MarketEvent } from '../engine/model/events.js';
import type { Strategy } from '../engine/strategy.js';
import { instrumentId, instrumentSpec, lotsToQty, type Instrument } from '../engine/model/instrument.js';
import { nextNavDue } from '../engine/kernel/nav-clock.js';
import { checkParts } from '../data/open-parts.js';
import { UsageError } from '../errors.js';
import { makeKernel } from '../services/backtest.js';
import { loadStrategy } from '../services/load-strategy.js';
import type { RunConfig } from '../services/run-config.js';
import { sha256File } from '../services/run-outputs.js';
import { catchUpGame, closingMarkets, PaperRun, refuseInterrupted } from '../services/paper-run.js';
import { recordedFeed } from '../services/live-run-record.js';
import type { AccountRow } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import type { RunRow } from '../store/runs.js';
import type { RunDataRef } from '../services/paper-run.js';
import { checkSameInstrument } from '../services/run-instrument-check.js';
import type { RecordedFeed, TopicPlace } from '../services/live-run-record.js';
import type { LiveFeed } from './feeds.js';
import { FeedOrderLog, inRecordedOrder } from './feed-order.js';
import { feedOrder } from '../store/feed-order.js';
import type { NavSink } from './nav-fanout.js';
import { encodeEvents, wallMicros, type FeedMessage, type FeedPosition } from './wire.js';

export interface LiveRunInput {
  feed: LiveFeed;
  /** The instrument to trade; default the first one the feed carries. */
  symbol?: string;
  /**
   * Or several, on one clock and one account: each a symbol or a venue-qualified id (symbol.venue).
   * The run starts once the feed has shown a record of each; the first named is the run's first.
   */
  symbols?: string[];
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
  /** A recording played on the in-process bus: its --data, files and speed, recorded on the account's run for a resume. */
  recording?: { data: string; files: string[]; speed: string };
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
  /** Must hand the batch to the kernel (onEvents of the instrument at `market`). */
  push(batch: MarketEvent[], market: number): void;
  /** Must finish the kernel (kernel.finish()) and return its result. */
  finish(): RunResult;
}

export interface LiveRunResult {
  /** Absent when the feed carried nothing for the instrument. */
  result?: RunResult;
  /** The run's first instrument. */
  instrument?: Instrument;
  /** Every instrument of the run, in order (the first is `instrument`). */
  instruments: Instrument[];
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
  const resumeAt = input.resume ? recordedFeed(input.resume) : undefined;
  const loaded = await loadStrategy(input.strategyPath, config.params);
  // Whatever an earlier process booked reaches the game before this run adds to it. Not on a
  // resume: the game then takes the run's fills all at its end, as from a run never cut (its
  // NAV samples, and so its missions and rewards, are an uninterrupted run's).
  if (account && !input.resume) await catchUpGame(account.db);
  const strategy = input.engine ? input.engine.wrap(loaded) : loaded;
  // A resumed run over several partitions meets the records in the order its run kept.
  const order = account && input.resume ? feedOrder(account.db, input.resume.id) : [];
  const feed = order.length > 0 ? inRecordedOrder(input.feed, order) : input.feed;
  /** The order the run meets records in, kept when they come from several partitions. */
  let orderLog: FeedOrderLog | undefined;
  const hash = createHash('sha256');
  let bytes = 0;
  let kernel: Kernel | undefined;
  let instrument: Instrument | undefined;
  let instruments: Instrument[] = [];
  const wanted = input.symbols && input.symbols.length > 0 ? input.symbols : input.symbol !== undefined ? [input.symbol] : undefined;
  /** The wanted instruments met so far, with the first record of each (a run of several starts once all are met). */
  const met = new Map<string, { instrument: Instrument; at: FeedPosition | undefined }>();
  const wants = (inst: Instrument): string | undefined => wanted?.find((w) => w === inst.symbol || w === instrumentId(inst));
  let paper: PaperRun | undefined;
  let events = 0;
  let records = 0;
  let fills = 0;
  let lastTrade: (number | undefined)[] = [];
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
    const acc = kernel.account;
    input.nav.publish({
      name: navName,
      ts: lastTs.toString(),
      equity: acc.equity(kernel.slots.map((slot) => slot.mark())).toFixed(),
      cash: acc.cash.toFixed(),
      position: lotsToQty(instrument, acc.position),
      symbol: instrument.symbol,
      positions: instruments.map((inst, i) => ({ instrument: instrumentId(inst), symbol: inst.symbol, qty: lotsToQty(inst, acc.holdings[i].lots) })),
      fills,
      events,
      wall: new Date().toISOString(),
      final,
    });
  };

  const startKernel = async (starts: { instrument: Instrument; at: FeedPosition | undefined }[], at: FeedPosition | undefined) => {
    instruments = starts.map((x) => x.instrument);
    const inst = (instrument = instruments[0]);
    lastTrade = instruments.map(() => undefined);
    if (account && input.resume && resumeAt) checkResumedStarts(input.resume, resumeAt, starts, at);
    if (account) {
      const several = instruments.length > 1;
      const recording = input.recording && !input.resume ? { ...input.recording, files: await hashed(input.recording.files) } : undefined;
      paper = PaperRun.start({
        db: account.db,
        account: account.row,
        instrument: inst,
        others: instruments.slice(1),
        // Where each instrument started in the topic (its first record): a resume reads it again from there.
        data: starts.map((x, part) => ({
          path: `${feed.source}#${x.instrument.symbol}`,
          sha256: '',
          instrument: instrumentId(x.instrument),
          spec: instrumentSpec(x.instrument),
          ...(x.at ? { partition: x.at.partition, offset: x.at.offset } : {}),
          ...(several ? { part } : {}),
          ...(recording && part === 0 ? { recording } : {}),
        })),
        strategy: { kind: 'file', path: input.strategyPath, sha256: await sha256File(input.strategyPath) },
        config,
        seed: input.seed,
        nowIso: input.nowIso,
        resume: input.resume,
      });
    }
    if (paper && new Set(starts.map((x) => x.at?.partition)).size > 1) orderLog = new FeedOrderLog(account!.db, paper.id);
    kernel = makeKernel({
      strategy,
      config,
      seed: input.seed,
      instrument: inst,
      others: instruments.slice(1).map((o) => ({ instrument: o })),
      log: input.log,
      startingCash: paper?.startingCash,
      onFill: (fill) => {
        fills++;
        orderLog?.keep();
        paper?.book(fill, { lastPrice: lastTrade[fill.market ?? 0], bookedAt: input.nowIso() });
      },
    });
    const k = kernel;
    paper?.startingPositions.forEach((p, i) => k.account.carryPosition(p.lots, p.costBasis, i));
    input.engine?.attach(kernel, inst);
  };

  const onMessage = (m: FeedMessage) => {
    lastActivity = performance.now();
    if (m.type === 'end') return; // a publisher finished; a live run keeps tailing
    const id = instrumentId(m.instrument);
    const market = instruments.findIndex((i) => instrumentId(i) === id);
    if (!kernel || market < 0) return skip(m.instrument.symbol);
    hash.update(encodeEvents(m.events, 'binary'));
    bytes += 48 * m.events.length + 8;
    orderLog?.note(m.at);
    if (input.engine) input.engine.push(m.events, market);
    else kernel.onEvents(market, m.events, 0, m.events.length);
    records++;
    events += m.events.length;
    if (m.events.length > 0) {
      const last = m.events[m.events.length - 1];
      lastTs = last.tsExch > lastTs ? last.tsExch : lastTs;
      if (last.kind === 6 /* trade */) lastTrade[market] = last.price;
      if (nextNav === undefined || lastTs >= nextNav) {
        publishNav(false);
        nextNav = nextNavDue(nextNav, lastTs, navStep);
      }
    }
    input.onDecision?.(m.sentMicros, wallMicros());
  };
  const skip = (sym: string) => {
    if (skipped.has(sym)) return;
    skipped.add(sym);
    input.warn(`the feed also carries ${sym}; this run trades ${wanted?.join(', ') ?? instrument?.symbol} and skips it`);
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
        if (m.type === 'end') return;
        if (wanted !== undefined) {
          const name = wants(m.instrument);
          if (name === undefined) return skip(m.instrument.symbol);
          if (!met.has(name)) met.set(name, { instrument: m.instrument, at: m.at });
          // Held, in order, until every instrument of the run has shown itself.
          queue.push(m);
          if (met.size < wanted.length) return;
          const starts = wanted.map((w) => met.get(w)!);
          checkInstruments(starts.map((x) => x.instrument));
          starting = startKernel(starts, queue[0].at).then(() => {
            try {
              for (const q of queue.splice(0)) onMessage(q);
            } catch (err) {
              fail(err);
            }
          }, fail);
          return;
        }
        starting = startKernel([{ instrument: m.instrument, at: m.at }], m.at).then(() => {
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
  const feeding = feed
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
    await feed.stop();
    await feeding;
  }
  await starting;
  if (fatal !== undefined) {
    await paper?.finish('failed');
    throw fatal;
  }
  if (!kernel && wanted && wanted.length > 1 && met.size > 0) {
    input.warn(`the feed carried no record of ${wanted.filter((w) => !met.has(w)).join(', ')}: the run over ${wanted.join(', ')} never started`);
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
    instruments,
    events,
    records,
    feed: { source: instrument ? `${feed.source}#${instruments.map((i) => i.symbol).join('+')}` : feed.source, sha256: hash.digest('hex'), bytes },
    runId: paper?.id,
    fillsBooked: paper?.booked ?? 0,
    fillsAlreadyBooked: paper?.alreadyBooked ?? 0,
    stoppedBy,
  };
}

async function hashed(files: string[]): Promise<{ path: string; sha256: string }[]> {
  const out: { path: string; sha256: string }[] = [];
  for (const path of files) out.push({ path, sha256: await sha256File(path) });
  return out;
}

/** The instruments a live run trades together: different ones, in one currency (as --data parts must be). */
function checkInstruments(instruments: Instrument[]): void {
  checkParts(instruments.map((instrument) => ({ instrument, path: `the feed's ${instrumentId(instrument)} records` })));
}

/**
 * A resumed run must meet the records its run met: the first record read again is the run's
 * first, and each instrument's first is where the run recorded it. Otherwise the topic no longer
 * holds what the run traded (retention, a topic made again) and the fills would not be the same.
 */
function checkResumedStarts(run: RunRow, recorded: RecordedFeed, starts: { instrument: Instrument; at: FeedPosition | undefined }[], first: FeedPosition | undefined): void {
  const where = (at: FeedPosition | undefined) => (at ? `partition ${at.partition} offset ${at.offset}` : 'a record without a position');
  const differs = (want: TopicPlace, at: FeedPosition | undefined) => at?.partition !== want.partition || at.offset !== want.offset;
  const gone = 'the topic no longer holds what the run traded';
  const wantFirst = recorded.position;
  if (wantFirst && differs(wantFirst, first)) {
    throw new UsageError(`run ${run.id} started at partition ${wantFirst.partition} offset ${wantFirst.offset} of the topic, but its first ${recorded.instruments.join(' or ')} record now is at ${where(first)}: ${gone}`);
  }
  // Runs that name each instrument's own first record (those over several instruments) are held to each.
  const refs = JSON.parse(run.data_json) as RunDataRef[];
  starts.forEach((x, i) => checkSameInstrument(run.id, refs.find((d) => (d.part ?? 0) === i)?.spec, x.instrument, `the feed's ${recorded.instruments[i]} records`, 'put the instrument back, or close the run with --abandon'));
  if (!refs.some((d) => d.instrument !== undefined)) return;
  starts.forEach((x, i) => {
    const want = recorded.starts[i];
    if (want && differs(want, x.at)) {
      throw new UsageError(`run ${run.id}'s ${recorded.instruments[i]} started at partition ${want.partition} offset ${want.offset} of the topic, but its first record now is at ${where(x.at)}: ${gone}`);
    }
  });
}
