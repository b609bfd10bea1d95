import type { MarketData } from '../../data/market-data.js';
import type { KernelConfig } from '../../engine/kernel/kernel.js';
import type { Strategy } from '../../engine/strategy.js';
import { makeKernel, visibleLevelsOf } from '../../services/backtest.js';
import { mergedBatches, overlapWarning, type PartSpan } from '../../data/merge-parts.js';
import { instrumentId } from '../../engine/model/instrument.js';
import type { RunConfig } from '../../services/run-config.js';
import { EngineSession } from './engine-session.js';
import { ManualTrading } from './manual-trading.js';
import { speedLabel, type Speed } from '../../services/pacing.js';
import { ReplayDriver, type DriverClock } from './replay-driver.js';
import type { ControlCommand, SessionStatus, TuiSession } from './types.js';

export interface ReplaySessionInput {
  /** The recording (the first instrument's, with `others`). */
  data: MarketData;
  /** Further instruments' recordings, in part order: merged with `data` by exchange time onto one clock. */
  others?: MarketData[];
  /** The run's strategy, if any; the keyboard trades alongside it. */
  strategy?: Strategy;
  config: RunConfig;
  seed: number;
  speed: Speed;
  paused?: boolean;
  account?: string;
  startingCash?: string;
  /** Every instrument's starting position, in part order (a persistent account's). */
  startingPositions?: KernelConfig['startingPosition'][];
  onFill?: KernelConfig['onFill'];
  log?: (message: string) => void;
  clock?: DriverClock;
}

export interface ReplaySession extends TuiSession {
  readonly engine: EngineSession;
  readonly driver: ReplayDriver;
  /** Once the data is over: a warning when the parts of a run over several instruments never overlap in time. */
  overlapWarning(): string | undefined;
}

/** A recording replayed through the engine at a chosen speed: the TUI's session for `replay` and `demo`. */
export function replaySession(input: ReplaySessionInput): ReplaySession {
  const trading = new ManualTrading(input.strategy);
  const kernel = makeKernel({
    strategy: trading.strategy,
    config: input.config,
    seed: input.seed,
    instrument: input.data.instrument,
    visibleLevels: visibleLevelsOf(input.data),
    log: input.log,
    others: (input.others ?? []).map((o) => ({ instrument: o.instrument, visibleLevels: visibleLevelsOf(o) })),
    startingCash: input.startingCash,
    onFill: input.onFill,
  });
  input.startingPositions?.forEach((p, i) => p && kernel.account.carryPosition(p.lots, p.costBasis, i));
  const engine = new EngineSession(kernel, trading);
  const parts = [input.data, ...(input.others ?? [])];
  const spans: (PartSpan | undefined)[] = [];
  const source = parts.length === 1 ? input.data.events() : mergedBatches(parts, spans);
  const driver = new ReplayDriver(source, (b, market) => engine.pushMarket(market, b), { speed: input.speed, paused: input.paused }, input.clock);
  const done = driver.run().then(() => {
    engine.finish();
  });
  // The UI reads the failure from status(); the caller awaits `done` for it.
  done.catch(() => {});
  return {
    engine,
    driver,
    overlapWarning: () => (parts.length > 1 && driver.ended ? overlapWarning(parts.map((p) => instrumentId(p.instrument)), spans) : undefined),
    get instrument() {
      return engine.instrument;
    },
    instruments: engine.instruments,
    selectMarket: (m) => engine.select(m),
    account: input.account ?? 'scratch',
    source: parts.map((p) => p.path.split('/').pop() ?? p.path).join('+'),
    snapshot: () => engine.snapshot(),
    status: (): SessionStatus => {
      const now = (input.clock ?? { now: () => performance.now() }).now();
      const flowing = !driver.paused && driver.lastEventWall !== undefined && now - driver.lastEventWall < 1000;
      return {
        connection: driver.error !== undefined ? 'failed' : driver.ended || engine.finished ? 'ended' : driver.paused ? 'paused' : 'replaying',
        paused: driver.paused,
        speed: speedLabel(driver.speed),
        eventsPerSecond: flowing ? driver.eventsPerSecond : 0,
        lastUpdate: driver.lastEventWall === undefined ? undefined : Date.now() - (now - driver.lastEventWall),
        canPause: true,
        canStep: true,
        canChangeSpeed: true,
        error: driver.error === undefined ? undefined : String((driver.error as Error)?.message ?? driver.error),
      };
    },
    submit: (o) => engine.submit(o),
    cancel: (id) => engine.cancel(id),
    preview: (o) => engine.preview(o),
    control: (c: ControlCommand) => {
      if (c === 'toggle') driver.toggle();
      else if (c === 'pause') driver.pause();
      else if (c === 'resume') driver.resume();
      else if (c === 'step') driver.step();
      else if (c === 'faster') driver.faster();
      else driver.slower();
    },
    onFeed: (l) => engine.onFeed(l),
    done,
    stop: () => driver.stop(),
  };
}
