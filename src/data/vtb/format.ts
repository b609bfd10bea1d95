/**
 * The .vtb binary replay cache, format versions 2 and 3 (written: 3). Little-endian throughout.
 *
 * Header (its length is a multiple of 8):
 *   0  magic "VTB1"            4 bytes (names the family; the version says the layout)
 *   4  format version          u32 (3; 2 is still read)
 *   8  header length           u32: where the body starts
 *  12  events per block        u32 (65536; every block but the last is full)
 *  16  event count             u64
 *  24  block count             u32
 *  28  instrument JSON length  u32
 *  32  CRC-32 of the header    u32, over all its bytes with this field zero
 *  36  zero                    28 bytes
 *  64  instrument JSON         UTF-8, then zero padding to a multiple of 8
 *
 * Body: blocks. A block is a 48-byte block header and then the columns, each zero-padded to a
 * multiple of 8 so every one is aligned for a typed-array view. The columns a book replay needs
 * come first and touch, so a book replay reads one run of bytes per block and leaves the rest on
 * disk.
 *
 * Version 3: block header u32 n, u32 flags, i32 price base, u32 price step, u32 CRC-32 of each of
 * the 7 columns, u32 CRC-32 of the block header's first 44 bytes; columns
 *   price, qty, kindSide u8 (kind | side << 4), record u32, orderId, tsExch i64, tsLocal i64.
 * price is uint16 where the block's prices are whole, int32 and, less the block's smallest (the
 * base), all multiples of one step with at most 65,535 steps between them (flag bit 3): a price is
 * base + step * value; a Clear's price, always 0, is not stored (its value is 0 and it reads back
 * as 0), so that a snapshot's Clear does not stretch the span from 0 to the market. Else as in
 * version 2. (A LOBSTER price is in units of 0.0001 on a grid of 0.005: a step of 50 fits a
 * whole day's range.) qty is uint16 where every value is a whole number
 * from 0 to 65,535 (bit 4), else as in version 2. A LOBSTER day is 5 bytes an event to replay
 * where version 2 read 10: half the bytes to read and to check.
 *
 * Version 2: block header u32 n, u32 flags, u32 CRC-32 of each of the 8 columns, u32 CRC-32 of
 * the first 40 bytes, u32 0; columns
 *   price, qty, kind u8, side u8, record u32, orderId, tsExch i64, tsLocal i64.
 *
 * In both, price, qty and orderId are int32 in a block where every value is a whole number that
 * int32 holds (flag bit 0 price, 1 qty, 2 orderId), float64 otherwise; float64 holds integers
 * below 2^53 exactly, so every form is exact, and the narrow ones cut what a replay reads and let
 * the book work in small integers.
 *
 * Integrity: a CRC-32 per column per block, checked on every read of that column (a replay checks
 * only what it reads). zlib's CRC-32 runs at several GB/s, a few percent of a replay, where the
 * SHA-256 of version 1 over the whole body halved it; a CRC-32 catches every burst of up to 32
 * flipped bits and all but 1 in 4 billion random damages, which is what a cache on disk needs
 * (a checksum stored beside the data protects against no one who means harm, SHA-256 or not).
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

export const VTB_MAGIC = 'VTB1';
/** The version written. */
export const VTB_VERSION = 3;
/** The versions read. */
export const VTB_VERSIONS_READ: readonly number[] = [2, 3];
export type VtbVersion = 2 | 3;
export const VTB_FIXED_HEADER = 64;
export const VTB_BLOCK_EVENTS = 65536;
export const BLOCK_HEADER = 48;
export const CHECKSUM_HINT = 'rebuild it with vtrade data convert';

export const pad8 = (n: number): number => (n + 7) & ~7;

/** The columns of version 2, in file order. */
export const COLUMNS = ['price', 'qty', 'kind', 'side', 'record', 'orderId', 'tsExch', 'tsLocal'] as const;
export type ColumnName = (typeof COLUMNS)[number];
export const Col = { price: 0, qty: 1, kind: 2, side: 3, record: 4, orderId: 5, tsExch: 6, tsLocal: 7 } as const;

