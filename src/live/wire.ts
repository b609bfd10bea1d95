import { EventKind, Side, type MarketEvent } from '../engine/model/events.js';
import { makeInstrument, type Instrument, type InstrumentSpec } from '../engine/model/instrument.js';
import { InputError } from '../errors.js';

/**
 * How market data travels on a feed topic (Kafka or the in-process bus). One record carries a
 * batch of consecutive events of one instrument; its key is the instrument's symbol, so one
 * instrument stays in one partition, in order. Documented in docs/live.md.
 *
 * Headers (UTF-8 text):
 *   vtrade.encoding    "events-bin-v1", "events-json-v1", or "end" (the publisher is done)
 *   vtrade.instrument  the instrument as JSON (InstrumentSpec): the consumer needs no file
 *   vtrade.sent        producer wall clock at send, microseconds since the Unix epoch
 *
 * events-bin-v1 value, little-endian: "VTE1", u32 count, then count rows of 48 bytes:
 *   tsExch i64, tsLocal i64, price f64 (ticks), qty f64 (lots), orderId f64, record u32,
 *   kind u8, side u8, 2 zero bytes.
 * events-json-v1 value: {"events":[[kind,side,price,qty,orderId,"tsExch","tsLocal",record],...]}
 * (timestamps as decimal text: they exceed 2^53).
 */
export const ENCODING_HEADER = 'vtrade.encoding';
export const INSTRUMENT_HEADER = 'vtrade.instrument';
export const SENT_HEADER = 'vtrade.sent';

export type Encoding = 'binary' | 'json';
const ENCODING_NAMES: Record<Encoding, string> = { binary: 'events-bin-v1', json: 'events-json-v1' };
export const END_ENCODING = 'end';

const MAGIC = 0x31455456; // "VTE1" read as a little-endian u32
const ROW = 48;
const HEAD = 8;

/** A feed record as both transports carry it. */
export interface FeedRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** Where a record sits in a Kafka topic: a resumed live run starts again there. */
export interface FeedPosition {
  partition: number;
  offset: string;
}

/** What a consumer makes of one record. */
export type FeedMessage =
  | { type: 'events'; instrument: Instrument; events: MarketEvent[]; sentMicros?: number; bytes: number; at?: FeedPosition }
  | { type: 'end'; instrument: Instrument; sentMicros?: number; at?: FeedPosition };

export function encodeEvents(events: readonly MarketEvent[], encoding: Encoding): Buffer {
  if (encoding === 'json') {
    const rows = events.map((e) => [e.kind, e.side, e.price, e.qty, e.orderId, e.tsExch.toString(), e.tsLocal.toString(), e.record]);
    return Buffer.from(JSON.stringify({ events: rows }));
  }
  const buf = Buffer.alloc(HEAD + ROW * events.length);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(events.length, 4);
  let o = HEAD;
  for (const e of events) {
    buf.writeBigInt64LE(e.tsExch, o);
    buf.writeBigInt64LE(e.tsLocal, o + 8);
    buf.writeDoubleLE(e.price, o + 16);
    buf.writeDoubleLE(e.qty, o + 24);
    buf.writeDoubleLE(e.orderId, o + 32);
    buf.writeUInt32LE(e.record, o + 40);
    buf.writeUInt8(e.kind, o + 44);
    buf.writeUInt8(e.side, o + 45);
    o += ROW;
  }
  return buf;
}

/** A record of events for one instrument, stamped with the send time. */
export function eventsRecord(instrument: InstrumentSpec, events: readonly MarketEvent[], encoding: Encoding, nowMicros: number): FeedRecord {
  return {
    key: instrument.symbol,
    value: encodeEvents(events, encoding),
    headers: { [ENCODING_HEADER]: ENCODING_NAMES[encoding], [INSTRUMENT_HEADER]: JSON.stringify(instrument), [SENT_HEADER]: String(Math.round(nowMicros)) },
  };
}

/** The publisher's last record for an instrument: the recording is over. */
export function endRecord(instrument: InstrumentSpec, nowMicros: number): FeedRecord {
  return {
    key: instrument.symbol,
    value: Buffer.alloc(0),
    headers: { [ENCODING_HEADER]: END_ENCODING, [INSTRUMENT_HEADER]: JSON.stringify(instrument), [SENT_HEADER]: String(Math.round(nowMicros)) },
  };
}

/**
 * Decodes a record. `where` names it in errors (topic, partition) and `offset` stands for the
 * line: a bad record is bad input, reported like a bad line in a file.
 */
