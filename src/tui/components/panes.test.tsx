import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { AppContext } from '../context.js';
import { price, qty } from '../format.js';
import { makeKeymap } from '../keys.js';
import { rig, tick, type TestRig } from '../../../test/support/tui-session.js';
import { initialUi } from '../state/ui-state.js';
import { makeTheme } from '../theme.js';
import { ThemeContext } from '../theme-context.js';
import { Footer } from './footer.js';
import { HelpOverlay } from './help-overlay.js';
import { LadderPane } from './ladder-pane.js';
import { OrdersPane } from './orders-pane.js';
import { PlaceholderPane, PLACEHOLDERS } from './placeholder-pane.js';
import { PositionsPane } from './positions-pane.js';
import { StatusBar } from './status-bar.js';
import { TicketOverlay } from './ticket-overlay.js';
import { TooSmall } from './too-small.js';
import type { UiAction } from '../state/ui-state.js';
import type { ReactNode } from 'react';
import { newTicket } from '../state/ticket.js';

afterEach(() => cleanup());

function wrap(r: TestRig, node: ReactNode, actions: UiAction[] = [], keys = makeKeymap()) {
  return (
    <ThemeContext.Provider value={makeTheme(false)}>
      <AppContext.Provider value={{ session: r.session, keymap: keys, dispatch: (a) => void actions.push(a) }}>{node}</AppContext.Provider>
    </ThemeContext.Provider>
  );
}

async function warm(n = 1500): Promise<TestRig> {
  const r = await rig({ events: n });
  r.engine.push(r.events);
  return r;
}

describe('LadderPane', () => {
  it('draws the best levels of the book with their sizes and sides, and the last trades with ▲/▼', async () => {
    const r = await warm();
    const snap = r.engine.snapshot();
    const { lastFrame } = render(wrap(r, <LadderPane snap={snap} ui={initialUi} focused active width={48} height={30} />));
    const frame = lastFrame()!;
    const inst = r.data.instrument;
    for (const [p, s] of snap.bids.slice(0, 5)) expect(frame).toMatch(new RegExp(`${price(inst, p).replace('.', '\\.')}\\s+${qty(inst, s)}\\s+bid █`));
    for (const [p, s] of snap.asks.slice(0, 5)) expect(frame).toMatch(new RegExp(`${price(inst, p).replace('.', '\\.')}\\s+${qty(inst, s)}\\s+ask █`));
    const t = snap.trades[0];
    expect(frame).toContain(`${t.side === 'buy' ? '▲ buy' : '▼ sell'}`);
    expect(frame).toContain(`@ ${price(inst, t.price)}`);
    expect(frame).toContain('▶ Book SYN · depth 10');
  });

  it('marks an own resting order at its level, and Enter on a level opens a ticket at its price', async () => {
    const r = await warm();
    const bid = r.engine.snapshot().bids[1][0];
    r.engine.submit({ side: 'buy', type: 'limit', qty: 7, limit: bid, tif: 'GTC' });
    const actions: UiAction[] = [];
    const ui = { ...initialUi, ladderCursor: 1 };
    const { lastFrame, stdin } = render(wrap(r, <LadderPane snap={r.engine.snapshot()} ui={ui} focused active width={48} height={30} />, actions));
    const line = lastFrame()!.split('\n').find((l) => l.includes('◆B 7'))!;
    expect(line).toContain(price(r.data.instrument, bid));
    await tick();
    stdin.write('\r');
    await tick();
    expect(actions).toContainEqual({ type: 'openTicket', side: 'buy', price: price(r.data.instrument, bid) });
    stdin.write('j');
    await tick();
    expect(actions.some((a) => a.type === 'ladderMove' && a.delta === 1)).toBe(true);
  });

  it('owns its keys only while active', async () => {
    const r = await warm();
    const actions: UiAction[] = [];
    const { stdin } = render(wrap(r, <LadderPane snap={r.engine.snapshot()} ui={initialUi} focused={false} active={false} width={48} height={30} />, actions));
    await tick();
    stdin.write('j');
    stdin.write('\r');
    await tick();
    expect(actions).toEqual([]);
  });
});

describe('OrdersPane', () => {
  it('lists orders newest first and cancels the selected open order with c', async () => {
    const r = await rig({ events: 3000 });
    r.engine.push(r.events.slice(0, 2000));
    const bid = r.engine.snapshot().bids[0][0];
    r.engine.submit({ side: 'buy', type: 'limit', qty: 3, limit: bid - 5, tif: 'GTC' });
    r.engine.submit({ side: 'buy', type: 'limit', qty: 4, limit: bid - 8, tif: 'DAY' });
    const actions: UiAction[] = [];
    const { lastFrame, stdin } = render(wrap(r, <OrdersPane snap={r.engine.snapshot()} ui={initialUi} focused active width={80} height={20} />, actions));
    const lines = lastFrame()!.split('\n');
    const m2 = lines.findIndex((l) => l.includes('M2'));
    const m1 = lines.findIndex((l) => l.includes('M1'));
    expect(m2).toBeGreaterThan(0);
    expect(m2).toBeLessThan(m1);
    expect(lines[m2]).toMatch(/▸ M2\s+buy\s+limit\s+4\s+0\s+\d+\.\d\d DAY pending/);
    await tick();
    stdin.write('c');
    await tick();
    expect(actions).toContainEqual({ type: 'notice', text: 'cancel sent for M2' });
    // The cancel reaches the venue once time passes; the other order stays.
    r.engine.push(r.events.slice(2000));
    expect(r.engine.snapshot().orders.map((o) => [o.clientId, o.status])).toEqual([
      ['M2', 'cancelled'],
      ['M1', 'open'],
    ]);
  });
});

