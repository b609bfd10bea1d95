/**
 * The .vtb binary replay cache. Little-endian throughout.
 *
 * Header (its length is a multiple of 8):
 *   0  magic "VTB1"            4 bytes
 *   4  format version          u32 (1)
 *   8  header length           u32: where the body starts
 *  12  events per block        u32 (65536; every block but the last is full)
 *  16  event count             u64
 *  24  block count             u32
 *  28  instrument JSON length  u32
 *  32  sha256 of the body      32 bytes
 *  64  instrument JSON         UTF-8, then zero padding to a multiple of 8
 *
 * Body: blocks; a block of n events is an 8-byte block header (u32 n, u32 0) and then columns of
 * n values each, widest first so every column is aligned for a typed-array view:
 *   tsExch i64, tsLocal i64, price f64 (ticks), qty f64 (lots), orderId f64, record u32,
 *   kind u8, side u8, then zero padding to a multiple of 8.
 * Prices, sizes and order ids are integers below 2^53, which float64 holds exactly, and a
 * Float64Array hands them to the book with no conversion.
 */
export const VTB_MAGIC = 'VTB1';
export const VTB_VERSION = 1;
export const VTB_FIXED_HEADER = 64;
export const VTB_BLOCK_EVENTS = 65536;
export const CHECKSUM_HINT = 'rebuild it with vtrade data convert';

export const pad8 = (n: number): number => (n + 7) & ~7;

/** Byte offsets of the columns inside a block of n events. */
export interface BlockLayout {
  n: number;
  tsExch: number;
  tsLocal: number;
  price: number;
  qty: number;
  orderId: number;
  record: number;
  kind: number;
  side: number;
  bytes: number;
}

export function blockLayout(n: number): BlockLayout {
  const tsExch = 8;
  const tsLocal = tsExch + 8 * n;
  const price = tsLocal + 8 * n;
  const qty = price + 8 * n;
  const orderId = qty + 8 * n;
  const record = orderId + 8 * n;
  const kind = record + 4 * n;
  const side = kind + n;
  return { n, tsExch, tsLocal, price, qty, orderId, record, kind, side, bytes: pad8(side + n) };
}

/** Events in block `index` of a file with `count` events. */
export function eventsInBlock(index: number, count: number, perBlock: number): number {
  return Math.min(perBlock, count - index * perBlock);
}

/** Typed-array views of one block's columns over a buffer that starts at the block. */
export interface BlockColumns {
  n: number;
  tsExch: BigInt64Array;
  tsLocal: BigInt64Array;
  price: Float64Array;
  qty: Float64Array;
  orderId: Float64Array;
  record: Uint32Array;
  kind: Uint8Array;
  side: Uint8Array;
}

/** The buffer must start at an 8-aligned byte offset (a fresh ArrayBuffer does). */
export function blockColumns(buffer: ArrayBuffer, byteOffset: number, n: number): BlockColumns {
  const l = blockLayout(n);
  return {
    n,
    tsExch: new BigInt64Array(buffer, byteOffset + l.tsExch, n),
    tsLocal: new BigInt64Array(buffer, byteOffset + l.tsLocal, n),
    price: new Float64Array(buffer, byteOffset + l.price, n),
    qty: new Float64Array(buffer, byteOffset + l.qty, n),
    orderId: new Float64Array(buffer, byteOffset + l.orderId, n),
    record: new Uint32Array(buffer, byteOffset + l.record, n),
    kind: new Uint8Array(buffer, byteOffset + l.kind, n),
    side: new Uint8Array(buffer, byteOffset + l.side, n),
  };
}
