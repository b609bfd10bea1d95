import { InputError } from '../../errors.js';
import { ValueError } from '../../engine/model/errors.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { type Instrument, priceToTicks, qtyToLots } from '../../engine/model/instrument.js';
import { assertReadableFile } from '../lines.js';
import { ByteLines, lineBatches } from '../byte-lines.js';
import { TardisByteParser } from './byte-parser.js';
import type { MarketData, ReadOptions } from '../market-data.js';
import { SyncLog } from '../sync-log.js';
import { fileLines } from '../file-chunks.js';
import { digitsToBigInt } from '../epoch-digits.js';
import { surveyTardis } from './infer.js';
import { type TardisLayout, tardisLayout } from './layout.js';

/**
 * Opens a Tardis.dev CSV file (plain or gzip): incremental_book_L2, trades, book_snapshot_N or
 * quotes. Timestamps are microseconds in the file and nanoseconds in events. Event.record is the
 * data row number (first row after the header = 1); events made from one row share its record.
 *
 * - incremental_book_L2: a run of is_snapshot=true rows sharing one timestamp is a snapshot, so
 *   the first of them emits a Clear before its level. A snapshot row after incremental rows, or
 *   with a new timestamp (venues that send every message as a full book), starts a new one.
 *   Incremental rows before the first snapshot are not applied: they update a book nobody has
 *   seen, so the book stays empty and unsynchronised until the snapshot, and a warning counts them.
 * - book_snapshot_N and quotes: every row is a whole (partial-depth) book: Clear, then its levels.
 * - trades: side buy/sell is the taker; anything else (Tardis writes "unknown") has no side.
 *   The trade id is a string in Tardis, so orderId is 0.
 */
export async function openTardis(path: string, opts: ReadOptions = {}): Promise<MarketData> {
  assertReadableFile(path);
  const warnings: string[] = [];
  let instrument = opts.instrument;
  // The text the inference read serves the first pass (a file up to KEEP_BYTES); later passes
  // read the file.
  let kept: Buffer[] | undefined;
  if (instrument === undefined) {
    ({ instrument, kept } = await surveyTardis(path, KEEP_BYTES));
    warnings.push(
      `${path}: instrument inferred from the data (${instrument.symbol} on ${instrument.venue}, tick ${instrument.tickSize}, lot ${instrument.lotSize}, ${instrument.currency}); pass --instrument to set it`,
    );
  }
  const inst = instrument;
  const allowUnordered = opts.allowUnordered === true;
  const sync = new SyncLog();
  const data = {
    path,
    format: 'tardis',
    instrument: inst,
    warnings,
    recordCount: undefined as number | undefined,
    locate: (record: number) => `${path}:${record + 1}`,
    unsyncedAt: (record: number) => sync.at(record),
    events: () => {
      const text = kept;
      kept = undefined;
      const lines = () => (text !== undefined ? ByteLines.replay(text, path) : fileLines(path).lines);
      return readTardisEvents(path, lines, inst, allowUnordered, warnings, sync, (n) => {
        data.recordCount = n;
      });
    },
  };
  return data;
}

/** The inference keeps the text of a file up to this size for the first events pass. */
const KEEP_BYTES = 16 << 20;

async function* readTardisEvents(
  path: string,
  open: () => ByteLines,
  instrument: Instrument,
  allowUnordered: boolean,
  warnings: string[],
  sync: SyncLog,
  onEnd: (records: number) => void,
): AsyncGenerator<MarketEvent[]> {
  let parser: TardisRowParser | undefined;
  sync.reset();
  const lines = open();
  try {
    if (await lines.next()) {
      const rows = new TardisRowParser(path, tardisLayout(path, lines.text()), instrument, allowUnordered, sync);
      parser = rows;
      const kind = rows.layout.kind;
      const fast = kind === 'incremental_book_L2' || kind === 'trades' ? new TardisByteParser(rows, instrument) : undefined;
      // The byte parser takes the plain rows of the two common layouts; any other row goes to
      // the string parser, which accepts it or names what is wrong.
      yield* lineBatches<MarketEvent>(lines, (l, out) => {
        if (fast === undefined || !fast.parse(l.buf, l.start, l.end, l.line, out)) rows.parse(l.text(), l.line, out);
      });
    }
  } finally {
    await lines.close();
  }
  if (parser === undefined) tardisLayout(path, undefined);
  else {
    if (parser.unordered > 0) {
      const note = `${path}: ${parser.unordered} rows have a timestamp earlier than the row before (first at line ${parser.firstUnorderedLine}); kept in file order`;
      if (!warnings.includes(note)) warnings.push(note);
    }
    const before = parser.beforeSnapshot;
    if (before > 0) {
      const where = parser.sawSnapshot ? `before the first snapshot (lines 2-${before + 1})` : 'and no snapshot in the file';
      const note = `${path}: ${before} incremental rows ${where} were not applied: the book is unknown until a snapshot`;
      if (!warnings.includes(note)) warnings.push(note);
    }
  }
  onEnd(Math.max(0, lines.line - 1));
}

