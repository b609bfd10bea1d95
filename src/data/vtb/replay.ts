import { closeSync, openSync, readSync } from 'node:fs';
import type { L2Book } from '../../engine/book/l2-book.js';
import { Col, ColV3, NARROW, NARROW16, numberColumn, type NumberColumn, type WideColumn } from './format.js';
import { checksumError, readVtbHeader, type VtbBlock } from './header.js';
import { verifyColumns } from './reader.js';
import { assertLittleEndian } from './writer.js';

export interface ReplayOptions {
  /**
   * Check the CRC-32 of every column read (default true). It costs a few percent of the replay;
   * off only to measure that cost, or for a cache just built and trusted.
   */
  verify?: boolean;
}

/**
 * The fast path: replays a .vtb cache straight into an L2 book. Of each block it reads only the
 * columns the book needs (price, qty, kind and side: one run of bytes at the block's start, 5
 * bytes an event in a version 3 cache of a LOBSTER day, 10 in version 2), plus the record column
 * when onRecord is given, into one reused buffer; checks their checksums before applying any of
 * their events; and hands them to book.applyFields from typed-array views, so the loop allocates
 * nothing per event.
 * onRecord, when given, is called after each event with its source record. A damaged cache throws
 * an InputError before the block holding the damage touches the book.
 */
export function replayVtbBook(
  path: string,
  book: L2Book,
  onRecord?: (record: number) => void,
  opts: ReplayOptions = {},
): { events: number } {
  assertLittleEndian();
  const header = readVtbHeader(path);
  const verify = opts.verify !== false;
  const buffer = new ArrayBuffer(header.maxBlockBytes);
  const bytes = new Uint8Array(buffer);
  const v2 = header.version === 2;
  // Columns 0..last, contiguous on disk: up to side (v2) or kindSide (v3), or up to record.
  const last = onRecord !== undefined ? (v2 ? Col.record : ColV3.record) : v2 ? Col.side : ColV3.kindSide;
  const fd = openSync(path, 'r');
  try {
    for (const [b, block] of header.index.entries()) {
      const l = block.layout;
      const from = l.offset[0];
      readFully(fd, bytes, from, l.offset[last] + l.length[last] - from, block.at + from, path);
      if (verify) verifyColumns(path, bytes, block, b, last + 1);
      if (v2) applyV2(buffer, block, book, onRecord);
      else applyV3(buffer, block, book, onRecord);
    }
  } finally {
    closeSync(fd);
  }
  return { events: header.count };
}

function applyV2(buffer: ArrayBuffer, block: VtbBlock, book: L2Book, onRecord: ((record: number) => void) | undefined): void {
  const l = block.layout;
  const n = l.n;
  const kind = new Uint8Array(buffer, l.offset[Col.kind], n);
  const side = new Uint8Array(buffer, l.offset[Col.side], n);
  const price = numbers(buffer, l.offset[Col.price], n, (l.narrow & NARROW.price) !== 0);
  const qty = numbers(buffer, l.offset[Col.qty], n, (l.narrow & NARROW.qty) !== 0);
  if (onRecord === undefined) applyBlock(book, kind, side, price, qty, n);
  else {
    const record = new Uint32Array(buffer, l.offset[Col.record], n);
    for (let i = 0; i < n; i++) {
      book.applyFields(kind[i], side[i], price[i], qty[i]);
      onRecord(record[i]);
    }
  }
}

const NARROW16_BOOK = NARROW16.price | NARROW16.qty;
const NARROW32_BOOK = NARROW.price | NARROW.qty;

