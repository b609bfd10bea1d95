import { basename } from 'node:path';
import { InputError } from '../../errors.js';
import { ValueError } from '../../engine/model/errors.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { type Instrument, makeInstrument, priceToTicks, qtyToLots } from '../../engine/model/instrument.js';
import { assertReadableFile } from '../lines.js';
import { ByteLines, lineBatches } from '../byte-lines.js';
import { stepsUntil, stoppedAt } from '../byte-fields.js';
import type { DecimalStep } from '../../engine/model/decimal-units.js';
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
  let kept: Buffer[] | undefined;
  let instrument = opts.instrument;
  if (instrument === undefined) ({ instrument, kept } = await inferInstrument(path, warnings));
  const inst = instrument;
  const pass = <T>(make: (rows: BarRows, record: number) => T): AsyncGenerator<T[]> => {
    // The text the inference kept serves the first pass; later passes read the file.
    const lines = kept !== undefined ? ByteLines.replay(kept, path) : ByteLines.open(path);
    kept = undefined;
    return readRows(lines, inst, warnings, make, (n) => {
      data.recordCount = n;
    });
  };
  const data = {
    path,
    format: 'ohlcv',
    instrument: inst,
    warnings,
    recordCount: undefined as number | undefined,
    locate: (record: number) => `${path}:${record + 1}`,
    bars: (): AsyncGenerator<OhlcvBar[]> => pass(toBar),
    events: (): AsyncGenerator<MarketEvent[]> => pass(toTrade),
  };
  return data;
}

/** The bars of a daily OHLCV file one at a time. */
export async function* readOhlcv(path: string, opts: ReadOptions = {}): AsyncGenerator<OhlcvBar> {
  const data = await openOhlcv(path, opts);
  for await (const batch of data.bars()) yield* batch;
}

/** The row BarRows has just read as a bar. */
function toBar(r: BarRows, record: number): OhlcvBar {
  const f = r.fields;
  return { date: r.date(), ts: r.ts, open: f[0], high: f[1], low: f[2], close: f[3], volume: f[4], record };
}

/** ... as its event: a Trade at the close, qty = volume (no bar, no date string). */
function toTrade(r: BarRows, record: number): MarketEvent {
  const ts = r.ts;
  return { kind: EventKind.Trade, side: Side.None, price: r.fields[3], qty: r.fields[4], orderId: 0, tsExch: ts, tsLocal: ts, record };
}

function checkHeader(path: string, line: string | undefined): number {
  const cols = (line ?? '').split(',').map((c) => c.trim().toLowerCase());
  if (!HEADER.every((name, i) => cols[i] === name)) {
    throw new InputError(path, 1, 'header', `expected a header starting "${HEADER.join(',')}", got "${(line ?? '').slice(0, 80)}"`);
  }
  return cols.length;
}

/** A daily file is small: the inference keeps its text (up to this) for the first pass. */
const KEEP_BYTES = 16 << 20;

