import { basename } from 'node:path';
import { InputError } from '../../errors.js';
import { ValueError } from '../../engine/model/errors.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { type Instrument, makeInstrument, priceToTicks, qtyToLots } from '../../engine/model/instrument.js';
import { assertReadableFile, readLines } from '../lines.js';
import type { MarketData, ReadOptions } from '../market-data.js';
import { closeInstantNs } from './close-time.js';
import { findSector } from './sector.js';

/** One daily bar. Prices in ticks, volume in lots (shares: lot 1). */
export interface OhlcvBar {
  /** YYYY-MM-DD as in the file. */
  date: string;
  /** The close instant, 16:00 New York time, ns since the epoch. */
  ts: bigint;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Data row number: the first row after the header is 1. */
  record: number;
}

/** Daily bars as MarketData (one Trade a bar, at the close, qty = volume) plus the bars themselves. */
export interface OhlcvData extends MarketData {
  bars(): AsyncIterable<OhlcvBar[]>;
}

const HEADER = ['date', 'open', 'high', 'low', 'close', 'volume'];
const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/**
 * Opens a daily OHLCV CSV (`date,open,high,low,close,volume[,Name]`, plain or gzip).
 * The instrument, unless given: symbol from the Name column (else the file name before "_"),
 * venue "US", equity, USD, tick 0.01 or finer when prices carry more decimals, lot 1, and the
 * sector from a constituents list beside the data (see sector.ts).
 *
 * Rows with an empty open, high, low, close or volume are skipped with a warning (real files
 * have such days); a field that is present but malformed is an InputError. Dates must rise.
 */
export async function openOhlcv(path: string, opts: ReadOptions = {}): Promise<OhlcvData> {
  assertReadableFile(path);
  const warnings: string[] = [];
  const instrument = opts.instrument ?? (await inferInstrument(path, warnings));
  const data = {
    path,
    format: 'ohlcv',
    instrument,
    warnings,
    recordCount: undefined as number | undefined,
    locate: (record: number) => `${path}:${record + 1}`,
    bars: (): AsyncGenerator<OhlcvBar[]> =>
      readBars(path, instrument, warnings, (n) => {
        data.recordCount = n;
      }),
    events: () => barsToTrades(data.bars()),
  };
  return data;
}

/** The bars of a daily OHLCV file one at a time. */
export async function* readOhlcv(path: string, opts: ReadOptions = {}): AsyncGenerator<OhlcvBar> {
  const data = await openOhlcv(path, opts);
  for await (const batch of data.bars()) yield* batch;
}

async function* barsToTrades(bars: AsyncIterable<OhlcvBar[]>): AsyncGenerator<MarketEvent[]> {
  for await (const batch of bars) {
    yield batch.map((b) => ({
      kind: EventKind.Trade,
      side: Side.None,
      price: b.close,
      qty: b.volume,
      orderId: 0,
      tsExch: b.ts,
      tsLocal: b.ts,
      record: b.record,
    }));
  }
}

function checkHeader(path: string, line: string | undefined): number {
  const cols = (line ?? '').split(',').map((c) => c.trim().toLowerCase());
  if (!HEADER.every((name, i) => cols[i] === name)) {
    throw new InputError(path, 1, 'header', `expected a header starting "${HEADER.join(',')}", got "${(line ?? '').slice(0, 80)}"`);
  }
  return cols.length;
}

async function inferInstrument(path: string, warnings: string[]): Promise<Instrument> {
  let decimals = 2;
  let symbol: string | undefined;
  let nameCol = -1;
  let first = true;
  for await (const batch of readLines(path)) {
    let start = 0;
    if (first) {
      checkHeader(path, batch.lines[0]);
      nameCol = batch.lines[0].split(',').findIndex((c) => c.trim().toLowerCase() === 'name');
      first = false;
      start = 1;
    }
    for (let i = start; i < batch.lines.length; i++) {
      const cols = batch.lines[i].split(',');
      if (symbol === undefined && nameCol >= 0 && (cols[nameCol] ?? '') !== '') symbol = cols[nameCol].trim();
      for (let c = 1; c <= 4; c++) {
        const t = cols[c] ?? '';
        const dot = t.indexOf('.');
        if (dot >= 0) decimals = Math.max(decimals, t.replace(/0+$/, '').length - dot - 1);
      }
    }
  }
  if (first) checkHeader(path, undefined);
  symbol ??= basename(path).replace(/(_data)?\.csv(\.gz)?$/i, '').split('_')[0];
  const match = findSector(path, symbol);
  if (match === undefined) warnings.push(`${path}: no sector for ${symbol} in a constituents file beside the data`);
  try {
    return makeInstrument({
      symbol,
      venue: 'US',
      assetClass: 'equity',
      currency: 'USD',
      tickSize: decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`,
      lotSize: '1',
      ...(match !== undefined ? { sector: match.sector } : {}),
    });
  } catch (err) {
    if (err instanceof ValueError) throw new InputError(path, undefined, err.field, err.message, 'pass --instrument');
    throw err;
  }
}

async function* readBars(
  path: string,
  instrument: Instrument,
  warnings: string[],
  onEnd: (records: number) => void,
): AsyncGenerator<OhlcvBar[]> {
  let width = -1;
  let lines = 0;
  let lastDate = '';
  const warn = (note: string): void => {
    if (!warnings.includes(note)) warnings.push(note);
  };
  for await (const batch of readLines(path)) {
    let start = 0;
    if (width < 0) {
      width = checkHeader(path, batch.lines[0]);
      start = 1;
    }
    const out: OhlcvBar[] = [];
    lines = batch.firstLine + batch.lines.length - 1;
    for (let i = start; i < batch.lines.length; i++) {
      const line = batch.lines[i];
      if (line.length === 0) continue;
      const lineNo = batch.firstLine + i;
      const fail = (field: string | undefined, detail: string): InputError => new InputError(path, lineNo, field, detail);
      const cols = line.split(',');
      if (cols.length !== width) throw fail(undefined, `expected ${width} fields, got ${cols.length}`);
      const date = cols[0];
      const ymd = parseDate(date);
      if (ymd === undefined) throw fail('date', `"${date}" is not a date YYYY-MM-DD`);
      if (date <= lastDate) throw fail('date', `${date} does not come after ${lastDate}`);
      lastDate = date;
      const empty = HEADER.slice(1).filter((_, k) => cols[k + 1] === '');
      if (empty.length > 0) {
        warn(`${path}:${lineNo}: ${date} skipped, empty ${empty.join(', ')}`);
        continue;
      }
      const p: number[] = [];
      let volume: number;
      try {
        for (let k = 0; k < 4; k++) p.push(priceToTicks(instrument, cols[k + 1], PRICE_FIELDS[k]));
        volume = qtyToLots(instrument, cols[5], 'volume');
      } catch (err) {
        if (err instanceof ValueError) throw fail(err.field, err.message);
        throw err;
      }
      if (volume < 0) throw fail('volume', `volume "${cols[5]}" is negative`);
      out.push({ date, ts: closeInstantNs(ymd[0], ymd[1], ymd[2]), open: p[0], high: p[1], low: p[2], close: p[3], volume, record: lineNo - 1 });
    }
    if (out.length > 0) yield out;
  }
  if (width < 0) checkHeader(path, undefined);
  onEnd(Math.max(0, lines - 1));
}

function parseDate(text: string): [number, number, number] | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return [y, m, d];
}
