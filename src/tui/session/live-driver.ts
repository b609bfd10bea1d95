import type { Kernel, RunResult } from '../../engine/kernel/kernel.js';
import type { MarketEvent } from '../../engine/model/events.js';
import type { Instrument } from '../../engine/model/instrument.js';
import type { Strategy } from '../../engine/strategy.js';
import type { LiveEngineHook } from '../../live/live-run.js';
import { EngineSession } from './engine-session.js';
import { ManualTrading } from './manual-trading.js';
import type { ControlCommand, EngineSnapshot, SessionStatus, TuiSession } from './types.js';

/**
 * Feeds a live run's batches into an EngineSession as they arrive from the feed (Kafka or the
 * in-process bus). A live feed cannot be held back, so nothing here paces it: pausing only
 * freezes what the screen shows (the engine keeps taking the feed and orders keep working);
 * stepping and speed changes have no meaning and are refused.
 */
export class LiveDriver implements LiveEngineHook {
  engine: EngineSession | undefined;
  instrument: Instrument | undefined;
  /** The display is frozen; the engine is not. */
  displayPaused = false;
  ended = false;
  lastEventWall: number | undefined;
  /** Settles once the first record of the instrument has made the engine. */
  readonly attached: Promise<void>;
  private trading: ManualTrading | undefined;
  private frozen: EngineSnapshot | undefined;
  private markAttached: () => void = () => {};
  private readonly rate = { windowStart: 0, count: 0, perSecond: 0 };

  constructor(private readonly now: () => number = () => performance.now()) {
    this.attached = new Promise((resolve) => (this.markAttached = resolve));
  }

  get eventsPerSecond(): number {
    return this.rate.perSecond;
  }

  wrap(strategy: Strategy): Strategy {
    this.trading = new ManualTrading(strategy);
    return this.trading.strategy;
  }

  attach(kernel: Kernel, instrument: Instrument): void {
    this.engine = new EngineSession(kernel, this.trading ?? new ManualTrading());
    this.instrument = instrument;
    this.markAttached();
  }

  push(batch: MarketEvent[], market = 0): void {
    this.engine!.pushMarket(market, batch);
    const now = this.now();
    this.lastEventWall = now;
    const r = this.rate;
    r.count += batch.length;
    if (now - r.windowStart >= 500) {
      r.perSecond = r.windowStart === 0 ? 0 : Math.round((r.count * 1000) / (now - r.windowStart));
      r.windowStart = now;
      r.count = 0;
    }
  }

  finish(): RunResult {
    this.ended = true;
    return this.engine!.finish();
  }

  toggleDisplay(): void {
    this.displayPaused = !this.displayPaused;
    this.frozen = undefined;
  }

  /** What the screen shows: the engine now, or as it stood when the display was paused. */
  snapshot(): EngineSnapshot {
    if (!this.displayPaused) return this.engine!.snapshot();
    return (this.frozen ??= this.engine!.snapshot());
  }
}

export interface LiveSessionInput {
  driver: LiveDriver;
  account: string;
  source: string;
  /** The live run: settles when the feed ends or the run is stopped. */
  run: Promise<unknown>;
  /** Stops the run (in-flight orders drain, outputs are written). */
  stop: () => void;
  now?: () => number;
}

/** The TUI's session over a live run; made once the driver is attached (the instrument is known). */
export function liveSession(input: LiveSessionInput): TuiSession {
  const { driver } = input;
  const engine = driver.engine;
  if (!engine || !driver.instrument) throw new Error('the live session needs the engine: wait for driver.attached');
  const now = input.now ?? (() => performance.now());
  let error: unknown;
  const done = input.run.then(
    () => {},
    (err: unknown) => {
      error = err;
      throw err;
    },
  );
  done.catch(() => {}); // the UI reads the failure from status(); the caller awaits the run for it
  return {
    get instrument() {
      return engine.instrument;
    },
    instruments: engine.instruments,
    selectMarket: (m) => engine.select(m),
    account: input.account,
    source: input.source,
    snapshot: () => driver.snapshot(),
    status: (): SessionStatus => {
      const t = now();
      const flowing = driver.lastEventWall !== undefined && t - driver.lastEventWall < 1000;
      return {
        connection: error !== undefined ? 'failed' : driver.ended ? 'ended' : driver.displayPaused ? 'paused' : 'live',
        paused: driver.displayPaused,
        speed: '',
        eventsPerSecond: flowing ? driver.eventsPerSecond : 0,
        lastUpdate: driver.lastEventWall === undefined ? undefined : Date.now() - (t - driver.lastEventWall),
        canPause: true,
        canStep: false,
        canChangeSpeed: false,
        error: error === undefined ? undefined : String((error as Error)?.message ?? error),
      };
    },
    submit: (o) => engine.submit(o),
    cancel: (id) => engine.cancel(id),
    preview: (o) => engine.preview(o),
    control: (c: ControlCommand) => {
      if (c === 'toggle' || (c === 'pause' && !driver.displayPaused) || (c === 'resume' && driver.displayPaused)) driver.toggleDisplay();
      // step, faster, slower: a live feed runs at its own pace.
    },
    onFeed: (l) => engine.onFeed(l),
    done,
    stop: input.stop,
  };
}
