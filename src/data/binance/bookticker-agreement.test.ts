import { describe, it, expect } from 'vitest';
import { rawLines, sessions } from '../../../test/support/binance-recordings.js';
import { L2Book } from '../../engine/book/l2-book.js';
import { openBinance, type BookState, type BookTicker } from './index.js';

/*
 * Ground truth: the recorded bookTicker stream. Rule: a bookTicker published at update id u is
 * comparable when the rebuilt book is known to be in the exchange's state at exactly u, that is
 * right after the snapshot when u == lastUpdateId, or right after applying the diff whose final
 * update id is u. (A diff bundles updates U..u, so the book is never known between U and u-1;
 * a ticker may arrive before or after its diff in the file, so tickers are matched by id, not by
 * position.) Comparable tickers must agree on best bid and ask, price and size, 100%.
 */
describe('Binance book rebuilt from snapshot + diffs vs the recorded bookTicker stream', () => {
  const all = sessions();

  it('finds every session of the data folder', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  for (const { name, paths } of all) {
    it(`${name}: best bid/ask agree with every comparable bookTicker`, async () => {
      const tickers: BookTicker[] = [];
      const marks: BookState[] = [];
      const md = await openBinance(paths, {
        onBookTicker: (t) => tickers.push(t),
        onBookState: (s) => marks.push(s),
      });
      const book = new L2Book();
      const tops = new Map<number, [number, number, number, number]>();
      let applied = 0;
      let next = 0;
      const noteStates = (): void => {
        for (; next < marks.length && marks[next].events === applied; next++) {
          tops.set(marks[next].updateId, [book.bestBid()!, book.bids.sizeAtLevel(0), book.bestAsk()!, book.asks.sizeAtLevel(0)]);
        }
      };
      for await (const batch of md.events()) {
        for (const e of batch) {
          noteStates();
          book.apply(e);
          applied++;
        }
      }
      noteStates();
      expect(next).toBe(marks.length);

      let comparable = 0;
      let agreeing = 0;
      const disagreements: string[] = [];
      for (const t of tickers) {
        const top = tops.get(t.updateId);
        if (top === undefined) continue;
        comparable++;
        if (top[0] === t.bidPrice && top[1] === t.bidQty && top[2] === t.askPrice && top[3] === t.askQty) agreeing++;
        else if (disagreements.length < 5) disagreements.push(`${t.file}:${t.line} book ${top.join(' ')} ticker ${t.bidPrice} ${t.bidQty} ${t.askPrice} ${t.askQty}`);
      }

      // How many tickers the rule can reach, counted from the raw files: those whose id is the
      // snapshot's lastUpdateId or the final id of a diff not covered by the snapshot.
      const raw = paths.flatMap(rawLines);
      const snapshot = raw.find((l) => l.msg.stream === undefined)!.msg;
      const futures = raw.some((l) => l.msg.data?.pu !== undefined);
      const reachable = new Set<number>([snapshot.lastUpdateId]);
      for (const { msg } of raw) {
        if (msg.stream?.includes('@depth') && (futures ? msg.data.u >= snapshot.lastUpdateId : msg.data.u > snapshot.lastUpdateId)) {
          reachable.add(msg.data.u);
        }
      }
      const expected = raw.filter((l) => l.msg.stream?.endsWith('@bookTicker') && reachable.has(l.msg.data.u)).length;

      console.log(`${name}: ${tickers.length} tickers, ${comparable} comparable, ${agreeing} agree (${((100 * agreeing) / comparable).toFixed(2)}%)`);
      expect(md.warnings).toEqual([]);
      expect(disagreements).toEqual([]);
      expect(agreeing).toBe(comparable);
      // The reader reaches every state the recording makes observable (no gaps in this data)...
      expect(comparable).toBe(expected);
      // ...and that is a real sample: at least 100 independent checks per session.
      expect(comparable).toBeGreaterThan(100);
      expect(tickers.length).toBe(raw.filter((l) => l.msg.stream?.endsWith('@bookTicker')).length);
    }, 120_000);
  }
});
