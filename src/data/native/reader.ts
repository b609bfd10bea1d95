import { InputError } from '../../errors.js';
import { ValueError } from '../../engine/model/errors.js';
import { EventKind, Side, kindFromName, sideFromName, type MarketEvent } from '../../engine/model/events.js';
import { type Instrument, priceToTicks, qtyToLots } from '../../engine/model/instrument.js';
import { assertReadableFile } from '../lines.js';
import { ByteLines, lineBatches } from '../byte-lines.js';
import { NativeByteParser } from './byte-parser.js';
import type { MarketData, ReadOptions } from '../market-data.js';
import { resolveInstrument } from '../instrument-file.js';
import { NATIVE_HEADER } from './format.js';
import { digitsToBigInt } from '../epoch-digits.js';

/**
 * Opens a native CSV file (plain or gzip). The instrument comes from opts.instrument, else from
 * `<file>.instrument.json`, else from `instrument.json` in the same folder.
 *
 * Event.record is the data row number: the first row after the header is record 1 (so record =
 * file line - 1). Blank lines are skipped but still counted.
 */
export async function openNative(path: string, opts: ReadOptions = {}): Promise<MarketData> {
  assertReadableFile(path);
  const instrument = resolveInstrument(path, opts.instrument);
  const warnings: string[] = [];
  const allowUnordered = opts.allowUnordered === true;
  const data = {
    path,
    format: 'native',
    instrument,
    warnings,
    recordCount: undefined as number | undefined,
    locate: (record: number) => `${path}:${record + 1}`,
    events: () =>
      readNativeEvents(path, instrument, allowUnordered, warnings, (n) => {
        data.recordCount = n;
      }),
  };
  return data;
}

async function* readNativeEvents(
  path: string,
  instrument: Instrument,
  allowUnordered: boolean,
  warnings: string[],
  onEnd: (records: number) => void,
): AsyncGenerator<MarketEvent[]> {
  const parser = new NativeRowParser(path, instrument, allowUnordered);
  const fast = new NativeByteParser(instrument, parser);
  const lines = ByteLines.open(path);
  try {
    if (!(await lines.next())) checkHeader(path, undefined);
    checkHeader(path, lines.text());
    // The byte parser takes the plain rows; any other goes to the string parser, which
    // accepts it or names what is wrong.
    yield* lineBatches<MarketEvent>(lines, (l, out) => {
      out.push(fast.parse(l.buf, l.start, l.end, l.line) ?? parser.parse(l.text(), l.line));
    });
    onEnd(Math.max(0, lines.line - 1));
  } finally {
    await lines.close();
  }
  if (parser.unordered > 0) {
    const note = `${path}: ${parser.unordered} rows arrived (ts_local) earlier than the row before (first at line ${parser.firstUnorderedLine}); kept in file order`;
    if (!warnings.includes(note)) warnings.push(note);
  }
}

function checkHeader(path: string, first: string | undefined): void {
  const line = first?.charCodeAt(0) === 0xfeff ? first.slice(1) : first;
  if (line === NATIVE_HEADER) return;
  throw new InputError(
    path,
    1,
    'header',
    line === undefined || line.length === 0
      ? 'the file is empty: a native file starts with a header line'
      : `expected the header "${NATIVE_HEADER}", got "${line.slice(0, 80)}"`,
    'native CSV files start with the header line; see docs/data-formats.md',
  );
}

const L3_FIRST = EventKind.Add;
const L3_LAST = EventKind.Execute;

/** Parses data rows one at a time, remembering the previous timestamp for the order check. */
export class NativeRowParser {
  /** The receive time of the row before, for the order check (shared with NativeByteParser). */
  lastTs = -1n;
  // Consecutive rows often share a timestamp; reusing the parsed value skips a BigInt parse.
  private readonly lastTsText = ['\u0000', '\u0000'];
  private readonly lastTsValue = [0n, 0n];
  unordered = 0;
  firstUnorderedLine = 0;

  constructor(
    private readonly path: string,
    private readonly instrument: Instrument,
    private readonly allowUnordered: boolean,
  ) {}

