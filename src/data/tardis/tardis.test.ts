import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind, Side } from '../../engine/model/events.js';
import { makeInstrument } from '../../engine/model/instrument.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { collect, rejection, tempDir } from '../../../test/support/data-helpers.js';
import { guessCurrency, openTardis } from './index.js';

const tardis = (name: string): string => join(dataDir(), 'parsers/nautilus-tardis', name);
const L2 = 'deribit_incremental_book_L2_BTC-PERPETUAL.csv';
const TRADES = 'bitmex_trades_XBTUSD.csv';

/** Independent reading of a Tardis CSV: header names -> values, row by row. */
function rows(path: string): Record<string, string>[] {
  const [head, ...body] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head.split(',');
  return body.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
}

describe('Tardis incremental_book_L2', () => {
  it('reads the Deribit excerpt: one snapshot = Clear, then a level per row', async () => {
    const data = await openTardis(tardis(L2));
    const expected = rows(tardis(L2));
    expect(data.format).toBe('tardis');
    expect(data.instrument.symbol).toBe(expected[0].symbol);
    expect(data.instrument.venue).toBe(expected[0].exchange);
    expect(data.warnings[0]).toContain('inferred');
    const events = await collect(data);
    expect(events[0]).toMatchObject({ kind: EventKind.Clear, record: 1 });
    expect(events).toHaveLength(expected.length + 1);
    expected.forEach((r, i) => {
      const e = events[i + 1];
      expect(e.kind).toBe(EventKind.Level);
      expect(e.side).toBe(r.side === 'bid' ? Side.Bid : Side.Ask);
      expect(e.price * Number(data.instrument.tickSize)).toBeCloseTo(Number(r.price), 9);
      expect(e.qty * Number(data.instrument.lotSize)).toBeCloseTo(Number(r.amount), 9);
      expect(e.tsExch).toBe(BigInt(r.timestamp) * 1000n);
      expect(e.tsLocal).toBe(BigInt(r.local_timestamp) * 1000n);
      expect(e.record).toBe(i + 1);
    });
    const book = new L2Book();
    for (const e of events) book.apply(e);
    expect(book.asks.depth).toBe(expected.length);
  });

  it('a snapshot block after incremental rows starts with a Clear', async () => {
    // The real rows, with rows 6-10 marked incremental: rows 11-15 then form a second snapshot.
    const lines = readFileSync(tardis(L2), 'utf8').trim().split('\n');
    for (let i = 6; i <= 10; i++) lines[i] = lines[i].replace(',true,', ',false,');
    const path = join(tempDir(), 'l2.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const events = await collect(await openTardis(path));
    const clears = events.filter((e) => e.kind === EventKind.Clear).map((e) => e.record);
    expect(clears).toEqual([1, 11]);
  });

  it('uses a given instrument and rejects prices off its tick', async () => {
    const instrument = makeInstrument({ symbol: 'BTC-PERPETUAL', venue: 'deribit', assetClass: 'crypto', currency: 'USD', tickSize: '1', lotSize: '10' });
    const data = await openTardis(tardis(L2), { instrument });
    expect(data.warnings).toEqual([]);
    const err = await rejection(collect(data));
    expect(err).toBeInstanceOf(InputError);
    // The first row's price 6421.5 is not a multiple of 1.
    expect([err.file, err.line, err.field]).toEqual([tardis(L2), 2, 'price']);
  });

  it('bad is_snapshot and side name the line and field', async () => {
    const lines = readFileSync(tardis(L2), 'utf8').trim().split('\n');
    lines[3] = lines[3].replace(',true,', ',yes,');
    const path = join(tempDir(), 'bad.csv');
    writeFileSync(path, lines.join('\n'));
    const err = await rejection(collect(await openTardis(path)));
    expect([err.line, err.field]).toEqual([4, 'is_snapshot']);
  });
});

describe('Tardis trades', () => {
  it('reads the BitMEX excerpt: taker side, price, amount', async () => {
    const data = await openTardis(tardis(TRADES));
    const expected = rows(tardis(TRADES));
    expect(data.instrument.currency).toBe('USD');
    const events = await collect(data);
    expect(events).toHaveLength(expected.length);
    expected.forEach((r, i) => {
      expect(events[i].kind).toBe(EventKind.Trade);
      expect(events[i].side).toBe(r.side === 'buy' ? Side.Bid : Side.Ask);
      expect(events[i].price * Number(data.instrument.tickSize)).toBeCloseTo(Number(r.price), 9);
      expect(events[i].qty).toBe(Number(r.amount));
    });
  });

  it('a non-integer timestamp names the line and field', async () => {
    const lines = readFileSync(tardis(TRADES), 'utf8').trim().split('\n');
    lines[5] = lines[5].replace(/^bitmex,XBTUSD,(\d+),/, 'bitmex,XBTUSD,$1.5,');
    const path = join(tempDir(), 'bad.csv');
    writeFileSync(path, lines.join('\n'));
    const err = await rejection(collect(await openTardis(path)));
    expect([err.line, err.field]).toEqual([6, 'timestamp']);
  });
});

describe('Tardis book_snapshot_N and quotes', () => {
  it('each snapshot row replaces the book', async () => {
    const path = tardis('binance-futures_book_snapshot_5_BTCUSDT.csv');
    const data = await openTardis(path);
    const events = await collect(data);
    const expected = rows(path);
    expect(events.filter((e) => e.kind === EventKind.Clear)).toHaveLength(expected.length);
    const book = new L2Book();
    for (const e of events) book.apply(e);
    const last = expected[expected.length - 1];
    const levels = book.levels();
    for (let i = 0; i < 5; i++) {
      expect(levels.asks[i][0] * 0.01).toBeCloseTo(Number(last[`asks[${i}].price`]), 9);
      expect(levels.bids[i][1] * 0.001).toBeCloseTo(Number(last[`bids[${i}].amount`]), 9);
    }
  });

  it('quotes become a one-level book', async () => {
    const path = tardis('huobi-dm-swap_quotes_BTC-USD.csv');
    const events = await collect(await openTardis(path));
    const book = new L2Book();
    for (const e of events) book.apply(e);
    const last = rows(path).at(-1)!;
    expect(book.bestBid()! * 0.1).toBeCloseTo(Number(last.bid_price), 9);
    expect(book.bestAsk()! * 0.1).toBeCloseTo(Number(last.ask_price), 9);
    expect(book.bids.depth + book.asks.depth).toBe(2);
  });

  it('an unknown header is an InputError on line 1', async () => {
    const path = join(tempDir(), 'x.csv');
    writeFileSync(path, 'exchange,symbol,timestamp,local_timestamp,foo\n');
    const err = await rejection(openTardis(path));
    expect([err.line, err.field]).toEqual([1, 'header']);
  });
});

describe('currency guess', () => {
  it('takes the quote part of the symbol', () => {
    expect(guessCurrency('BTCUSDT')).toBe('USDT');
    expect(guessCurrency('XBTUSD')).toBe('USD');
    expect(guessCurrency('BTC-USD')).toBe('USD');
    expect(guessCurrency('ETHBTC')).toBe('BTC');
    expect(guessCurrency('BTC-PERPETUAL')).toBe('USD');
  });
});
