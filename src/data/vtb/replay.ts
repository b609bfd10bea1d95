import { closeSync, openSync, readSync } from 'node:fs';
import type { L2Book } from '../../engine/book/l2-book.js';
import { Col, NARROW, type NumberColumn } from './format.js';
import { checksumError, readVtbHeader } from './header.js';
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
 * columns the book needs (price, qty, kind, side: one run of bytes at the block's start, 10 bytes
 * an event where price and qty are int32), plus the record column when onRecord is given, into
 * one reused buffer; checks their checksums before applying any of their events; and hands them
 * to book.applyFields from typed-array views, so the loop allocates nothing per event.
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
  const last = onRecord === undefined ? Col.side : Col.record; // columns 0..last, contiguous on disk
  const fd = openSync(path, 'r');
  try {
    for (const [b, block] of header.index.entries()) {
      const l = block.layout;
      const from = l.offset[Col.price];
      readFully(fd, bytes, from, l.offset[last] + l.length[last] - from, block.at + from, path);
      if (verify) verifyColumns(path, bytes, block, b, last + 1);
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
  } finally {
    closeSync(fd);
  }
  return { events: header.count };
}

function numbers(buffer: ArrayBuffer, at: number, n: number, narrow: boolean): NumberColumn {
  return narrow ? new Int32Array(buffer, at, n) : new Float64Array(buffer, at, n);
}

/** The hot loop, on its own so that it is optimised for the column types it meets. */
function applyBlock(book: L2Book, kind: Uint8Array, side: Uint8Array, price: NumberColumn, qty: NumberColumn, n: number): void {
  for (let i = 0; i < n; i++) book.applyFields(kind[i], side[i], price[i], qty[i]);
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