/**
 * The careful parser: any row, from its text. It and TardisByteParser share this state, so a
 * pass may hand any row to either.
 */
export class TardisRowParser {
  inSnapshot = false;
  /**
   * The timestamps of the row before, and their digit counts (local: 0 when empty): a row with
   * other digits starts a new message, and a snapshot row that does so starts a new snapshot.
   */
  exchDigits = -1;
  localDigits = -1;
  localValue = 0n;
  sawSnapshot = false;
  /** Incremental rows read before the first snapshot (not applied). */
  beforeSnapshot = 0;
  lastTs = -1n;
  // The row being read: its timestamps and record, stamped on every event it makes.
  tsExch = 0n;
  tsLocal = 0n;
  record = 0;
  symbol: string | undefined;
  unordered = 0;
  firstUnorderedLine = 0;

  constructor(
    private readonly path: string,
    readonly layout: TardisLayout,
    private readonly instrument: Instrument,
    private readonly allowUnordered: boolean,
    readonly sync: SyncLog,
  ) {
    if (layout.kind === 'incremental_book_L2') sync.lose(1, 'no snapshot before it (incremental rows before the first snapshot are not applied)');
  }

  /** True when these timestamps differ from the row before's (same digits: same message). */
  isNewMessage(exch: bigint, exchDigits: number, local: bigint, localDigits: number): boolean {
    return exch !== this.tsExch || exchDigits !== this.exchDigits || localDigits !== this.localDigits || (localDigits > 0 && local !== this.localValue);
  }

  /** Takes the row's timestamps (local: the value as written, localDigits 0 when empty). */
  stamp(exch: bigint, exchDigits: number, local: bigint, localDigits: number, record: number): void {
    this.tsExch = exch;
    this.exchDigits = exchDigits;
    this.localValue = local;
    this.localDigits = localDigits;
    this.tsLocal = localDigits === 0 ? exch : local;
    this.record = record;
  }

  parse(line: string, lineNo: number, out: MarketEvent[]): void {
    const cols = line.split(',');
    const { layout } = this;
    if (cols.length !== layout.header.length) {
      throw this.fail(lineNo, undefined, `expected ${layout.header.length} fields, got ${cols.length}`);
    }
    if (this.symbol === undefined) this.symbol = cols[1];
    else if (cols[1] !== this.symbol) {
      throw this.fail(lineNo, 'symbol', `"${cols[1]}" differs from "${this.symbol}" on the first row: one instrument a file`);
    }
    const exch = this.micros(cols[2], lineNo, 'timestamp');
    const local = cols[3] === '' ? 0n : this.micros(cols[3], lineNo, 'local_timestamp');
    const newMessage = this.isNewMessage(exch, cols[2].length, local, cols[3].length);
    if (exch < this.lastTs) {
      if (!this.allowUnordered) {
        throw this.fail(lineNo, 'timestamp', `${cols[2]} is earlier than the row before`, 'pass --allow-unordered to keep file order');
      }
      if (this.unordered++ === 0) this.firstUnorderedLine = lineNo;
    } else {
      this.lastTs = exch;
    }
    const record = lineNo - 1;
    this.stamp(exch, cols[2].length, local, cols[3].length, record);
    const ev = this.ev;

    switch (layout.kind) {
      case 'incremental_book_L2': {
        const snap = cols[4];
        if (snap !== 'true' && snap !== 'false') throw this.fail(lineNo, 'is_snapshot', `"${snap}" is not true or false`);
        const side = cols[5] === 'bid' ? Side.Bid : cols[5] === 'ask' ? Side.Ask : undefined;
        if (side === undefined) throw this.fail(lineNo, 'side', `"${cols[5]}" is not bid or ask`);
        const price = this.price(cols[6], lineNo, 'price');
        const qty = this.amount(cols[7], lineNo, 'amount');
        this.bookRow(snap === 'true', newMessage, side, price, qty, out);
        return;
      }
      case 'trades': {
        const side = cols[5] === 'buy' ? Side.Bid : cols[5] === 'sell' ? Side.Ask : Side.None;
        out.push(ev(EventKind.Trade, side, this.price(cols[6], lineNo, 'price'), this.amount(cols[7], lineNo, 'amount')));
        return;
      }
      case 'quotes': {
        const levels: MarketEvent[] = [];
        this.level(cols, 6, 7, Side.Bid, lineNo, levels, ev);
        this.level(cols, 5, 4, Side.Ask, lineNo, levels, ev);
        out.push(ev(EventKind.Clear, Side.None, 0, 0), ...levels);
        return;
      }
      case 'book_snapshot': {
        const asks: MarketEvent[] = [];
        const bids: MarketEvent[] = [];
        for (let i = 0; i < layout.depth; i++) {
          const at = 4 + 4 * i;
          this.level(cols, at, at + 1, Side.Ask, lineNo, asks, ev);
          this.level(cols, at + 2, at + 3, Side.Bid, lineNo, bids, ev);
        }
        out.push(ev(EventKind.Clear, Side.None, 0, 0), ...bids, ...asks);
        return;
      }
    }
  }

