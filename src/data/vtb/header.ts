import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../../errors.js';
import type { Instrument } from '../../engine/model/instrument.js';
import { assertReadableFile } from '../lines.js';
import { parseInstrumentJson } from '../instrument-file.js';
import {
  BLOCK_HEADER, NARROW16, priceScaleFits, CHECKSUM_HINT, VTB_FIXED_HEADER, VTB_MAGIC, VTB_VERSION, VTB_VERSIONS_READ, blockLayout, crc32, decodeBlockHeader,
  eventsInBlock, validFlags, type BlockLayout, type VtbVersion,
} from './format.js';

/** One block as the index of a cache lists it. */
export interface VtbBlock {
  /** Byte offset of the block header in the file. */
  at: number;
  layout: BlockLayout;
  /** A uint16 price column's values v are prices base + step * v (version 3); else 0 and 1. */
  base: number;
  step: number;
  /** CRC-32 of each column, in file order. */
  crcs: number[];
}

export interface VtbHeader {
  /** The format version of the file (2 or 3). */
  version: VtbVersion;
  instrument: Instrument;
  headerBytes: number;
  blockEvents: number;
  count: number;
  /** How many blocks. */
  blocks: number;
  /** Where each block is, its layout and its columns' checksums. */
  index: VtbBlock[];
  /** Byte size of the largest block, to size read buffers. */
  maxBlockBytes: number;
}

/**
 * Reads and checks a .vtb header and the header of every block (a small read per 65,536 events),
 * and that the blocks fill the file exactly: a damaged or truncated cache fails here, before any
 * event is delivered. The columns' own checksums are checked as they are read.
 */
export function readVtbHeader(path: string): VtbHeader {
  assertReadableFile(path);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const fixed = Buffer.alloc(VTB_FIXED_HEADER);
    const got = readSync(fd, fixed, 0, VTB_FIXED_HEADER, 0);
    const fail = (field: string, detail: string, hint = `is this a .vtb cache? ${CHECKSUM_HINT}`): InputError =>
      new InputError(path, undefined, field, detail, hint);
    if (got < 4 || fixed.toString('latin1', 0, 4) !== VTB_MAGIC) {
      throw fail('magic', `not a .vtb cache (the file does not start with "${VTB_MAGIC}")`);
    }
    if (got < VTB_FIXED_HEADER) throw fail('header', 'the header is truncated');
    const version = fixed.readUInt32LE(4);
    if (!VTB_VERSIONS_READ.includes(version)) {
      const older = version < VTB_VERSION ? ' (written by an older vtrade; a cache is derived data, so rebuild it from its source)' : '';
      const read = VTB_VERSIONS_READ.join(' and ');
      throw fail('version', `cache format version ${version}; this vtrade reads versions ${read}${older}`, `${CHECKSUM_HINT} <source> --out ${path}`);
    }
    const headerBytes = fixed.readUInt32LE(8);
    const blockEvents = fixed.readUInt32LE(12);
    const count = Number(fixed.readBigUInt64LE(16));
    const blockCount = fixed.readUInt32LE(24);
    const jsonBytes = fixed.readUInt32LE(28);
    if (blockEvents === 0 || headerBytes < VTB_FIXED_HEADER + jsonBytes || headerBytes % 8 !== 0 || headerBytes > size) {
      throw fail('header', 'the header is inconsistent');
    }
    const header = Buffer.alloc(headerBytes);
    readSync(fd, header, 0, headerBytes, 0);
    const stored = header.readUInt32LE(32);
    header.writeUInt32LE(0, 32);
    if (crc32(header) !== stored) throw checksumError(path, 'header');
    if (!Number.isSafeInteger(count) || blockCount !== Math.ceil(count / blockEvents)) {
      throw fail('header', 'the event and block counts disagree');
    }
    const index = readBlockIndex(fd, path, size, version as VtbVersion, headerBytes, blockEvents, count, blockCount);
    const instrument = parseInstrumentJson(header.toString('utf8', VTB_FIXED_HEADER, VTB_FIXED_HEADER + jsonBytes), `${path} (instrument)`);
    const maxBlockBytes = index.reduce((m, b) => Math.max(m, b.layout.bytes), 0);
    return { version: version as VtbVersion, instrument, headerBytes, blockEvents, count, blocks: blockCount, index, maxBlockBytes };
  } finally {
    closeSync(fd);
  }
}

function readBlockIndex(
  fd: number, path: string, size: number, version: VtbVersion, headerBytes: number, perBlock: number, count: number, blockCount: number,
): VtbBlock[] {
  const blocks: VtbBlock[] = [];
  const bytes = new Uint8Array(BLOCK_HEADER);
  let at = headerBytes;
  for (let b = 0; b < blockCount; b++) {
    if (at + BLOCK_HEADER > size || readSync(fd, bytes, 0, BLOCK_HEADER, at) !== BLOCK_HEADER) throw truncated(path, size, b);
    const h = decodeBlockHeader(bytes, version);
    if (h === undefined) throw checksumError(path, `header of block ${b + 1}`);
    if (h.n !== eventsInBlock(b, count, perBlock) || !validFlags(version, h.narrow) || !validPriceScale(h.narrow, h.base, h.step)) {
      throw new InputError(path, undefined, 'block', `block ${b + 1} of ${blockCount} disagrees with the header: damaged`, CHECKSUM_HINT);
    }
    const layout = blockLayout(h.n, h.narrow, version);
    blocks.push({ at, layout, base: h.base, step: h.step, crcs: h.crcs });
    at += layout.bytes;
  }
  if (at > size) throw truncated(path, size, blockCount - 1);
  if (at !== size) {
    throw new InputError(path, undefined, 'size', `the file is ${size} bytes, its blocks end at ${at}: damaged`, CHECKSUM_HINT);
  }
  return blocks;
}

/**
 * A uint16 price column's base and step must keep every price it can hold an int32 (what the
 * replay's integer arithmetic assumes); other blocks carry base 0 and step 1.
 */
function validPriceScale(flags: number, base: number, step: number): boolean {
  if ((flags & NARROW16.price) === 0) return base === 0 && step === 1;
  return priceScaleFits(base, step);
}

function truncated(path: string, size: number, block: number): InputError {
  return new InputError(path, undefined, 'size', `the file is ${size} bytes and ends inside block ${block + 1}: truncated or damaged`, CHECKSUM_HINT);
}

/** A column (or header) whose bytes no longer match their CRC-32. */
export function checksumError(path: string, where?: string): InputError {
  return new InputError(path, undefined, 'checksum', `checksum mismatch — the cache is damaged; rebuild it with vtrade data convert${where ? ` (${where})` : ''}`);
}
