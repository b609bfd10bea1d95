import { describe, expect, it } from 'vitest';
import { openMarketData } from '../../data/open.js';
import { parseRunConfig } from '../../services/run-config.js';
import { makeKernel } from '../../services/backtest.js';
import { firstEvents, SYNTH } from '../../../test/support/tui-session.js';
import { LiveDriver, liveSession } from './live-driver.js';

/** A driver attached the way runLive attaches it: wrap the strategy, make the kernel, attach. */
async function attached(n: number) {
  const data = await openMarketData([SYNTH]);
  const events = await firstEvents(data, n);
  const driver = new LiveDriver();
  const config = parseRunConfig({ models: { latency: { name: 'constant', entryNs: 500_000, responseNs: 500_000 } } });
  const kernel = makeKernel({ strategy: driver.wrap({}), config, seed: 1, instrument: data.instrument });
  driver.attach(kernel, data.instrument);
  await driver.attached;
  let stopped = 0;
  let end: () => void = () => {};
  const run = new Promise<void>((r) => (end = r));
  const session = liveSession({ driver, account: 'test', source: 'bus', run, stop: () => stopped++ });
  return { driver, kernel, events, session, stopped: () => stopped, end };
}

describe('LiveDriver: feed batches into the EngineSession', () => {
  it('every batch reaches the kernel; the status is live and offers no step or speed', async () => {
    const t = await attached(2000);
    t.driver.push(t.events.slice(0, 1000));
    t.driver.push(t.events.slice(1000));
    expect(t.session.snapshot().events).toBe(2000);
    expect(t.session.snapshot().clock).toBe(t.events[1999].tsExch);
    const st = t.session.status();
    expect(st).toMatchObject({ connection: 'live', paused: false, speed: '', canPause: true, canStep: false, canChangeSpeed: false });
    t.session.control('step');
    t.session.control('faster');
    expect(t.session.status().connection).toBe('live');
  });

  it('pause freezes the display only: the engine keeps taking the feed and orders still go in', async () => {
    const t = await attached(3000);
    t.driver.push(t.events.slice(0, 1000));
    t.session.control('toggle');
    expect(t.session.status()).toMatchObject({ connection: 'paused', paused: true });
    const frozen = t.session.snapshot();
    t.driver.push(t.events.slice(1000, 2000));
    const bid = t.driver.engine!.snapshot().bids[0][0];
    expect(t.session.submit({ side: 'buy', type: 'limit', qty: 5, limit: bid - 3, tif: 'GTC' })).toBe('M1');
    t.driver.push(t.events.slice(2000, 2100));
    // The screen stands still...
    expect(t.session.snapshot()).toBe(frozen);
    expect(frozen.events).toBe(1000);
    // ...while the engine moved on, with the order at the venue.
    expect(t.driver.engine!.snapshot().events).toBe(2100);
    t.session.control('toggle');
    const now = t.session.snapshot();
    expect(now.events).toBe(2100);
    expect(now.orders[0]).toMatchObject({ clientId: 'M1', status: 'open', manual: true });
  });

  it('finish ends the engine (the plain feed sees the end); stop is handed to the run', async () => {
    const t = await attached(500);
    const feed: string[] = [];
    t.session.onFeed((i) => feed.push(i.kind));
    t.driver.push(t.events);
    t.driver.finish();
    expect(feed).toContain('end');
    expect(t.session.status().connection).toBe('ended');
    t.session.stop();
    expect(t.stopped()).toBe(1);
    t.end();
    await expect(t.session.done).resolves.toBeUndefined();
  });
});
