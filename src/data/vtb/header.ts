import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../../errors.js';
import type { Instrument } from '../../engine/model/instrument.js';
import { assertReadableFile } from '../lines.js';
import { parseInstrumentJson } from '../instrument-file.js';
import { CHECKSUM_HINT, VTB_FIXED_HEADER, VTB_MAGIC, VTB_VERSION, blockLayout, eventsInBlock } from './format.js';

export interface VtbHeader {
  instrument: Instrument;
  headerBytes: number;
  blockEvents: number;
  count: number;
  blocks: number;
  checksum: Buffer;
  /** Byte size of the largest block, to size read buffers. */
  maxBlockBytes: number;
}

/** Reads and checks a .vtb header, and that the file is exactly as long as it says. */
export function readVtbHeader(path: string): VtbHeader {
  assertReadableFile(path);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const fixed = Buffer.alloc(VTB_FIXED_HEADER);
    const got = readSync(fd, fixed, 0, VTB_FIXED_HEADER, 0);
    const fail = (field: string, detail: string): InputError =>
      new InputError(path, undefined, field, detail, `is this a .vtb cache? ${CHECKSUM_HINT}`);
    if (got < 4 || fixed.toString('latin1', 0, 4) !== VTB_MAGIC) {
      throw fail('magic', `not a .vtb cache (the file does not start with "${VTB_MAGIC}")`);
    }
    if (got < VTB_FIXED_HEADER) throw fail('header', 'the header is truncated');
    const version = fixed.readUInt32LE(4);
    if (version !== VTB_VERSION) {
      throw fail('version', `cache format version ${version}; this vtrade reads version ${VTB_VERSION}`);
    }
    const headerBytes = fixed.readUInt32LE(8);
    const blockEvents = fixed.readUInt32LE(12);
    const count = Number(fixed.readBigUInt64LE(16));
    const blocks = fixed.readUInt32LE(24);
    const jsonBytes = fixed.readUInt32LE(28);
    const checksum = Buffer.from(fixed.subarray(32, 64));
    if (blockEvents === 0 || headerBytes < VTB_FIXED_HEADER + jsonBytes || headerBytes % 8 !== 0 || headerBytes > size) {
      throw fail('header', 'the header is inconsistent');
    }
    if (!Number.isSafeInteger(count) || blocks !== Math.ceil(count / blockEvents)) {
      throw fail('header', 'the event and block counts disagree');
    }
    let body = 0;
    for (let b = 0; b < blocks; b++) body += blockLayout(eventsInBlock(b, count, blockEvents)).bytes;
    if (headerBytes + body !== size) {
      throw new InputError(path, undefined, 'size', `the file is ${size} bytes, its header says ${headerBytes + body}: truncated or damaged`, CHECKSUM_HINT);
    }
    const json = Buffer.alloc(jsonBytes);
    readSync(fd, json, 0, jsonBytes, VTB_FIXED_HEADER);
    const instrument = parseInstrumentJson(json.toString('utf8'), `${path} (instrument)`);
    const maxBlockBytes = blockLayout(Math.min(blockEvents, count)).bytes;
    return { instrument, headerBytes, blockEvents, count, blocks, checksum, maxBlockBytes };
  } finally {
    closeSync(fd);
  }
}

export function checksumError(path: string): InputError {
  return new InputError(path, undefined, 'checksum', 'checksum mismatch — the cache is damaged; rebuild it with vtrade data convert');
}