  parse(line: string, lineNo: number): MarketEvent {
    // Hand split: indexOf is several times faster than split() and allocates no array.
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    const c3 = line.indexOf(',', c2 + 1);
    const c4 = line.indexOf(',', c3 + 1);
    const c5 = line.indexOf(',', c4 + 1);
    const c6 = line.indexOf(',', c5 + 1);
    if (c1 < 0 || c2 < 0 || c3 < 0 || c4 < 0 || c5 < 0 || c6 < 0 || line.indexOf(',', c6 + 1) >= 0) {
      const n = line.split(',').length;
      throw this.fail(lineNo, undefined, `expected 7 comma-separated fields, got ${n}`);
    }
    const kindText = line.slice(c2 + 1, c3);
    const kind = kindFromName(kindText);
    if (kind === undefined) {
      throw this.fail(lineNo, 'kind', `unknown kind "${kindText}" (expected clear, level, add, cancel, delete, execute or trade)`);
    }
    const tsExch = this.parseTs(line.slice(0, c1), lineNo, 'ts_exch');
    const tsLocalText = line.slice(c1 + 1, c2);
    const tsLocal = tsLocalText.length === 0 ? tsExch : this.parseTs(tsLocalText, lineNo, 'ts_local');
    const sideText = line.slice(c3 + 1, c4);
    const priceText = line.slice(c4 + 1, c5);
    const qtyText = line.slice(c5 + 1, c6);
    const idText = line.slice(c6 + 1);
    const record = lineNo - 1;

    // Rows are in arrival order, so the order check is on the receive clock (ts_local, which
    // defaults to ts_exch): venues such as Binance stamp trades and book diffs with exchange
    // times that interleave out of order while arriving in order.
    if (tsLocal < this.lastTs) {
      const field = tsLocalText.length === 0 ? 'ts_exch' : 'ts_local';
      if (!this.allowUnordered) {
        throw this.fail(lineNo, field, `${tsLocal} is earlier than the row before (${this.lastTs})`, 'sort the file by arrival time, or pass --allow-unordered');
      }
      if (this.unordered++ === 0) this.firstUnorderedLine = lineNo;
    } else {
      this.lastTs = tsLocal;
    }

    if (kind === EventKind.Clear) {
      if (sideText !== '') throw this.fail(lineNo, 'side', 'a clear row has no side');
      if (priceText !== '') throw this.fail(lineNo, 'price', 'a clear row has no price');
      if (qtyText !== '') throw this.fail(lineNo, 'qty', 'a clear row has no qty');
      if (idText !== '') throw this.fail(lineNo, 'order_id', 'a clear row has no order_id');
      return { kind, side: Side.None, price: 0, qty: 0, orderId: 0, tsExch, tsLocal, record };
    }

    const side = sideFromName(kind, sideText);
    if (side === undefined || (side === Side.None && kind !== EventKind.Trade)) {
      const expected = kind === EventKind.Trade ? 'buy, sell or empty' : 'bid or ask';
      throw this.fail(lineNo, 'side', `side "${sideText}" is not valid for a ${kindText} row (expected ${expected})`);
    }
    if (priceText === '') throw this.fail(lineNo, 'price', `a ${kindText} row needs a price`);
    if (qtyText === '') throw this.fail(lineNo, 'qty', `a ${kindText} row needs a qty`);
    let price: number;
    let qty: number;
    try {
      price = priceToTicks(this.instrument, priceText, 'price');
      qty = qtyToLots(this.instrument, qtyText, 'qty');
    } catch (err) {
      if (err instanceof ValueError) throw this.fail(lineNo, err.field, err.message);
      throw err;
    }
    if (qty < 0) throw this.fail(lineNo, 'qty', `qty "${qtyText}" is negative`);

    let orderId = 0;
    if (idText !== '') orderId = this.parseOrderId(idText, lineNo);
    else if (kind >= L3_FIRST && kind <= L3_LAST) throw this.fail(lineNo, 'order_id', `a ${kindText} row needs an order_id`);
    return { kind, side, price, qty, orderId, tsExch, tsLocal, record };
  }

  private parseTs(text: string, lineNo: number, field: string): bigint {
    // One remembered value per column: ts_exch repeats across the rows of one message, and
    // ts_local alternating with it must not push it out.
    const slot = field === 'ts_exch' ? 0 : 1;
    if (text === this.lastTsText[slot]) return this.lastTsValue[slot];
    const value = digitsToBigInt(text, 0, text.length);
    if (value === undefined) {
      throw this.fail(lineNo, field, `"${text}" is not an integer count of nanoseconds since the epoch`);
    }
    this.lastTsText[slot] = text;
    this.lastTsValue[slot] = value;
    return value;
  }

  private parseOrderId(text: string, lineNo: number): number {
    const n = isDigits(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n)) {
      throw this.fail(lineNo, 'order_id', `order_id "${text}" is not a non-negative integer below 2^53`);
    }
    return n;
  }

  private fail(lineNo: number, field: string | undefined, detail: string, hint?: string): InputError {
    return new InputError(this.path, lineNo, field, detail, hint);
  }
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
