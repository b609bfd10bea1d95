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
        if (dot < 0) continue;
        // Decimals that matter: trailing zeros carry no precision.
        let end = t.length;
        while (end > dot + 1 && t.charCodeAt(end - 1) === 48) end--;
        if (end - dot - 1 > decimals) decimals = end - dot - 1;
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
      const cols = line.split(',');
      if (cols.length !== width) throw new InputError(path, lineNo, undefined, `expected ${width} fields, got ${cols.length}`);
      const date = cols[0];
      const ymd = parseDate(date);
      if (ymd === undefined) throw new InputError(path, lineNo, 'date', `"${date}" is not a date YYYY-MM-DD`);
      if (date <= lastDate) throw new InputError(path, lineNo, 'date', `${date} does not come after ${lastDate}`);
      lastDate = date;
      if (cols[1] === '' || cols[2] === '' || cols[3] === '' || cols[4] === '' || cols[5] === '') {
        const empty = HEADER.slice(1).filter((_, k) => cols[k + 1] === '');
        warn(`${path}:${lineNo}: ${date} skipped, empty ${empty.join(', ')}`);
        continue;
      }
      let open: number, high: number, low: number, close: number, volume: number;
      try {
        open = priceToTicks(instrument, cols[1], 'open');
        high = priceToTicks(instrument, cols[2], 'high');
        low = priceToTicks(instrument, cols[3], 'low');
        close = priceToTicks(instrument, cols[4], 'close');
        volume = qtyToLots(instrument, cols[5], 'volume');
      } catch (err) {
        if (err instanceof ValueError) throw new InputError(path, lineNo, err.field, err.message);
        throw err;
      }
      if (volume < 0) throw new InputError(path, lineNo, 'volume', `volume "${cols[5]}" is negative`);
      out.push({ date, ts: closeInstantNs(ymd[0], ymd[1], ymd[2]), open, high, low, close, volume, record: lineNo - 1 });
    }
    if (out.length > 0) yield out;
  }
  if (width < 0) checkHeader(path, undefined);
  onEnd(Math.max(0, lines - 1));
}

/** YYYY-MM-DD as [year, month, day], or undefined when it is not a real calendar date. */
function parseDate(text: string): [number, number, number] | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return [y, m, d];
}

/** The number written in text[start, end), or -1 when a character is not a digit. */
function digits(text: string, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