/** The columns of version 3, in file order: kind and side share a byte. */
export const COLUMNS_V3 = ['price', 'qty', 'kindSide', 'record', 'orderId', 'tsExch', 'tsLocal'] as const;
export const ColV3 = { price: 0, qty: 1, kindSide: 2, record: 3, orderId: 4, tsExch: 5, tsLocal: 6 } as const;

/** Flag bits: the column is int32 in this block (0-2), or uint16 (3-4, version 3 only). */
export const NARROW = { price: 1, qty: 2, orderId: 4 } as const;
export const NARROW16 = { price: 8, qty: 16 } as const;
export const NARROW_ALL = 7;
export const NARROW_ALL_V3 = 31;

/** Whether a block's flags are a combination its version can hold. */
export function validFlags(version: VtbVersion, flags: number): boolean {
  if (version === 2) return (flags & ~NARROW_ALL) === 0;
  return (flags & ~NARROW_ALL_V3) === 0 && (flags & (NARROW.price | NARROW16.price)) !== (NARROW.price | NARROW16.price)
    && (flags & (NARROW.qty | NARROW16.qty)) !== (NARROW.qty | NARROW16.qty);
}

function numberWidth(flags: number, int32: number, uint16: number): number {
  return flags & uint16 ? 2 : flags & int32 ? 4 : 8;
}

/** Bytes per value of each column, given the block's version and flags. */
function widths(version: VtbVersion, flags: number): number[] {
  const price = numberWidth(flags, NARROW.price, NARROW16.price);
  const qty = numberWidth(flags, NARROW.qty, NARROW16.qty);
  const orderId = flags & NARROW.orderId ? 4 : 8;
  return version === 2 ? [price, qty, 1, 1, 4, orderId, 8, 8] : [price, qty, 1, 4, orderId, 8, 8];
}

/** Byte offsets (from the block's start) and lengths of a block's columns. */
export interface BlockLayout {
  version: VtbVersion;
  /** The column names, in file order (for messages). */
  names: readonly string[];
  n: number;
  narrow: number;
  offset: number[];
  length: number[];
  bytes: number;
}

export function blockLayout(n: number, narrow: number, version: VtbVersion = VTB_VERSION): BlockLayout {
  const offset: number[] = [];
  const length: number[] = [];
  let at = BLOCK_HEADER;
  for (const w of widths(version, narrow)) {
    offset.push(at);
    length.push(w * n);
    at += pad8(w * n);
  }
  return { version, names: version === 2 ? COLUMNS : COLUMNS_V3, n, narrow, offset, length, bytes: at };
}

/** Events in block `index` of a file with `count` events. */
export function eventsInBlock(index: number, count: number, perBlock: number): number {
  return Math.min(perBlock, count - index * perBlock);
}

export type NumberColumn = Float64Array | Int32Array;

/** Typed-array views of one block's columns (full events, as version 2 lays them out). */
export interface BlockColumns {
  n: number;
  price: NumberColumn;
  qty: NumberColumn;
  kind: Uint8Array;
  side: Uint8Array;
  record: Uint32Array;
  orderId: NumberColumn;
  tsExch: BigInt64Array;
  tsLocal: BigInt64Array;
}

function numbers(buffer: ArrayBuffer, at: number, n: number, narrow: boolean): NumberColumn {
  return narrow ? new Int32Array(buffer, at, n) : new Float64Array(buffer, at, n);
}

/**
 * Views of a version 2 block's columns; the block must start at an 8-aligned byte offset of the
 * buffer (a fresh ArrayBuffer's 0 is). The writer also fills one at full width as its scratch.
 */
