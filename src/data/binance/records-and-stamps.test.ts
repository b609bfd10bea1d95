import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { binanceRoot, collect, rawLines } from '../../../test/support/binance-recordings.js';
import { EventKind, Side } from '../../engine/model/events.js';
import { priceToTicks, qtyToLots } from '../../engine/model/instrument.js';
import { openBinance, type BookTicker } from './index.js';

describe('Binance timestamps and records', () => {
  it('reads microsecond local stamps (2023 files) and nanosecond ones (2024) as ns', async () => {
    for (const file of ['usdm_2023-04/btcusdt_20230404.dat.gz', 'usdm/btcusdt_20240808.gz']) {
      const path = join(binanceRoot, file);
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
    const path = join(binanceRoot, 'usdm/btcusdt_20240808.gz');
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
    const paths = ['spot/btcusdt_20240808.gz', 'spot/btcusdt_20240809.gz'].map((f) => join(binanceRoot, f));
    const firstFileLines = rawLines(paths[0]).length;
    const tickers: BookTicker[] = [];
    const md = await openBinance(paths, { onBookTicker: (t) => tickers.push(t) });
    const events = await collect(md);
    const second = tickers.find((t) => t.file === paths[1])!;
    expect(second.record).toBe(firstFileLines + second.line);
    expect(events.at(-1)!.record).toBeGreaterThan(firstFileLines);
  });
});