export function decodeRecord(headers: Record<string, string | undefined>, value: Buffer | null, where: string, offset: number | string): FeedMessage {
  const line = Number(offset);
  const bad = (field: string, detail: string) => new InputError(where, line, field, detail, 'publish the feed with vtrade feed publish');
  const encoding = headers[ENCODING_HEADER];
  const instText = headers[INSTRUMENT_HEADER];
  if (instText === undefined) throw bad(INSTRUMENT_HEADER, 'the record has no instrument header');
  let instrument: Instrument;
  try {
    instrument = makeInstrument(JSON.parse(instText) as InstrumentSpec);
  } catch (err) {
    throw bad(INSTRUMENT_HEADER, `not an instrument: ${(err as Error).message}`);
  }
  const sent = headers[SENT_HEADER];
  const sentMicros = sent !== undefined && /^\d+$/.test(sent) ? Number(sent) : undefined;
  if (encoding === END_ENCODING) return { type: 'end', instrument, sentMicros };
  const bytes = value ?? Buffer.alloc(0);
  if (encoding === ENCODING_NAMES.binary) return { type: 'events', instrument, events: decodeBinary(bytes, bad), sentMicros, bytes: bytes.length };
  if (encoding === ENCODING_NAMES.json) return { type: 'events', instrument, events: decodeJson(bytes, bad), sentMicros, bytes: bytes.length };
  throw bad(ENCODING_HEADER, `unknown encoding "${encoding ?? ''}" (expected ${Object.values(ENCODING_NAMES).join(', ')} or end)`);
}

type Bad = (field: string, detail: string) => InputError;

function decodeBinary(buf: Buffer, bad: Bad): MarketEvent[] {
  if (buf.length < HEAD || buf.readUInt32LE(0) !== MAGIC) throw bad('value', 'not an events-bin-v1 batch (no VTE1 magic)');
  const n = buf.readUInt32LE(4);
  if (buf.length !== HEAD + n * ROW) throw bad('value', `${n} events need ${HEAD + n * ROW} bytes, the record has ${buf.length}`);
  const out: MarketEvent[] = new Array<MarketEvent>(n);
  let o = HEAD;
  for (let i = 0; i < n; i++) {
    const kind = buf.readUInt8(o + 44);
    const side = buf.readUInt8(o + 45);
    if (kind > EventKind.Trade) throw bad(`events[${i}].kind`, `unknown event kind ${kind}`);
    if (side > Side.Ask) throw bad(`events[${i}].side`, `unknown side ${side}`);
    out[i] = {
      kind: kind as EventKind,
      side: side as Side,
      price: buf.readDoubleLE(o + 16),
      qty: buf.readDoubleLE(o + 24),
      orderId: buf.readDoubleLE(o + 32),
      tsExch: buf.readBigInt64LE(o),
      tsLocal: buf.readBigInt64LE(o + 8),
      record: buf.readUInt32LE(o + 40),
    };
    o += ROW;
  }
  return out;
}

function decodeJson(buf: Buffer, bad: Bad): MarketEvent[] {
  let doc: unknown;
  try {
    doc = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw bad('value', `not JSON: ${(err as Error).message}`);
  }
  const rows = (doc as { events?: unknown })?.events;
  if (!Array.isArray(rows)) throw bad('events', 'expected {"events": [...]}');
  return rows.map((r: unknown, i) => {
    if (!Array.isArray(r) || r.length !== 8) throw bad(`events[${i}]`, 'expected [kind,side,price,qty,orderId,"tsExch","tsLocal",record]');
    const [kind, side, price, qty, orderId, tsExch, tsLocal, record] = r as unknown[];
    const int = (v: unknown, f: string) => {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad(`events[${i}].${f}`, `expected an integer, got ${JSON.stringify(v)}`);
      return v;
    };
    const ts = (v: unknown, f: string) => {
      if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw bad(`events[${i}].${f}`, `expected integer nanoseconds as text, got ${JSON.stringify(v)}`);
      return BigInt(v);
    };
    const k = int(kind, 'kind');
    const s = int(side, 'side');
    if (k < 0 || k > EventKind.Trade) throw bad(`events[${i}].kind`, `unknown event kind ${k}`);
    if (s < 0 || s > Side.Ask) throw bad(`events[${i}].side`, `unknown side ${s}`);
    return { kind: k as EventKind, side: s as Side, price: int(price, 'price'), qty: int(qty, 'qty'), orderId: int(orderId, 'orderId'), tsExch: ts(tsExch, 'tsExch'), tsLocal: ts(tsLocal, 'tsLocal'), record: int(record, 'record') };
  });
}

/** Kafka hands header values over as Buffers (or arrays of them); the wire speaks text. */
export function headerText(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const one = Array.isArray(v) ? v[v.length - 1] : v;
    out[k] = one === undefined ? undefined : one.toString();
  }
  return out;
}

/** Wall clock in microseconds since the epoch, finer than Date.now() (for latency figures). */
export function wallMicros(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}
