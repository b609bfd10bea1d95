import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { dataDir } from '../../../test/support/data-dir.js';
import { InputError } from '../../errors.js';
import { L2Book } from '../../engine/book/l2-book.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { makeInstrument, priceToTicks, qtyToLots } from '../../engine/model/instrument.js';
import { openBinance, type BookState, type BookTicker } from './index.js';

const root = join(dataDir(), 'binance');

/** Every session in the data folder: files of one symbol in one folder, in date order. */
function sessions(): { name: string; paths: string[] }[] {
  const out: { name: string; paths: string[] }[] = [];
  for (const folder of readdirSync(root, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name === 'hyperliquid') continue;
    const bySymbol = new Map<string, string[]>();
    for (const f of readdirSync(join(root, folder.name)).sort()) {
      const m = /^(.+)_\d{8}\.(dat\.)?gz$/.exec(f);
      if (!m) continue;
      const list = bySymbol.get(m[1]) ?? [];
      list.push(join(root, folder.name, f));
      bySymbol.set(m[1], list);
    }
    for (const [symbol, paths] of bySymbol) out.push({ name: `${folder.name}/${symbol}`, paths });
  }
  return out;
}

/** The lines of a recording, read here with plain zlib and JSON.parse, apart from the reader. */
function rawLines(path: string): { ts: string; msg: Record<string, any> }[] {
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const sp = l.indexOf(' ');
      return { ts: l.slice(0, sp), msg: JSON.parse(l.slice(sp + 1)) };
    });
}

async function collect(md: { events(): AsyncIterable<MarketEvent[]> }): Promise<MarketEvent[]> {
  const all: MarketEvent[] = [];
  for await (const batch of md.events()) all.push(...batch);
  return all;
}

async function expectInputError(p: Promise<unknown>): Promise<InputError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

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

describe('Binance instrument inference', () => {
  // Tick and lot sizes as the exchanges list them (exchangeInfo), for the pairs recorded.
  const cases = [
    ['spot/btcusdt_20240808.gz', 'BTCUSDT', 'binance-spot', 'USDT', '0.01', undefined],
    ['usdm/btcusdt_20240808.gz', 'BTCUSDT', 'binance-usdm', 'USDT', '0.1', '0.001'],
    ['usdm/ethusdt_20240808.gz', 'ETHUSDT', 'binance-usdm', 'USDT', '0.01', '0.001'],
    ['cm/btcusd_perp_20240808.gz', 'BTCUSD_PERP', 'binance-coinm', 'USD', '0.1', '1'],
    ['cm/ethusd_perp_20240808.gz', 'ETHUSD_PERP', 'binance-coinm', 'USD', '0.01', '1'],
    ['usdm_2023-04/btcusdt_20230404.dat.gz', 'BTCUSDT', 'binance-usdm', 'USDT', '0.1', '0.001'],
  ] as const;
  for (const [file, symbol, venue, currency, tick, lot] of cases) {
    it(`${file}: ${symbol} on ${venue}`, async () => {
      const md = await openBinance(join(root, file));
      expect(md.format).toBe('binance');
      expect(md.instrument).toMatchObject({ symbol, venue, currency, assetClass: 'crypto', tickSize: tick });
      if (lot !== undefined) expect(md.instrument.lotSize).toBe(lot);
    });
  }

  it('opts.instrument overrides the inference', async () => {
    const inst = makeInstrument({ symbol: 'X', venue: 'v', assetClass: 'crypto', currency: 'USDT', tickSize: '0.001', lotSize: '0.0001' });
    const md = await openBinance(join(root, 'usdm_2024-07/btcusdt_20240718.gz'), { instrument: inst });
    expect(md.instrument).toBe(inst);
  });
});

describe('Binance timestamps and records', () => {
  it('reads microsecond local stamps (2023 files) and nanosecond ones (2024) as ns', async () => {
    for (const file of ['usdm_2023-04/btcusdt_20230404.dat.gz', 'usdm/btcusdt_20240808.gz']) {
      const path = join(root, file);
      const raw = rawLines(path);
      const md = await openBinance(path);
      const events = await collect(md);
      const first = events[0];
      const ts = raw[first.record - 1].ts;
      const ns = ts.length === 16 ? BigInt(ts) * 1000n : BigInt(ts);
      expect(first.tsLocal).toBe(ns);
      // 2023-04-05 / 2024-08-08 UTC, give or take the session.
      expect(Number(first.tsLocal / 1_000_000_000n)).toBeGreaterThan(1_680_000_000);
    }
  });

  it('stamps a trade with T, a diff with E, and tells the aggressor from m', async () => {
    const path = join(root, 'usdm/btcusdt_20240808.gz');
    const raw = rawLines(path);
    const md = await openBinance(path);
    const events = await collect(md);
    const trades = events.filter((e) => e.kind === EventKind.Trade);
    const rawTrades = raw.map((l, i) => ({ ...l, record: i + 1 })).filter((l) => l.msg.stream?.endsWith('@trade'));
    expect(trades.length).toBe(rawTrades.length);
    for (let i = 0; i < trades.length; i += 97) {
      const r = rawTrades[i];
      const e = trades[i];
      expect(e.record).toBe(r.record);
      expect(e.tsExch).toBe(BigInt(r.msg.data.T) * 1_000_000n);
      expect(e.tsLocal).toBe(BigInt(r.ts));
      expect(e.side).toBe(r.msg.data.m ? Side.Ask : Side.Bid);
      expect(e.price).toBe(priceToTicks(md.instrument, r.msg.data.p));
      expect(e.qty).toBe(qtyToLots(md.instrument, r.msg.data.q));
    }
    // Local time runs ~1.27 s behind exchange time here: the reader must not assume otherwise.
    expect(trades.some((e) => e.tsLocal < e.tsExch)).toBe(true);
    // Records and local times never go backwards in the stream.
    let backwards = 0;
    for (let i = 1; i < events.length; i++) {
      if (events[i].record < events[i - 1].record || events[i].tsLocal < events[i - 1].tsLocal) backwards++;
    }
    expect(backwards).toBe(0);
  });

  it('numbers records across the files of a session', async () => {
    const paths = ['spot/btcusdt_20240808.gz', 'spot/btcusdt_20240809.gz'].map((f) => join(root, f));
    const firstFileLines = rawLines(paths[0]).length;
    const tickers: BookTicker[] = [];
    const md = await openBinance(paths, { onBookTicker: (t) => tickers.push(t) });
    const events = await collect(md);
    const second = tickers.find((t) => t.file === paths[1])!;
    expect(second.record).toBe(firstFileLines + second.line);
    expect(events.at(-1)!.record).toBeGreaterThan(firstFileLines);
  });
});

