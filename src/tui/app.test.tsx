import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './app.js';
import { makeKeymap } from './keys.js';
import { rig, tick, waitFrame } from '../../test/support/tui-session.js';
import { makeTheme } from './theme.js';

afterEach(() => cleanup());

async function app(size: { columns: number; rows: number }) {
  const r = await rig({ events: 1500 });
  r.engine.push(r.events);
  const ui = render(<App session={r.session} keymap={makeKeymap()} theme={makeTheme(false)} fps={30} size={size} />);
  await tick();
  return { r, ...ui };
}

describe('App', () => {
  it('Tab moves focus; Space, . and +/- reach the session; ? opens help and Esc closes it', async () => {
    const { r, stdin, lastFrame } = await app({ columns: 100, rows: 36 });
    expect(lastFrame()).toContain('▶ Book SYN');
    stdin.write('\t');
    await tick();
    expect(lastFrame()).toContain('▶ Orders & fills');
    stdin.write(' ');
    await tick();
    stdin.write('.');
    await tick();
    stdin.write('+');
    await tick();
    stdin.write('-');
    await tick();
    stdin.write('+++');
    await tick();
    expect(r.controls).toEqual(['toggle', 'step', 'faster', 'slower', 'faster', 'faster', 'faster']);
    stdin.write('?');
    await waitFrame(lastFrame, (f) => f.includes('Keys · Esc closes'));
    stdin.write('\x1b');
    await tick(60);
    expect(lastFrame()).not.toContain('Keys · Esc closes');
    expect(lastFrame()).toContain('Orders & fills');
  });

  it('b opens a ticket at the bid; typed quantity and Enter place the order, shown on the ladder', async () => {
    const { r, stdin, lastFrame } = await app({ columns: 100, rows: 36 });
    stdin.write('b');
    await waitFrame(lastFrame, (f) => f.includes('Order ticket · BUY SYN'));
    stdin.write('12');
    await waitFrame(lastFrame, (f) => f.includes('quantity  12'));
    stdin.write('\r');
    await waitFrame(lastFrame, (f) => f.includes('◆B 12'));
    const bid = r.engine.snapshot().bids[0][0];
    expect(r.engine.snapshot().orders[0]).toMatchObject({ qty: 12, limit: bid, side: 'buy' });
    const row = lastFrame()!.split('\n').find((l) => l.includes('◆B 12'));
    expect(row).toContain((bid / 100).toFixed(2));
    expect(lastFrame()).toContain('» M1 sent: buy 12 @');
  });

  it('keys that arrive together each count: a burst of Backspaces, digits mixed with Backspaces, a price typed over the filled-in one', async () => {
    const { r, stdin, lastFrame } = await app({ columns: 100, rows: 36 });
    stdin.write('b');
    await waitFrame(lastFrame, (f) => f.includes('Order ticket · BUY SYN'));
    stdin.write('12345');
    await waitFrame(lastFrame, (f) => f.includes('quantity  12345'));
    stdin.write('\x7f\x7f');
    await waitFrame(lastFrame, (f) => f.includes('quantity  123▏'));
    stdin.write('4\x7f\x7f6');
    await waitFrame(lastFrame, (f) => f.includes('quantity  126▏'));
    // Down to the price the ticket filled in from the bid: typing replaces it.
    stdin.write('\x1b[B');
    await waitFrame(lastFrame, (f) => /▸ price/.test(f));
    const bid = r.engine.snapshot().bids[0][0];
    const below = ((bid - 150) / 100).toFixed(2);
    stdin.write(below);
    await waitFrame(lastFrame, (f) => new RegExp(`price\\s+${below.replace('.', '\\.')}▏`).test(f));
    stdin.write('\r');
    await waitFrame(lastFrame, (f) => f.includes(`M1 sent: buy 126 @ ${below} GTC`));
    expect(r.engine.snapshot().orders[0]).toMatchObject({ qty: 126, limit: bid - 150, side: 'buy', tif: 'GTC' });
  });

  it('a market ticket shows the time in force it sends', async () => {
    const { r, stdin, lastFrame } = await app({ columns: 100, rows: 36 });
    stdin.write('b');
    await waitFrame(lastFrame, (f) => f.includes('Order ticket · BUY SYN'));
    stdin.write('3');
    // Up to the order type, ← to market: GTC cannot apply to an order that does not rest.
    stdin.write('\x1b[A');
    await tick();
    stdin.write('\x1b[D');
    await waitFrame(lastFrame, (f) => f.includes('◀ market ▶'));
    expect(lastFrame()).toContain('◀ IOC ▶');
    stdin.write('\r');
    await waitFrame(lastFrame, (f) => f.includes('M1 sent: buy 3 at market IOC'));
    expect(r.engine.snapshot().orders.length + r.engine.snapshot().fills.length).toBeGreaterThan(0);
  });

  it('q in the ticket is not quit; Esc closes the ticket and does not quit', async () => {
    const { stdin, lastFrame } = await app({ columns: 100, rows: 36 });
    stdin.write('s');
    await waitFrame(lastFrame, (f) => f.includes('Order ticket'));
    stdin.write('q');
    await tick();
    expect(lastFrame()).toContain('Order ticket · SELL SYN');
    stdin.write('\x1b');
    await tick(60);
    expect(lastFrame()).not.toContain('Order ticket');
    expect(lastFrame()).toContain('▶ Book SYN');
  });

  it('narrow: one pane at a time with a tab strip; tiny: the enlarge screen ignores trading keys', async () => {
    const narrow = await app({ columns: 80, rows: 30 });
    expect(narrow.lastFrame()).toContain('[Book]');
    expect(narrow.lastFrame()).toContain('Missions & XP');
    cleanup();
    const tiny = await app({ columns: 50, rows: 12 });
    expect(tiny.lastFrame()).toContain('Please enlarge the window');
    tiny.stdin.write('b');
    tiny.stdin.write(' ');
    await tick();
    expect(tiny.lastFrame()).toContain('Please enlarge the window');
    expect(tiny.r.controls).toEqual([]);
  });

  it('keeps the root one row shorter than the terminal', async () => {
    const { lastFrame } = await app({ columns: 100, rows: 30 });
    expect(lastFrame()!.split('\n')).toHaveLength(29);
  });
});
