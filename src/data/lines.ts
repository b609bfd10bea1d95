import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';

/** A batch of text lines and the 1-based number of the first one. */
export interface LineBatch {
  lines: string[];
  firstLine: number;
}

/** Fails early, with the file name, when an input does not exist or is not a file. */
export function assertReadableFile(path: string): void {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new InputError(path, undefined, undefined, 'no such file', 'check the path, or set VTRADE_DATA_DIR');
  }
  if (!isFile) throw new InputError(path, undefined, undefined, 'not a regular file');
}

/** Opens a plain or gzip file (detected by its magic bytes) as a byte stream. */
export function openMaybeGzip(path: string): Readable {
  assertReadableFile(path);
  // Reads of up to 1 MiB, but no bigger than the file: a small daily file of a portfolio should
  // not cost a megabyte buffer each.
  const raw = createReadStream(path, { highWaterMark: Math.max(1 << 16, Math.min(1 << 20, statSync(path).size)) });
  if (!isGzipFile(path)) return raw;
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (err) => gunzip.destroy(err));
  // A reader that stops early destroys the gunzip stream; close the file with it.
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}

export function isGzipFile(path: string): boolean {
  const buf = Buffer.alloc(2);
  const handle = openSync(path, 'r');
  try {
    readSync(handle, buf, 0, 2, 0);
  } finally {
    closeSync(handle);
  }
  return buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * Splits a byte stream into batches of lines, in constant memory. A final line without a
 * newline is still a line; a trailing "\r" is dropped. A stream error (a truncated gzip, say)
 * becomes an InputError naming the file and the last line read.
 */
export async function* splitLines(stream: Readable, file: string): AsyncGenerator<LineBatch> {
  let carry = '';
  let lineNo = 1;
  try {
    stream.setEncoding('utf8');
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = carry.length > 0 ? carry + chunk : chunk;
      const lines = text.split('\n');
      carry = lines.pop()!;
      if (lines.length === 0) continue;
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
      }
      yield { lines, firstLine: lineNo };
      lineNo += lines.length;
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const reason = (err as Error).message ?? String(err);
    throw new InputError(file, lineNo + countNewlines(carry), undefined, `the file is damaged or truncated (${reason})`);
  }
  if (carry.length > 0) {
    if (carry.charCodeAt(carry.length - 1) === 13) carry = carry.slice(0, -1);
    yield { lines: [carry], firstLine: lineNo };
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/** Lines of a plain or gzip file. */
export function readLines(path: string): AsyncGenerator<LineBatch> {
  return splitLines(openMaybeGzip(path), path);
}