function applyV3(buffer: ArrayBuffer, block: VtbBlock, book: L2Book, onRecord: ((record: number) => void) | undefined): void {
  const l = block.layout;
  const n = l.n;
  const kindSide = new Uint8Array(buffer, l.offset[ColV3.kindSide], n);
  const price = numberColumn(buffer, l.offset[ColV3.price], n, l.narrow, NARROW.price, NARROW16.price);
  const qty = numberColumn(buffer, l.offset[ColV3.qty], n, l.narrow, NARROW.qty, NARROW16.qty);
  // A uint16 price is base + step * value; other price columns hold the price itself.
  const { base, step } = block;
  const shape = l.narrow & (NARROW16_BOOK | NARROW32_BOOK);
  if (onRecord === undefined && shape === NARROW16_BOOK) applyBlock16(book, kindSide, price as Uint16Array, base, step, qty as Uint16Array, n);
  else if (onRecord === undefined && shape === NARROW32_BOOK) applyBlock32(book, kindSide, price as Int32Array, qty as Int32Array, n);
  else if (onRecord === undefined && shape === (NARROW.price | NARROW16.qty)) applyBlock32x16(book, kindSide, price as Int32Array, qty as Uint16Array, n);
  else if (onRecord === undefined) applyBlockAny(book, kindSide, price, l.narrow & NARROW16.price, base, step, qty, n);
  else {
    const record = new Uint32Array(buffer, l.offset[ColV3.record], n);
    const scaled = l.narrow & NARROW16.price;
    for (let i = 0; i < n; i++) {
      const ks = kindSide[i];
      book.applyFields(ks & 15, ks >>> 4, scaled ? base + step * price[i] : price[i], qty[i]);
      onRecord(record[i]);
    }
  }
}

function numbers(buffer: ArrayBuffer, at: number, n: number, narrow: boolean): NumberColumn {
  return narrow ? new Int32Array(buffer, at, n) : new Float64Array(buffer, at, n);
}

// The hot loops, each on its own so that it is optimised for the column types it meets (a loop
// that met uint16 and int32 columns would check which on every event).

function applyBlock(book: L2Book, kind: Uint8Array, side: Uint8Array, price: NumberColumn, qty: NumberColumn, n: number): void {
  for (let i = 0; i < n; i++) book.applyFields(kind[i], side[i], price[i], qty[i]);
}

/**
 * Version 3, uint16 price and qty. The header check (priceScaleFits) keeps base + step * value an
 * int32 for every uint16 value, so `| 0` changes no price and lets the arithmetic be plain int32
 * operations without overflow checks.
 */
function applyBlock16(book: L2Book, kindSide: Uint8Array, price: Uint16Array, base: number, step: number, qty: Uint16Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const ks = kindSide[i];
    book.applyFields(ks & 15, ks >>> 4, (base + step * price[i]) | 0, qty[i]);
  }
}

function applyBlock32(book: L2Book, kindSide: Uint8Array, price: Int32Array, qty: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const ks = kindSide[i];
    book.applyFields(ks & 15, ks >>> 4, price[i], qty[i]);
  }
}

/** A block whose prices span too wide for uint16 (a Clear's price 0 among them, say). */
function applyBlock32x16(book: L2Book, kindSide: Uint8Array, price: Int32Array, qty: Uint16Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const ks = kindSide[i];
    book.applyFields(ks & 15, ks >>> 4, price[i], qty[i]);
  }
}

/** Any other mix of widths; a price column that is not uint16 is passed as it is (0 + -0 would be 0). */
function applyBlockAny(book: L2Book, kindSide: Uint8Array, price: WideColumn, scaled: number, base: number, step: number, qty: WideColumn, n: number): void {
  for (let i = 0; i < n; i++) {
    const ks = kindSide[i];
    book.applyFields(ks & 15, ks >>> 4, scaled ? base + step * price[i] : price[i], qty[i]);
  }
}

/** Reads exactly `length` bytes at `at` into bytes[offset...]; a short file is a damaged cache. */
function readFully(fd: number, bytes: Uint8Array, offset: number, length: number, at: number, path: string): void {
  let got = 0;
  while (got < length) {
    const r = readSync(fd, bytes, offset + got, length - got, at + got);
    if (r === 0) throw checksumError(path, 'the file ended early');
    got += r;
  }
}
