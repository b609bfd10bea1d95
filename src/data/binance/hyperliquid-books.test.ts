import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { binanceRoot, collect, rawLines } from '../../../test/support/binance-recordings.js';
import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind } from '../../engine/model/events.js';
import { priceToTicks, qtyToLots } from '../../engine/model/instrument.js';
import { openBinance } from './index.js';

describe('Hyperliquid', () => {
  it('turns each l2Book message into clear + levels and skips the catch-up trades', async () => {
    const path = join(binanceRoot, 'hyperliquid/btcusd_20250126.gz');
    const raw = rawLines(path);
    const md = await openBinance(path);
    expect(md.instrument).toMatchObject({ symbol: 'BTC', venue: 'hyperliquid' });
    const events = await collect(md);
    const book = new L2Book();
    let i = 0;
    let books = 0;
    for (let r = 0; r < raw.length; r++) {
      for (; i < events.length && events[i].record === r + 1; i++) book.apply(events[i]);
      const { msg } = raw[r];
      if (msg.channel !== 'l2Book') continue;
      books++;
      const want = (side: any[]) => side.map((l: any) => [priceToTicks(md.instrument, l.px), qtyToLots(md.instrument, l.sz)]);
      expect(book.levels()).toEqual({ bids: want(msg.data.levels[0]), asks: want(msg.data.levels[1]) });
    }
    expect(books).toBe(46);
    const tradeMsgs = raw.filter((l) => l.msg.channel === 'trades');
    const live = tradeMsgs.slice(1).reduce((n, l) => n + l.msg.data.length, 0);
    expect(events.filter((e) => e.kind === EventKind.Trade).length).toBe(live);
    expect(md.warnings.length).toBe(1);
  });
});
