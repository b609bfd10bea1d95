import { InputError } from '../../errors.js';
import { ValueError } from '../../engine/model/errors.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import { type Instrument, priceToTicks, qtyToLots } from '../../engine/model/instrument.js';
import { assertReadableFile, readLines } from '../lines.js';
import type { MarketData, ReadOptions } from '../market-data.js';
import { SyncLog } from '../sync-log.js';
import { digitsToBigInt } from '../epoch-digits.js';
import { inferTardisInstrument } from './infer.js';
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
  if (instrument === undefined) {
    instrument = await inferTardisInstrument(path);
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
    events: () =>
      readTardisEvents(path, inst, allowUnordered, warnings, sync, (n) => {
        data.recordCount = n;
      }),
  };
  return data;
}

async function* readTardisEvents(
  path: string,
  instrument: Instrument,
  allowUnordered: boolean,
  warnings: string[],
  sync: SyncLog,
  onEnd: (records: number) => void,
): AsyncGenerator<MarketEvent[]> {
  let parser: TardisRowParser | undefined;
  let lines = 0;
  sync.reset();
  for await (const batch of readLines(path)) {
    let start = 0;
    if (parser === undefined) {
      parser = new TardisRowParser(path, tardisLayout(path, batch.lines[0]), instrument, allowUnordered, sync);
      start = 1;
    }
    lines = batch.firstLine + batch.lines.length - 1;
    const out: MarketEvent[] = [];
    for (let i = start; i < batch.lines.length; i++) {
      const line = batch.lines[i];
      if (line.length > 0) parser.parse(line, batch.firstLine + i, out);
    }
    if (out.length > 0) yield out;
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
  onEnd(Math.max(0, lines - 1));
}

class TardisRowParser {
  private inSnapshot = false;
  /** The timestamps of the row before, as text: a snapshot row with others starts a new snapshot. */
  private prevTsText = '\u0000';
  private prevLocalText = '\u0000';
  sawSnapshot = false;
  /** Incremental rows read before the first snapshot (not applied). */
  beforeSnapshot = 0;
  private lastTs = -1n;
  // The row being read: its timestamps and record, stamped on every event it makes.
  private tsExch = 0n;
  private tsLocal = 0n;
  private record = 0;
  private symbol: string | undefined;
  unordered = 0;
  firstUnorderedLine = 0;

  constructor(
    private readonly path: string,
    private readonly layout: TardisLayout,
    private readonly instrument: Instrument,
    private readonly allowUnordered: boolean,
    private readonly sync: SyncLog,
  ) {
    if (layout.kind === 'incremental_book_L2') sync.lose(1, 'no snapshot before it (incremental rows before the first snapshot are not applied)');
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
    // Rows of one message share their timestamps: the parsed values of the row before are reused.
    const newMessage = cols[2] !== this.prevTsText || cols[3] !== this.prevLocalText;
    if (newMessage) {
      const tsExchNew = this.micros(cols[2], lineNo, 'timestamp');
      this.tsLocal = cols[3] === '' ? tsExchNew : this.micros(cols[3], lineNo, 'local_timestamp');
      this.tsExch = tsExchNew;
      this.prevTsText = cols[2];
      this.prevLocalText = cols[3];
    }
    const tsExch = this.tsExch;
    if (tsExch < this.lastTs) {
      if (!this.allowUnordered) {
        throw this.fail(lineNo, 'timestamp', `${cols[2]} is earlier than the row before`, 'pass --allow-unordered to keep file order');
      }
      if (this.unordered++ === 0) this.firstUnorderedLine = lineNo;
    } else {
      this.lastTs = tsExch;
    }
    const record = lineNo - 1;
    this.record = record;
    const ev = this.ev;

    switch (layout.kind) {
      case 'incremental_book_L2': {
        const snap = cols[4];
        if (snap !== 'true' && snap !== 'false') throw this.fail(lineNo, 'is_snapshot', `"${snap}" is not true or false`);
        const side = cols[5] === 'bid' ? Side.Bid : cols[5] === 'ask' ? Side.Ask : undefined;
        if (side === undefined) throw this.fail(lineNo, 'side', `"${cols[5]}" is not bid or ask`);
        const price = this.price(cols[6], lineNo, 'price');
        const qty = this.amount(cols[7], lineNo, 'amount');
        const isSnap = snap === 'true';
        if (isSnap && (!this.inSnapshot || newMessage)) {
          out.push(ev(EventKind.Clear, Side.None, 0, 0));
          if (!this.sawSnapshot) this.sync.regain(record);
          this.sawSnapshot = true;
        }
        this.inSnapshot = isSnap;
        if (!this.sawSnapshot) {
          this.beforeSnapshot++;
          return;
        }
        out.push(ev(EventKind.Level, side, price, qty));
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

  /** An event of the row being read (a bound method: no closure per row). */
  private readonly ev = (kind: EventKind, side: Side, price: number, qty: number): MarketEvent => ({
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
