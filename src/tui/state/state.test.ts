import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../engine/model/instrument.js';
import { bestBidRow, ladderRows } from './ladder-rows.js';
import { layoutFor, MIN_COLS, MIN_ROWS, PANES } from './layout.js';
import { newTicket, ticketOrder, ticketReducer } from './ticket.js';
import { initialUi, uiReducer } from './ui-state.js';
import type { OwnOrder } from '../session/types.js';

const inst = makeInstrument({ symbol: 'SYN', venue: 'SYNTH', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' });

describe('uiReducer', () => {
  it('Tab and Shift-Tab cycle through the panes on screen, wrapping', () => {
    let s = uiReducer(initialUi, { type: 'focus', dir: 1, panes: PANES });
    expect(s.focus).toBe('orders');
    s = uiReducer(s, { type: 'focus', dir: -1, panes: PANES });
    s = uiReducer(s, { type: 'focus', dir: -1, panes: PANES });
    expect(s.focus).toBe('copilot');
    // A pane not on screen any more: focus moves to the first that is.
    expect(uiReducer(s, { type: 'focus', dir: 1, panes: ['ladder', 'orders'] }).focus).toBe('ladder');
  });

  it('Esc closes the overlay, then clears the notice, and never quits', () => {
    let s = uiReducer(initialUi, { type: 'openTicket', side: 'buy', price: '100.00' });
    expect(s.overlay).toBe('ticket');
    s = uiReducer({ ...s, notice: 'hello' }, { type: 'close' });
    expect(s.overlay).toBe('none');
    expect(s.ticket).toBeUndefined();
    expect(s.notice).toBe('hello');
    s = uiReducer(s, { type: 'close' });
    expect(s.notice).toBeUndefined();
    for (let i = 0; i < 3; i++) s = uiReducer(s, { type: 'close' });
    expect(s.quitting).toBe(false);
    expect(uiReducer(s, { type: 'quit' }).quitting).toBe(true);
  });

  it('? toggles help; p toggles hidden balances', () => {
    const s = uiReducer(initialUi, { type: 'help' });
    expect(s.overlay).toBe('help');
    expect(uiReducer(s, { type: 'help' }).overlay).toBe('none');
    expect(uiReducer(initialUi, { type: 'hideBalances' }).hideBalances).toBe(true);
  });

  it('cursors stay inside what exists', () => {
    let s = uiReducer(initialUi, { type: 'ladderMove', delta: -50, above: 3, below: 4 });
    expect(s.ladderCursor).toBe(-3);
    s = uiReducer(s, { type: 'ladderMove', delta: 50, above: 3, below: 4 });
    expect(s.ladderCursor).toBe(3);
    s = uiReducer(s, { type: 'ordersMove', delta: 9, count: 2 });
    expect(s.ordersCursor).toBe(1);
    s = uiReducer(s, { type: 'depth', dir: 1 });
    s = uiReducer(s, { type: 'depth', dir: 1 });
    expect(s.depthPreset).toBe(2);
  });

  it('a sent ticket closes with a notice', () => {
    const s = uiReducer(uiReducer(initialUi, { type: 'openTicket', side: 'sell' }), { type: 'ticketSent', notice: 'M1 sent' });
    expect(s).toMatchObject({ overlay: 'none', ticket: undefined, notice: 'M1 sent' });
  });
});

describe('ticket', () => {
  it('types digits into quantity and price, moves between fields, cycles choices', () => {
    let t = newTicket('buy', '100.05');
    expect(t.field).toBe('qty');
    for (const ch of '25x.') t = ticketReducer(t, { type: 'char', ch });
    expect(t.qty).toBe('25.');
    t = ticketReducer(t, { type: 'backspace' });
    t = ticketReducer(t, { type: 'field', dir: 1 });
    expect(t.field).toBe('price');
    t = ticketReducer(t, { type: 'field', dir: 1 });
    t = ticketReducer(t, { type: 'cycle', dir: 1 });
    expect(t.tif).toBe('DAY');
    t = ticketReducer({ ...t, field: 'type' }, { type: 'cycle', dir: 1 });
    expect(t.type).toBe('market');
    // A market order has no price field to land on.
    t = ticketReducer({ ...t, field: 'qty' }, { type: 'field', dir: 1 });
    expect(t.field).toBe('tif');
  });

  it('turns the ticket into ticks and lots, or says what is wrong', () => {
    expect(ticketOrder(newTicket('buy', '100.05', '30'), inst)).toEqual({ order: { side: 'buy', type: 'limit', qty: 30, limit: 10005, tif: 'GTC' } });
    expect(ticketOrder(newTicket('buy', '100.055', '30'), inst)).toEqual({ error: 'price must be a multiple of 0.01' });
    expect(ticketOrder(newTicket('buy', '100.05', '1.5'), inst)).toEqual({ error: 'quantity must be a multiple of 1' });
    expect(ticketOrder(newTicket('buy', '', '3'), inst)).toEqual({ error: 'type a limit price' });
    expect(ticketOrder({ ...newTicket('sell', '', '3'), type: 'market' }, inst)).toEqual({ order: { side: 'sell', type: 'market', qty: 3, tif: 'IOC' } });
  });
});

describe('layout', () => {
  it('three columns wide, two medium, one pane at a time narrow, a message below the minimum', () => {
    expect(layoutFor(160, 45)).toMatchObject({ kind: 'three', rows: 44, body: 42 });
    expect(layoutFor(110, 40).kind).toBe('two');
    expect(layoutFor(110, 40).panes).toEqual(['ladder', 'orders', 'positions']);
    expect(layoutFor(80, 24).kind).toBe('stacked');
    expect(layoutFor(MIN_COLS - 1, 40).kind).toBe('too-small');
    expect(layoutFor(100, MIN_ROWS - 1).kind).toBe('too-small');
  });
});

describe('ladderRows', () => {
  const order = (o: Partial<OwnOrder>): OwnOrder => ({ clientId: 'M1', side: 'buy', type: 'limit', tif: 'GTC', qty: 10, filled: 0, status: 'open', manual: true, ts: 0n, ...o });
  it('asks above bids, bars relative to the largest level, own orders marked at their level', () => {
    const rows = ladderRows({ bids: [[100, 50], [99, 100]], asks: [[101, 25], [102, 10]], orders: [order({ limit: 99, qty: 10, filled: 4 }), order({ clientId: 'M2', limit: 99, status: 'filled' })] }, 10);
    expect(rows.map((r) => [r.side, r.price])).toEqual([['ask', 102], ['ask', 101], ['bid', 100], ['bid', 99]]);
    expect(rows[3]).toMatchObject({ bar: 1, ownBuy: 6, ownSell: 0 });
    expect(rows[1].bar).toBe(0.25);
    expect(bestBidRow(rows)).toBe(2);
  });

  it('an own order inside the spread gets a row of its own; one outside the shown depth does not', () => {
    const rows = ladderRows({ bids: [[100, 50], [99, 5]], asks: [[103, 25]], orders: [order({ limit: 101 }), order({ clientId: 'M2', side: 'sell', limit: 102 }), order({ clientId: 'M3', limit: 90 })] }, 10);
    expect(rows.map((r) => [r.side, r.price, r.size])).toEqual([['ask', 103, 25], ['ask', 102, 0], ['bid', 101, 0], ['bid', 100, 50], ['bid', 99, 5]]);
  });

  it('cuts each side to the depth preset', () => {
    const bids: [number, number][] = Array.from({ length: 30 }, (_, i) => [100 - i, 1]);
    const asks: [number, number][] = Array.from({ length: 30 }, (_, i) => [101 + i, 1]);
    expect(ladderRows({ bids, asks, orders: [] }, 5)).toHaveLength(10);
  });
});