describe('Hyperliquid', () => {
  it('turns each l2Book message into clear + levels and skips the catch-up trades', async () => {
    const path = join(root, 'hyperliquid/btcusd_20250126.gz');
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

describe('Binance bad input and gaps', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vtrade-binance-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const T0 = 1723161254000000000n;
  const line = (i: number, json: unknown): string => `${T0 + BigInt(i) * 1_000_000n} ${JSON.stringify(json)}`;
  const spotDiff = (U: number, u: number, b: string[][], a: string[][]) => ({
    stream: 'btcusdt@depth@100ms',
    data: { e: 'depthUpdate', E: 1723161255000 + U, s: 'BTCUSDT', U, u, b, a },
  });
  const futDiff = (U: number, u: number, pu: number, b: string[][], a: string[][]) => ({
    stream: 'btcusdt@depth@0ms',
    data: { e: 'depthUpdate', E: 1723161255000 + U, T: 1723161255000 + U, s: 'BTCUSDT', U, u, pu, b, a },
  });
  const trade = (p: string) => ({
    stream: 'btcusdt@trade',
    data: { e: 'trade', E: 1723161255500, s: 'BTCUSDT', t: 1, p, q: '0.5', T: 1723161255500, m: true },
  });
  const write = (name: string, lines: string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, gzipSync(lines.join('\n') + '\n'));
    return path;
  };
  const inst = makeInstrument({ symbol: 'BTCUSDT', venue: 'binance-spot', assetClass: 'crypto', currency: 'USDT', tickSize: '0.01', lotSize: '0.001' });
  const tk = (p: string) => priceToTicks(inst, p);
  const lt = (q: string) => qtyToLots(inst, q);

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

  it('a truncated gzip is an InputError naming the file and a line', async () => {
    const real = join(root, 'spot/btcusdt_20240808.gz');
    const bytes = readFileSync(real);
    const path = join(dir, 'truncated.gz');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const md = await openBinance(path, { instrument: (await openBinance(real)).instrument });
    const err = await expectInputError(collect(md));
    expect(err.file).toBe(path);
    expect(err.detail).toMatch(/truncated/);
    // Half the bytes hold about half the lines: the error points past them, not at the start.
    expect(err.line).toBeGreaterThan(rawLines(real).length / 4);
    // The survey meets the same damage.
    expect((await expectInputError(openBinance(path))).file).toBe(path);
  });

  it('a malformed JSON line is an InputError naming file and line', async () => {
    const path = write('bad-json.gz', [line(1, trade('10.00')), `${T0 + 2_000_000n} {"stream":"btcusdt@trade","data":{"p":`]);
    const err = await expectInputError(collect(await openBinance(path, { instrument: inst })));
    expect([err.file, err.line, err.field]).toEqual([path, 2, 'json']);
  });

  it('a value off the tick grid or of the wrong type names its field', async () => {
    const path = write('bad-field.gz', [line(1, trade('10.001'))]);
    const err = await expectInputError(collect(await openBinance(path, { instrument: inst })));
    expect([err.file, err.line, err.field]).toEqual([path, 1, 'p']);
    const path2 = write('bad-type.gz', [line(1, { stream: 'btcusdt@trade', data: { s: 'BTCUSDT', p: '1', q: '1', T: 'x', m: true } })]);
    const err2 = await expectInputError(collect(await openBinance(path2, { instrument: inst })));
    expect([err2.line, err2.field]).toEqual([1, 'T']);
  });

  it('local time going backwards is an InputError unless allowUnordered', async () => {
    const path = write('unordered.gz', [line(2, trade('10.00')), line(1, trade('10.00'))]);
    const err = await expectInputError(collect(await openBinance(path, { instrument: inst })));
    expect([err.line, err.field]).toEqual([2, 'local_ts']);
    const md = await openBinance(path, { instrument: inst, allowUnordered: true });
    expect((await collect(md)).length).toBe(2);
    expect(md.warnings.some((w) => w.startsWith(`${path}:2:`))).toBe(true);
  });
});
