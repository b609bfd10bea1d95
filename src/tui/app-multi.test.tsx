import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './app.js';
import type { MarketEvent } from '../engine/model/events.js';
import { makeKeymap } from './keys.js';
import { makeTheme } from './theme.js';
import { rig, tick, waitFrame } from '../../test/support/tui-session.js';
import { dataDir } from '../../test/support/data-dir.js';

afterEach(() => cleanup());

const lob = (name: string) => join(dataDir(), 'lobster', name);

/** The AMZN and GOOG LOBSTER days of 2012-06-21 in one session: two books, one account. */
async function twoBooks(keys: Record<string, string> = {}) {
  const r: Awaited<ReturnType<typeof rig>> & { rest?: [number, MarketEvent][] } = await rig({ path: lob('LOBSTER_SampleFile_AMZN_2012-06-21_1.zip'), others: [lob('LOBSTER_SampleFile_GOOG_2012-06-21_1.zip')], events: 1500 });
  // Both days in time order (AMZN first at equal times), as a replay of "AMZN+GOOG" merges them.
  const [a, g] = r.partEvents;
  const merged: [number, MarketEvent][] = [];
  for (let i = 0, j = 0; i < a.length || j < g.length; ) {
    if (j >= g.length || (i < a.length && a[i].tsExch <= g[j].tsExch)) merged.push([0, a[i++]]);
    else merged.push([1, g[j++]]);
  }
  // GOOG's one-level book has moments with a side empty: go on until it shows both.
  const goog = r.engine.kernel.slots[1].venue.book;
  let at = 0;
  while (at < 1500 || goog.bestBid() === undefined || goog.bestAsk() === undefined) {
    const [m, e] = merged[at++];
    r.engine.pushMarket(m, [e]);
  }
  r.rest = merged.slice(at);
  const ui = render(<App session={r.session} keymap={makeKeymap(keys)} theme={makeTheme(false)} fps={30} size={{ columns: 110, rows: 36 }} />);
  await tick();
  return { r, ...ui };
}

describe('App over several instruments', () => {
  it('the book pane shows one instrument at a time and i cycles it; tickets trade the one on screen; every position is listed', async () => {
    const { r, stdin, lastFrame } = await twoBooks();
    await waitFrame(lastFrame, (f) => f.includes('Book AMZN.NASDAQ (1/2)'));
    const amznBid = r.engine.snapshot().bids[0][0];
    expect(lastFrame()).toContain((amznBid / 10_000).toFixed(4));
    expect(lastFrame()).toContain('Positions & NAV');
    expect(lastFrame()).toMatch(/AMZN\s+0 \(flat\)/);
    expect(lastFrame()).toMatch(/GOOG\s+0 \(flat\)/);

    stdin.write('i');
    await waitFrame(lastFrame, (f) => f.includes('Book GOOG.NASDAQ (2/2)'));
    expect(lastFrame()).toContain('book and tickets: GOOG.NASDAQ (2/2)');
    const googBid = r.engine.snapshot().bids[0][0];
    expect(googBid).toBeGreaterThan(amznBid * 2); // GOOG traded near 565, AMZN near 220
    expect(lastFrame()).toContain((googBid / 10_000).toFixed(4));

    // A ticket opened now is GOOG's, at GOOG's bid, and the order goes to GOOG's venue.
    stdin.write('b');
    await waitFrame(lastFrame, (f) => f.includes('Order ticket · BUY GOOG'));
    stdin.write('3');
    await waitFrame(lastFrame, (f) => f.includes('quantity  3'));
    stdin.write('\r');
    await waitFrame(lastFrame, (f) => f.includes('◆B 3'));
    expect(r.engine.snapshot().orders[0]).toMatchObject({ instrument: 'GOOG.NASDAQ', side: 'buy', qty: 3, limit: googBid });

    // Orders on GOOG fill against GOOG's book: the position shows beside AMZN's.
    r.engine.submit({ side: 'buy', type: 'market', qty: 2, tif: 'IOC' });
    for (const [m, e] of r.rest!) r.engine.pushMarket(m, [e]);
    await waitFrame(lastFrame, (f) => /GOOG\s+\+\d+ \(long\) @/.test(f));
    const snap = r.engine.snapshot();
    const bought = snap.fills.reduce((n, f) => n + f.qty, 0);
    expect(snap.fills.every((f) => f.instrument === 'GOOG.NASDAQ')).toBe(true);
    expect(bought).toBeGreaterThanOrEqual(2);
    expect(snap.positions.map((p) => [p.id, p.lots])).toEqual([
      ['AMZN.NASDAQ', 0],
      ['GOOG.NASDAQ', bought],
    ]);
    expect(r.engine.kernel.account.holdings[1].lots).toBe(bought);
    expect(lastFrame()).toMatch(/AMZN\s+0 \(flat\)/);

    // The GOOG order is not marked on AMZN's book.
    stdin.write('i');
    await waitFrame(lastFrame, (f) => f.includes('Book AMZN.NASDAQ (1/2)'));
    expect(lastFrame()).not.toContain('◆B 3');
  });

  it('the key is rebindable and the help and footer name it', async () => {
    const { stdin, lastFrame } = await twoBooks({ nextMarket: 'n' });
    await waitFrame(lastFrame, (f) => f.includes('Book AMZN.NASDAQ (1/2)'));
    expect(lastFrame()).toContain('n instrument');
    stdin.write('i');
    await tick();
    expect(lastFrame()).toContain('Book AMZN.NASDAQ (1/2)');
    stdin.write('n');
    await waitFrame(lastFrame, (f) => f.includes('Book GOOG.NASDAQ (2/2)'));
    stdin.write('?');
    const help = await waitFrame(lastFrame, (f) => f.includes('Keys · Esc closes'));
    expect(help).toMatch(/n\s+│?\s*next instrument/);
  });
});