describe('PositionsPane', () => {
  it('shows position, cash and equity with signs spelled out; p hides every amount', async () => {
    const r = await warm();
    const snap = { ...r.engine.snapshot(), position: 12, cash: '98765.43', equity: '100012.50', startingEquity: '100000.00', realized: '-3.25' };
    const shown = render(wrap(r, <PositionsPane snap={snap} hide={false} focused width={60} height={14} />)).lastFrame()!;
    expect(shown).toContain('+12 SYN (long)');
    expect(shown).toContain('98765.43');
    expect(shown).toContain('▲ +12.50');
    expect(shown).toContain('−3.25');
    expect(shown).toMatch(/NAV\s+[▁▂▃▄▅▆▇█]+/);
    const hidden = render(wrap(r, <PositionsPane snap={snap} hide focused width={60} height={14} />)).lastFrame()!;
    expect(hidden).not.toContain('98765');
    expect(hidden).not.toContain('100012');
    expect(hidden).toContain('•••••');
    expect(hidden).toContain('balances hidden');
  });
});

describe('placeholders, status bar, footer, help, too small', () => {
  it('placeholder panes say the feature has not landed', async () => {
    const r = await warm(10);
    expect(render(wrap(r, <PlaceholderPane title="Copilot" message={PLACEHOLDERS.copilot} focused={false} width={30} height={5} />)).lastFrame()).toContain('no copilot yet');
  });

  it('status bar: clock, PAUSED in words, speed, rate, events, account', async () => {
    const r = await warm();
    const f = render(wrap(r, <StatusBar snap={r.engine.snapshot()} status={r.session.status()} symbol="SYN" account="alice" source="syn" width={140} />)).lastFrame()!;
    expect(f).toMatch(/vtrade SYN │ \d\d:\d\d:\d\d\.\d{3} │ ❚❚ PAUSED │ speed 1x │ 0 ev\/s │ 1,500 events │ acct alice/);
  });

  it("footer: the focused pane's keys first, rebound keys shown as bound", async () => {
    const r = await warm(10);
    const f = render(wrap(r, <Footer focus="orders" notice={undefined} width={200} />, [], makeKeymap({ cancel: 'x' }))).lastFrame()!;
    expect(f.startsWith('↑↓ select · x cancel · Space pause')).toBe(true);
    expect(render(wrap(r, <Footer focus="orders" notice="M1 sent" width={200} />)).lastFrame()).toContain('» M1 sent');
  });

  it('help lists every key of the keymap in force', async () => {
    const r = await warm(10);
    const f = render(wrap(r, <HelpOverlay width={80} />, [], makeKeymap({ buy: 'B' }))).lastFrame()!;
    for (const want of ['Tab', 'S-Tab', 'Space', '+ =', '- _', 'B ', 'p ', 'Esc', 'q ', 'Ctrl-C', '↑ k', '↓ j', 'Enter', 'c ']) expect(f).toContain(want);
  });

  it('too small: one message naming the minimum', () => {
    expect(render(<TooSmall columns={40} rows={10} />).lastFrame()).toContain('Please enlarge the window');
  });
});

describe('TicketOverlay', () => {
  it('previews fill, fee and buying power as you type, then sends through the session', async () => {
    const r = await warm();
    const inst = r.data.instrument;
    const ask = r.engine.snapshot().asks[0][0];
    const actions: UiAction[] = [];
    const t = { ...newTicket('buy', price(inst, ask)), qty: '5' };
    const { lastFrame, stdin } = render(wrap(r, <TicketOverlay ticket={t} hide={false} ready width={60} />, actions));
    const f = lastFrame()!;
    expect(f).toContain(`fills now  5 @ ~${(ask / 100).toFixed(3)}`);
    expect(f).toContain('est. fee   0 USD');
    expect(f).toMatch(/buying power after\s+\d+\.\d\d USD/);
    expect(f).toContain('✓ passes the risk checks');
    await tick();
    stdin.write('1');
    await tick();
    expect(actions).toContainEqual({ type: 'ticket', action: { type: 'char', ch: '1' } });
    stdin.write('\r');
    await tick();
    expect(r.engine.snapshot().orders[0]).toMatchObject({ clientId: 'M1', side: 'buy', qty: 5, limit: ask, manual: true });
    expect(actions.at(-1)).toMatchObject({ type: 'ticketSent' });
  });

  it('says what is wrong instead of a preview', async () => {
    const r = await warm();
    expect(render(wrap(r, <TicketOverlay ticket={newTicket('sell', '1.234', '2')} hide={false} ready width={60} />)).lastFrame()).toContain('! price must be a multiple of 0.01');
  });
});