export function blockColumns(buffer: ArrayBuffer, byteOffset: number, l: BlockLayout): BlockColumns {
  if (l.version !== 2) throw new Error('blockColumns reads the version 2 layout');
  const at = (c: number): number => byteOffset + l.offset[c];
  const n = l.n;
  return {
    n,
    price: numbers(buffer, at(Col.price), n, (l.narrow & NARROW.price) !== 0),
    qty: numbers(buffer, at(Col.qty), n, (l.narrow & NARROW.qty) !== 0),
    kind: new Uint8Array(buffer, at(Col.kind), n),
    side: new Uint8Array(buffer, at(Col.side), n),
    record: new Uint32Array(buffer, at(Col.record), n),
    orderId: numbers(buffer, at(Col.orderId), n, (l.narrow & NARROW.orderId) !== 0),
    tsExch: new BigInt64Array(buffer, at(Col.tsExch), n),
    tsLocal: new BigInt64Array(buffer, at(Col.tsLocal), n),
  };
}

/** A price or qty column of either version: uint16 (plus a base), int32 or float64. */
export type WideColumn = Uint16Array | Int32Array | Float64Array;

export function numberColumn(buffer: ArrayBuffer, at: number, n: number, flags: number, int32: number, uint16: number): WideColumn {
  if (flags & uint16) return new Uint16Array(buffer, at, n);
  return flags & int32 ? new Int32Array(buffer, at, n) : new Float64Array(buffer, at, n);
}

/**
 * Whether a uint16 price column of this base and step keeps every price it can hold (base + step
 * * 0..65,535) an int32, as the replay's integer arithmetic needs. The writer and the reader both
 * ask; other blocks carry base 0 and step 1.
 */
export function priceScaleFits(base: number, step: number): boolean {
  return (base | 0) === base && step >>> 0 === step && step >= 1 && base + step * 0xffff <= 0x7fffffff;
}

/** A block header as stored: event count, flags, price base and step (version 3) and the columns' CRC-32s. */
export interface BlockHeader {
  n: number;
  narrow: number;
  /** A uint16 price column holds (price - base) / step (version 3); else base 0 and step 1. */
  base: number;
  step: number;
  crcs: number[];
}

export function encodeBlockHeader(h: BlockHeader, version: VtbVersion = VTB_VERSION): Uint8Array {
  const out = new Uint8Array(BLOCK_HEADER);
  const view = new DataView(out.buffer);
  view.setUint32(0, h.n, true);
  view.setUint32(4, h.narrow, true);
  const first = version === 2 ? 8 : 16;
  if (version === 3) {
    view.setInt32(8, h.base, true);
    view.setUint32(12, h.step, true);
  }
  h.crcs.forEach((c, i) => view.setUint32(first + 4 * i, c, true));
  const sealed = version === 2 ? 40 : 44; // version 2 ends in 4 zero bytes
  view.setUint32(sealed, crc32(out.subarray(0, sealed)), true);
  return out;
}

/** The block header in bytes[0, 48), or undefined when its own CRC says it is damaged. */
export function decodeBlockHeader(bytes: Uint8Array, version: VtbVersion = VTB_VERSION): BlockHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, BLOCK_HEADER);
  const n = view.getUint32(0, true);
  const narrow = view.getUint32(4, true);
  if (version === 2) {
    if (view.getUint32(40, true) !== crc32(bytes.subarray(0, 40)) || view.getUint32(44, true) !== 0) return undefined;
    const crcs: number[] = [];
    for (let i = 0; i < COLUMNS.length; i++) crcs.push(view.getUint32(8 + 4 * i, true));
    return { n, narrow, base: 0, step: 1, crcs };
  }
  if (view.getUint32(44, true) !== crc32(bytes.subarray(0, 44))) return undefined;
  const crcs: number[] = [];
  for (let i = 0; i < COLUMNS_V3.length; i++) crcs.push(view.getUint32(16 + 4 * i, true));
  return { n, narrow, base: view.getInt32(8, true), step: view.getUint32(12, true), crcs };
}

/** zlib's CRC-32 (Node 20.15 and later); older Nodes get a clear error rather than no checks. */
export function crc32(bytes: Uint8Array): number {
  if (typeof zlibCrc32 !== 'function') throw new Error('.vtb caches need Node 20.15 or later (zlib.crc32)');
  return zlibCrc32(bytes);
}
