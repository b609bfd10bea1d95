import { resolve } from 'node:path';
import { openMarketData } from '../../src/data/open.js';
import type { MarketData } from '../../src/data/market-data.js';
import type { MarketEvent } from '../../src/engine/model/events.js';
import type { Strategy } from '../../src/engine/strategy.js';
import { makeKernel } from '../../src/services/backtest.js';
import { parseRunConfig } from '../../src/services/run-config.js';
import { EngineSession } from '../../src/tui/session/engine-session.js';
import { ManualTrading } from '../../src/tui/session/manual-trading.js';
import type { ControlCommand, SessionStatus, TuiSession } from '../../src/tui/session/types.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const SYNTH = resolve(repoRoot, 'fixtures/synth/syn-seed42-5min.csv.gz');

/** The first `n` events of a recording, in order. */
export async function firstEvents(data: MarketData, n: number): Promise<MarketEvent[]> {
  const out: MarketEvent[] = [];
  for await (const b of data.events()) {
    for (const e of b) {
      if (out.length >= n) return out;
      out.push(e);
    }
  }
  return out;
}

export interface TestRig {
  data: MarketData;
  events: MarketEvent[];
  /** With `others`: every part's first events, in part order (events is the first's). */
  partEvents: MarketEvent[][];
  engine: EngineSession;
  session: TuiSession;
  controls: ControlCommand[];
}

/**
 * An engine over the shipped synthetic market with a TuiSession in front of it, driven by hand:
 * the test pushes events itself, and controls are only recorded.
 */
export async function rig(opts: { path?: string; others?: string[]; events?: number; strategy?: Strategy; models?: unknown } = {}): Promise<TestRig> {
  const data = await openMarketData([opts.path ?? SYNTH]);
  const others = await Promise.all((opts.others ?? []).map((p) => openMarketData([p])));
  const partEvents = await Promise.all([data, ...others].map((d) => firstEvents(d, opts.events ?? 2000)));
  const events = partEvents[0];
  const trading = new ManualTrading(opts.strategy);
  const config = parseRunConfig({ models: opts.models ?? { latency: { name: 'constant', entryNs: 500_000, responseNs: 500_000 } } });
  const kernel = makeKernel({ strategy: trading.strategy, config, seed: 1, instrument: data.instrument, others: others.map((o) => ({ instrument: o.instrument })) });
  const engine = new EngineSession(kernel, trading);
  const controls: ControlCommand[] = [];
  const status: SessionStatus = { connection: 'paused', paused: true, speed: '1x', eventsPerSecond: 0, lastUpdate: undefined, canPause: true, canStep: true, canChangeSpeed: true };
  const session: TuiSession = {
    get instrument() {
      return engine.instrument;
    },
    instruments: engine.instruments,
    selectMarket: (m) => engine.select(m),
    account: 'test',
    source: 'syn',
    snapshot: () => engine.snapshot(),
    status: () => status,
    submit: (o) => engine.submit(o),
    cancel: (id) => engine.cancel(id),
    preview: (o) => engine.preview(o),
    control: (c) => void controls.push(c),
    onFeed: (l) => engine.onFeed(l),
    done: new Promise(() => {}),
    stop: () => {},
  };
  return { data, events, partEvents, engine, session, controls };
}

/** ink-testing-library: input is read on the next tick after render or after a write. */
export const tick = (ms = 60) => new Promise((r) => setTimeout(r, ms));

/** Waits until the last frame passes `test`, then one more tick so the new tree's input hooks are live. */
export async function waitFrame(lastFrame: () => string | undefined, test: (f: string) => boolean, ms = 3000): Promise<string> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const f = lastFrame() ?? '';
    if (test(f)) {
      await tick();
      return lastFrame() ?? '';
    }
    await tick(10);
  }
  throw new Error(`frame never matched; last frame:\n${lastFrame()}`);
}