  /** An incremental_book_L2 row once read (record and timestamps stamped). */
  bookRow(isSnap: boolean, newMessage: boolean, side: Side, price: number, qty: number, out: MarketEvent[]): void {
    const ev = this.ev;
    if (isSnap && (!this.inSnapshot || newMessage)) {
      out.push(ev(EventKind.Clear, Side.None, 0, 0));
      if (!this.sawSnapshot) this.sync.regain(this.record);
      this.sawSnapshot = true;
    }
    this.inSnapshot = isSnap;
    if (!this.sawSnapshot) {
      this.beforeSnapshot++;
      return;
    }
    out.push(ev(EventKind.Level, side, price, qty));
  }

  /** An event of the row being read (a bound method: no closure per row). */
  readonly ev = (kind: EventKind, side: Side, price: number, qty: number): MarketEvent => ({
    kind, side, price, qty, orderId: 0, tsExch: this.tsExch, tsLocal: this.tsLocal, record: this.record,
  });

  /** A level from a price and amount column; empty or zero-size levels are absent. */
  private level(
    cols: string[],
    priceCol: number,
    amountCol: number,
    side: Side,
    lineNo: number,
    out: MarketEvent[],
    ev: (kind: EventKind, side: Side, price: number, qty: number) => MarketEvent,
  ): void {
    if (cols[priceCol] === '' && cols[amountCol] === '') return;
    const price = this.price(cols[priceCol], lineNo, this.layout.header[priceCol]);
    const qty = this.amount(cols[amountCol], lineNo, this.layout.header[amountCol]);
    if (qty > 0) out.push(ev(EventKind.Level, side, price, qty));
  }

  private micros(text: string, lineNo: number, field: string): bigint {
    const ns = text.length <= 16 ? digitsToBigInt(text, 0, text.length, 3) : undefined;
    if (ns === undefined) {
      const digits = /^\d+$/.test(text);
      const hint = digits && text.length >= 17
        ? `${text.length} digits looks like nanoseconds; Tardis files count microseconds (16 digits today): divide by 1000, or write the native format, which takes nanoseconds`
        : 'Tardis timestamps are whole microseconds since the Unix epoch, such as 1585699200245000';
      throw this.fail(lineNo, field, `"${text}" is not an integer count of microseconds since the epoch`, hint);
    }
    return ns;
  }

  private price(text: string, lineNo: number, field: string): number {
    try {
      return priceToTicks(this.instrument, text, field);
    } catch (err) {
      if (err instanceof ValueError) throw this.fail(lineNo, field, err.message);
      throw err;
    }
  }

  private amount(text: string, lineNo: number, field: string): number {
    let qty: number;
    try {
      qty = qtyToLots(this.instrument, text, field);
    } catch (err) {
      if (err instanceof ValueError) throw this.fail(lineNo, field, err.message);
      throw err;
    }
    if (qty < 0) throw this.fail(lineNo, field, `"${text}" is negative`);
    return qty;
  }

  private fail(lineNo: number, field: string | undefined, detail: string, hint?: string): InputError {
    return new InputError(this.path, lineNo, field, detail, hint);
  }
}
