import { describe, it, expect } from 'vitest';
import { collect, writtenRecordings } from '../../../test/support/binance-recordings.js';
import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind, Side } from '../../engine/model/events.js';
import { openBinance } from './index.js';

// Binance's "manage a local order book" procedure as the reader follows it, told by small
// recordings written here: diffs kept until a snapshot, holes in the update ids, resyncs, repeats.

describe('Binance depth sync in written recordings', () => {
  const { line, spotDiff, futDiff, trade, write, inst, tk, lt } = writtenRecordings();

  it('spot: buffers diffs before the snapshot, stops at a hole in update ids, resyncs on the next snapshot', async () => {
    const path = write('gap-spot.gz', [
      line(1, spotDiff(95, 99, [['9.50', '1']], [])), // covered by the snapshot: dropped
      line(2, spotDiff(100, 101, [['10.00', '3']], [])), // straddles lastUpdateId+1 = 101: applied at the snapshot
      line(3, { lastUpdateId: 100, bids: [['10.00', '1'], ['9.00', '2']], asks: [['11.00', '2']] }),
      line(4, spotDiff(102, 105, [], [['11.00', '4']])),
      line(5, trade('10.00')),
      line(6, spotDiff(110, 112, [['9.00', '5']], [])), // hole: 106..109 missing
      line(7, spotDiff(113, 115, [['8.00', '7']], [])),
      line(8, trade('10.00')),
      line(9, { lastUpdateId: 114, bids: [['10.00', '3'], ['9.00', '5']], asks: [['11.00', '4']] }),
      line(10, spotDiff(116, 116, [], [['12.00', '1']])),
    ]);
    const md = await openBinance(path, { instrument: inst });
    const events = await collect(md);
    const rows = events.map((e) => [e.record, e.kind, e.side, e.price, e.qty]);
    const L = EventKind.Level;
    expect(rows).toEqual([
      [3, EventKind.Clear, Side.None, 0, 0],
      [3, L, Side.Bid, tk('10'), lt('1')],
      [3, L, Side.Bid, tk('9'), lt('2')],
      [3, L, Side.Ask, tk('11'), lt('2')],
      [3, L, Side.Bid, tk('10'), lt('3')], // the buffered diff of line 2
      [4, L, Side.Ask, tk('11'), lt('4')],
      [5, EventKind.Trade, Side.Ask, tk('10'), lt('0.5')],
      // lines 6 and 7: out of sync, nothing applied
      [8, EventKind.Trade, Side.Ask, tk('10'), lt('0.5')],
      [9, EventKind.Clear, Side.None, 0, 0],
      [9, L, Side.Bid, tk('10'), lt('3')],
      [9, L, Side.Bid, tk('9'), lt('5')],
      [9, L, Side.Ask, tk('11'), lt('4')],
      [9, L, Side.Bid, tk('8'), lt('7')], // line 7 straddles 115 and rolls the snapshot forward
      [10, L, Side.Ask, tk('12'), lt('1')],
    ]);
    expect(md.warnings.some((w) => w.startsWith(`${path}:6:`) && w.includes('out of sync'))).toBe(true);
    expect(md.warnings.some((w) => w.startsWith(`${path}:9:`))).toBe(true);
    expect(md.stats.gaps).toBe(1);
    // The diff's own exchange time survives its late application.
    const buffered = events[4];
    expect(buffered.tsExch).toBe(BigInt(1723161255000 + 100) * 1_000_000n);
    expect(buffered.tsLocal).toBe(events[0].tsLocal);
  });

  it('futures: a broken pu chain stops the book until the next snapshot', async () => {
    const path = write('gap-futures.gz', [
      line(1, { lastUpdateId: 1000, E: 1723161255000, T: 1723161255000, bids: [['10.00', '1']], asks: [['11.00', '1']] }),
      line(2, futDiff(990, 1005, 980, [['10.00', '2']], [])), // U <= 1000 <= u: first applied
      line(3, futDiff(1010, 1020, 1005, [['10.00', '3']], [])),
      line(4, futDiff(1030, 1040, 1025, [['10.00', '4']], [])), // pu 1025 != 1020
      line(5, futDiff(1041, 1050, 1040, [['10.00', '5']], [])),
      line(6, { lastUpdateId: 1060, E: 1723161256000, T: 1723161256000, bids: [['10.00', '6']], asks: [['11.00', '1']] }),
      line(7, futDiff(1055, 1070, 1050, [['10.00', '7']], [])),
      line(8, futDiff(1071, 1080, 1070, [['10.00', '8']], [])),
    ]);
    const md = await openBinance(path, { instrument: inst });
    const events = await collect(md);
    const bidUpdates = events.filter((e) => e.kind === EventKind.Level && e.side === Side.Bid).map((e) => [e.record, e.qty]);
    expect(bidUpdates).toEqual([
      [1, lt('1')],
      [2, lt('2')],
      [3, lt('3')],
      [6, lt('6')],
      [7, lt('7')],
      [8, lt('8')],
    ]);
    expect(md.warnings.find((w) => w.startsWith(`${path}:4:`))).toMatch(/pu=1025/);
  });

  it('a diff repeated after sync is dropped: the book keeps the later value and stays in sync', async () => {
    // Spot: the chain is 101..103, 104..106, 107. The repeats come after the diffs they repeat
    // were applied, one right after (u equals the book's id), one later (u below it).
    const spot = write('repeat-spot.gz', [
      line(1, { lastUpdateId: 100, bids: [['10.00', '1']], asks: [['11.00', '2']] }),
      line(2, spotDiff(101, 103, [], [['11.00', '4']])),
      line(3, spotDiff(104, 106, [], [['11.00', '6']])),
      line(4, spotDiff(104, 106, [], [['11.00', '6']])),
      line(5, spotDiff(101, 103, [], [['11.00', '4']])),
      line(6, spotDiff(107, 107, [['10.00', '2']], [])),
    ]);
    // Futures: the same story told with pu.
    const fut = write('repeat-futures.gz', [
      line(1, { lastUpdateId: 100, E: 1723161255000, T: 1723161255000, bids: [['10.00', '1']], asks: [['11.00', '2']] }),
      line(2, futDiff(95, 103, 94, [], [['11.00', '4']])),
      line(3, futDiff(104, 106, 103, [], [['11.00', '6']])),
      line(4, futDiff(104, 106, 103, [], [['11.00', '6']])),
      line(5, futDiff(95, 103, 94, [], [['11.00', '4']])),
      line(6, futDiff(107, 107, 106, [['10.00', '2']], [])),
    ]);
    for (const path of [spot, fut]) {
      const md = await openBinance(path, { instrument: inst });
      const events = await collect(md);
      const levels = events.filter((e) => e.kind === EventKind.Level).map((e) => [e.record, e.side, e.price, e.qty]);
      expect(levels).toEqual([
        [1, Side.Bid, tk('10'), lt('1')],
        [1, Side.Ask, tk('11'), lt('2')],
        [2, Side.Ask, tk('11'), lt('4')],
        [3, Side.Ask, tk('11'), lt('6')],
        [6, Side.Bid, tk('10'), lt('2')],
      ]);
      const book = new L2Book();
      for (const e of events) book.apply(e);
      expect([book.bestBid(), book.bids.sizeAtLevel(0), book.bestAsk(), book.asks.sizeAtLevel(0)]).toEqual([tk('10'), lt('2'), tk('11'), lt('6')]);
      expect(md.warnings).toEqual([]);
      expect([md.stats.diffsApplied, md.stats.diffsStale, md.stats.gaps]).toEqual([3, 2, 0]);
    }
  });

  it('a session without a snapshot never applies a diff, and says so', async () => {
    const path = write('nosnap.gz', [line(1, spotDiff(1, 2, [['10.00', '1']], [])), line(2, trade('10.00'))]);
    const md = await openBinance(path, { instrument: inst });
    const events = await collect(md);
    expect(events.map((e) => e.kind)).toEqual([EventKind.Trade]);
    expect(md.warnings.join('\n')).toMatch(/never synchronised/);
  });


  it('a snapshot arriving thousands of diffs late is rolled forward by the remembered diffs, levels exact', async () => {
    // 6,000 spot diffs of 30 bid levels each before any snapshot: more levels than the reader
    // keeps room for at first, so the remembered ones have been moved and wrapped around by the
    // time the snapshot (lastUpdateId 2,500) makes the last 3,500 of them usable (105,000 levels).
    const level = (id: number, k: number): string[] => [`${(1000 + ((id * 7 + k * 13) % 5000) / 100).toFixed(2)}`, `${((id + k) % 9) + 1}.${k % 10}00`];
    const lines: string[] = [];
    for (let id = 1; id <= 6000; id++) lines.push(line(id, spotDiff(id, id, Array.from({ length: 30 }, (_, k) => level(id, k)), [])));
    lines.push(line(6001, { lastUpdateId: 2500, bids: [['999.00', '1']], asks: [['2000.00', '1']] }));
    lines.push(line(6002, spotDiff(6001, 6001, [], [['1999.00', '2']])));
    const md = await openBinance(write('late-snapshot.gz', lines), { instrument: inst });
    const events = await collect(md);
    const rows = events.map((e) => [e.record, e.kind, e.side, e.price, e.qty]);
    const want: unknown[] = [
      [6001, EventKind.Clear, Side.None, 0, 0],
      [6001, EventKind.Level, Side.Bid, tk('999'), lt('1')],
      [6001, EventKind.Level, Side.Ask, tk('2000'), lt('1')],
    ];
    for (let id = 2501; id <= 6000; id++) {
      for (let k = 0; k < 30; k++) {
        const [p, q] = level(id, k);
        want.push([6001, EventKind.Level, Side.Bid, tk(p), lt(q)]);
      }
    }
    want.push([6002, EventKind.Level, Side.Ask, tk('1999'), lt('2')]);
    expect(rows.length).toBe(want.length);
    expect(rows).toEqual(want);
    // Each applied diff keeps its own exchange time.
    expect(events[3].tsExch).toBe(BigInt(1723161255000 + 2501) * 1_000_000n);
    // The first 2,500 are covered by the snapshot or forgotten before it: never applied.
    expect([md.stats.diffsApplied, md.stats.diffsUnapplied, md.warnings]).toEqual([3501, 2500, []]);
  });
});