async function inferInstrument(path: string, warnings: string[]): Promise<{ instrument: Instrument; kept: Buffer[] | undefined }> {
  let decimals = 2;
  let symbol: string | undefined;
  let nameCol = -1;
  let first = true;
  const lines = ByteLines.open(path, []);
  lines.keepLimit = KEEP_BYTES;
  try {
    for (;;) {
      if (!lines.nextSync()) {
        if (await lines.fill()) continue;
        break;
      }
      if (first) {
        const header = lines.text();
        checkHeader(path, header);
        nameCol = header.split(',').findIndex((c) => c.trim().toLowerCase() === 'name');
        first = false;
        continue;
      }
      const { buf, start, end } = lines;
      if (symbol === undefined && nameCol >= 0) {
        const name = lines.text().split(',')[nameCol] ?? '';
        if (name !== '') symbol = name.trim();
      }
      // Columns 1 to 4 (open, high, low, close): decimals that matter, trailing zeros aside.
      // The date (column 0) says nothing: only its end is looked for.
      let i = start;
      while (i < end && buf[i] !== 44 /* , */) i++;
      for (let col = 1; col <= 4 && i < end; col++) {
        i++;
        let dot = -1;
        for (; i < end; i++) {
          const c = buf[i];
          if (c === 44) break;
          if (c === 46 /* . */ && dot < 0) dot = i;
        }
        if (dot >= 0) {
          let e = i;
          while (e > dot + 1 && buf[e - 1] === 48) e--;
          if (e - dot - 1 > decimals) decimals = e - dot - 1;
        }
      }
    }
  } finally {
    await lines.close();
  }
  if (first) checkHeader(path, undefined);
  const kept = lines.keep;
  symbol ??= basename(path).replace(/(_data)?\.csv(\.gz)?$/i, '').split('_')[0];
  const match = findSector(path, symbol);
  if (match === undefined) warnings.push(`${path}: no sector for ${symbol} in a constituents file beside the data`);
  try {
    const instrument = makeInstrument({
      symbol,
      venue: 'US',
      assetClass: 'equity',
      currency: 'USD',
      tickSize: decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`,
      lotSize: '1',
      ...(match !== undefined ? { sector: match.sector } : {}),
    });
    return { instrument, kept };
  } catch (err) {
    if (err instanceof ValueError) throw new InputError(path, undefined, err.field, err.message, 'pass --instrument');
    throw err;
  }
}

async function* readRows<T>(
  lines: ByteLines,
  instrument: Instrument,
  warnings: string[],
  make: (rows: BarRows, record: number) => T,
  onEnd: (records: number) => void,
): AsyncGenerator<T[]> {
  const path = lines.file;
  const rows = new BarRows(path, instrument, warnings);
  try {
    if (!(await lines.next())) checkHeader(path, undefined);
    rows.width = checkHeader(path, lines.text());
    // The byte parser takes the plain rows; the string parser the others (empty fields are
    // skipped with a warning, malformed ones reported with file, line and field).
    yield* lineBatches<T>(lines, (l, out) => {
      if (rows.fromBytes(l.buf, l.start, l.end) || rows.fromText(l.text(), l.line)) out.push(make(rows, l.line - 1));
    });
    onEnd(Math.max(0, lines.line - 1));
  } finally {
    await lines.close();
  }
}

/**
 * Daily rows read from bytes (plain rows) or from text (any row). A row read leaves its
 * values in fields (open, high, low, close in ticks, volume in lots), ts and date().
 */
class BarRows {
  width = -1;
  readonly fields = new Float64Array(5);
  ts = 0n;
  /** The date of the row read as yyyymmdd, and as written when known. */
  private day = 0;
  private dateText = '';
  private buf: Buffer = Buffer.alloc(0);
  private dateAt = -1;
  private readonly tick: DecimalStep;
  private readonly lot: DecimalStep;

  constructor(
    private readonly path: string,
    private readonly instrument: Instrument,
    private readonly warnings: string[],
  ) {
    this.tick = instrument.tick;
    this.lot = instrument.lot;
  }

  /** The row's date as written (YYYY-MM-DD). */
  date(): string {
    if (this.dateAt >= 0) {
      this.dateText = this.buf.toString('latin1', this.dateAt, this.dateAt + 10);
      this.dateAt = -1;
    }
    return this.dateText;
  }

  /**
   * Reads a row of a valid date after the one before and five plain values; false for any
   * other row, having changed nothing. Splitting each decoded line into strings held the
   * reader to about 20 MB/s per CPU second on the S&P 500 files (2026-12-05).
   */
  fromBytes(b: Buffer, start: number, end: number): boolean {
    if (end - start < 11 || b[start + 4] !== 45 || b[start + 7] !== 45 || b[start + 10] !== 44) return false;
    const y = digitsAt(b, start, 4);
    const m = digitsAt(b, start + 5, 2);
    const d = digitsAt(b, start + 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
    const day = y * 10000 + m * 100 + d;
    if (day <= this.day) return false;
    // open, high, low, close, volume; then the rest of the row's width (Name, ...).
    let i = start + 11;
    let open = 0;
    let high = 0;
    let low = 0;
    let close = 0;
    let volume = 0;
    for (let k = 0; k < 5; k++) {
      // Each value read to its comma in one walk (an empty one is NaN); a price must end at a
      // comma, as the field after it may not be empty.
      const v = stepsUntil(b, i, end, k < 4 ? this.tick : this.lot, 44);
      if (Number.isNaN(v)) return false;
      const c = stoppedAt;
      if (k < 4 && c >= end) return false;
      if (k === 0) open = v;
      else if (k === 1) high = v;
      else if (k === 2) low = v;
      else if (k === 3) close = v;
      else volume = v;
      i = c + 1;
    }
    if (!(volume >= 0)) return false;
    // Five commas up to the volume, then those of the rest (none when the row ends there).
    let commas = 5;
    for (let c = i - 1; c < end; c++) if (b[c] === 44) commas++;
    if (commas + 1 !== this.width) return false;
    const f = this.fields;
    f[0] = open;
    f[1] = high;
    f[2] = low;
    f[3] = close;
    f[4] = volume;
    this.day = day;
    this.buf = b;
    this.dateAt = start;
    this.ts = closeInstantNs(y, m, d);
    return true;
  }

  /** Any row from its text: true once read, false for a row skipped with a warning; or an InputError. */
  fromText(line: string, lineNo: number): boolean {
    const { path, instrument } = this;
    const cols = line.split(',');
    if (cols.length !== this.width) throw new InputError(path, lineNo, undefined, `expected ${this.width} fields, got ${cols.length}`);
    const date = cols[0];
    const ymd = parseDate(date);
    if (ymd === undefined) throw new InputError(path, lineNo, 'date', `"${date}" is not a date YYYY-MM-DD`);
    const last = this.date();
    if (date <= last) throw new InputError(path, lineNo, 'date', `${date} does not come after ${last}`);
    this.dateText = date;
    this.day = ymd[0] * 10000 + ymd[1] * 100 + ymd[2];
    if (cols[1] === '' || cols[2] === '' || cols[3] === '' || cols[4] === '' || cols[5] === '') {
      const empty = HEADER.slice(1).filter((_, k) => cols[k + 1] === '');
      const note = `${path}:${lineNo}: ${date} skipped, empty ${empty.join(', ')}`;
      if (!this.warnings.includes(note)) this.warnings.push(note);
      return false;
    }
    const f = this.fields;
    try {
      f[0] = priceToTicks(instrument, cols[1], 'open');
      f[1] = priceToTicks(instrument, cols[2], 'high');
      f[2] = priceToTicks(instrument, cols[3], 'low');
      f[3] = priceToTicks(instrument, cols[4], 'close');
      f[4] = qtyToLots(instrument, cols[5], 'volume');
    } catch (err) {
      if (err instanceof ValueError) throw new InputError(path, lineNo, err.field, err.message);
      throw err;
    }
    if (f[4] < 0) throw new InputError(path, lineNo, 'volume', `volume "${cols[5]}" is negative`);
    this.ts = closeInstantNs(ymd[0], ymd[1], ymd[2]);
    return true;
  }
}

/** The number in the n ASCII digits at b[at], or -1. */
function digitsAt(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
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
