/**
 * The .vtb binary replay cache, format version 2. Little-endian throughout.
 *
 * Header (its length is a multiple of 8):
 *   0  magic "VTB1"            4 bytes (names the family; the version says the layout)
 *   4  format version          u32 (2)
 *   8  header length           u32: where the body starts
 *  12  events per block        u32 (65536; every block but the last is full)
 *  16  event count             u64
 *  24  block count             u32
 *  28  instrument JSON length  u32
 *  32  CRC-32 of the header    u32, over all its bytes with this field zero
 *  36  zero                    28 bytes
 *  64  instrument JSON         UTF-8, then zero padding to a multiple of 8
 *
 * Body: blocks. A block of n events is a 48-byte block header (u32 n, u32 narrow flags, u32
 * CRC-32 of each of the 8 columns, u32 CRC-32 of the block header's first 40 bytes, u32 0) and
 * then the columns, each zero-padded to a multiple of 8 so every one is aligned for a typed-array
 * view, in this order:
 *   price (ticks), qty (lots), kind u8, side u8, record u32, orderId, tsExch i64, tsLocal i64.
 * The four columns the book needs come first and touch, so a book replay reads one run of bytes
 * per block and leaves the rest on disk. price, qty and orderId are int32 in a block where every
 * value is a whole number that int32 holds (the flag bit says so: bit 0 price, 1 qty, 2 orderId),
 * float64 otherwise; float64 holds integers below 2^53 exactly, so both are exact, and the narrow
 * form halves what a replay reads and lets the book work in small integers.
 *
 * Integrity: a CRC-32 per column per block, checked on every read of that column (a replay checks
 * only what it reads). zlib's CRC-32 runs at several GB/s, a few percent of a replay, where the
 * SHA-256 of version 1 over the whole body halved it; a CRC-32 catches every burst of up to 32
 * flipped bits and all but 1 in 4 billion random damages, which is what a cache on disk needs
 * (a checksum stored beside the data protects against no one who means harm, SHA-256 or not).
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

export const VTB_MAGIC = 'VTB1';
export const VTB_VERSION = 2;
export const VTB_FIXED_HEADER = 64;
export const VTB_BLOCK_EVENTS = 65536;
export const BLOCK_HEADER = 48;
export const CHECKSUM_HINT = 'rebuild it with vtrade data convert';

export const pad8 = (n: number): number => (n + 7) & ~7;

/** The columns in file order. */
export const COLUMNS = ['price', 'qty', 'kind', 'side', 'record', 'orderId', 'tsExch', 'tsLocal'] as const;
export type ColumnName = (typeof COLUMNS)[number];
export const Col = { price: 0, qty: 1, kind: 2, side: 3, record: 4, orderId: 5, tsExch: 6, tsLocal: 7 } as const;

/** Narrow-flag bits: the column is int32 in this block. */
export const NARROW = { price: 1, qty: 2, orderId: 4 } as const;
export const NARROW_ALL = 7;

/** Bytes per value of each column, given the block's narrow flags. */
function widths(narrow: number): number[] {
  return [narrow & NARROW.price ? 4 : 8, narrow & NARROW.qty ? 4 : 8, 1, 1, 4, narrow & NARROW.orderId ? 4 : 8, 8, 8];
}

/** Byte offsets (from the block's start) and lengths of a block's columns. */
export interface BlockLayout {
  n: number;
  narrow: number;
  offset: number[];
  length: number[];
  bytes: number;
}

export function blockLayout(n: number, narrow: number): BlockLayout {
  const offset: number[] = [];
  const length: number[] = [];
  let at = BLOCK_HEADER;
  for (const w of widths(narrow)) {
    offset.push(at);
    length.push(w * n);
    at += pad8(w * n);
  }
  return { n, narrow, offset, length, bytes: at };
}

/** Events in block `index` of a file with `count` events. */
export function eventsInBlock(index: number, count: number, perBlock: number): number {
  return Math.min(perBlock, count - index * perBlock);
}

export type NumberColumn = Float64Array | Int32Array;

/** Typed-array views of one block's columns over a buffer holding the block from its start. */
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

/** The block must start at an 8-aligned byte offset of the buffer (a fresh ArrayBuffer's 0 is). */
export function blockColumns(buffer: ArrayBuffer, byteOffset: number, l: BlockLayout): BlockColumns {
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

/** A block header as stored: event count, narrow flags and the CRC-32 of each column. */
export interface BlockHeader {
  n: number;
  narrow: number;
  crcs: number[];
}

export function encodeBlockHeader(h: BlockHeader): Uint8Array {
  const out = new Uint8Array(BLOCK_HEADER);
  const view = new DataView(out.buffer);
  view.setUint32(0, h.n, true);
  view.setUint32(4, h.narrow, true);
  h.crcs.forEach((c, i) => view.setUint32(8 + 4 * i, c, true));
  view.setUint32(40, crc32(out.subarray(0, 40)), true);
  return out;
}

/** The block header in bytes[0, 48), or undefined when its own CRC says it is damaged. */
export function decodeBlockHeader(bytes: Uint8Array): BlockHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, BLOCK_HEADER);
  if (view.getUint32(40, true) !== crc32(bytes.subarray(0, 40)) || view.getUint32(44, true) !== 0) return undefined;
  const crcs: number[] = [];
  for (let i = 0; i < COLUMNS.length; i++) crcs.push(view.getUint32(8 + 4 * i, true));
  return { n: view.getUint32(0, true), narrow: view.getUint32(4, true), crcs };
}

/** zlib's CRC-32 (Node 20.15 and later); older Nodes get a clear error rather than no checks. */
export function crc32(bytes: Uint8Array): number {
  if (typeof zlibCrc32 !== 'function') throw new Error('.vtb caches need Node 20.15 or later (zlib.crc32)');
  return zlibCrc32(bytes);
}
