import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { L2Book } from '../../engine/book/l2-book.js';
import { blockLayout, eventsInBlock } from './format.js';
import { checksumError, readVtbHeader } from './header.js';
import { assertLittleEndian } from './writer.js';

export interface ReplayOptions {
  /** Check the body's sha256 on the way (default true). Off only for trusted, just-built caches. */
  verify?: boolean;
}

/**
 * The fast path: replays a .vtb cache straight into an L2 book. Each block is read into one
 * reused buffer and handed to book.applyFields from typed-array columns, so the loop allocates
 * nothing per event. onRecord, when given, is called after each event with its source record.
 * A checksum mismatch throws after the pass (the book then holds the damaged stream's state).
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
  const hash = verify ? createHash('sha256') : undefined;
  const buffer = new ArrayBuffer(header.maxBlockBytes);
  const bytes = new Uint8Array(buffer);
  const fd = openSync(path, 'r');
  let position = header.headerBytes;
  try {
    for (let b = 0; b < header.blocks; b++) {
      const n = eventsInBlock(b, header.count, header.blockEvents);
      const l = blockLayout(n);
      if (hash !== undefined) {
        readFully(fd, bytes, 0, l.bytes, position, path);
        hash.update(bytes.subarray(0, l.bytes));
      } else {
        // Unverified, only the columns the book needs: price and qty, then kind and side (each pair
        // adjacent in the block), 18 of the 46 bytes an event takes on disk (22 with records).
        readFully(fd, bytes, l.price, l.orderId - l.price, position + l.price, path);
        const from = onRecord === undefined ? l.kind : l.record; // the record column sits just before kind
        readFully(fd, bytes, from, l.side + n - from, position + from, path);
      }
      position += l.bytes;
      const kind = new Uint8Array(buffer, l.kind, n);
      const side = new Uint8Array(buffer, l.side, n);
      const price = new Float64Array(buffer, l.price, n);
      const qty = new Float64Array(buffer, l.qty, n);
      if (onRecord === undefined) {
        for (let i = 0; i < n; i++) book.applyFields(kind[i], side[i], price[i], qty[i]);
      } else {
        const record = new Uint32Array(buffer, l.record, n);
        for (let i = 0; i < n; i++) {
          book.applyFields(kind[i], side[i], price[i], qty[i]);
          onRecord(record[i]);
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  if (hash !== undefined && !hash.digest().equals(header.checksum)) throw checksumError(path);
  return { events: header.count };
}

/** Reads exactly `length` bytes at `at` into bytes[offset...]; a short file is a damaged cache. */
function readFully(fd: number, bytes: Uint8Array, offset: number, length: number, at: number, path: string): void {
  let got = 0;
  while (got < length) {
    const r = readSync(fd, bytes, offset + got, length - got, at + got);
    if (r === 0) throw checksumError(path);
    got += r;
  }
}
