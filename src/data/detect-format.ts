import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { assertReadableFile, openMaybeGzip } from './lines.js';

export const FORMATS = ['lobster', 'binance', 'native', 'tardis', 'ohlcv', 'vtb'] as const;
export type FormatName = (typeof FORMATS)[number];

/** Reads the first line of a plain or gzip file (at most 64 KiB of it). */
async function firstLine(path: string): Promise<string> {
  const stream = openMaybeGzip(path);
  let text = '';
  try {
    for await (const chunk of stream) {
      text += chunk.toString('utf8');
      const nl = text.indexOf('\n');
      if (nl >= 0) return text.slice(0, nl).replace(/\r$/, '');
      if (text.length > 65536) break;
    }
  } catch {
    // A damaged file is reported by the reader, with the line; detection only needs a guess.
  } finally {
    stream.destroy();
  }
  return text;
}

/** Guesses the format from the file name and its first line. */
export async function detectFormat(path: string): Promise<FormatName> {
  assertReadableFile(path);
  const name = basename(path).toLowerCase();
  if (name.endsWith('.vtb')) return 'vtb';
  if (name.endsWith('.zip') || /_message_\d+\.csv$/.test(name)) return 'lobster';
  const head = await firstLine(path);
  if (/^\d+ \{/.test(head)) return 'binance';
  if (head.startsWith('ts_exch,')) return 'native';
  if (head.startsWith('exchange,symbol,timestamp,local_timestamp')) return 'tardis';
  if (/^date,open,high,low,close,volume/i.test(head)) return 'ohlcv';
  throw new UsageError(
    `cannot tell the format of ${path}`,
    `pass --format with one of: ${FORMATS.join(', ')}`,
  );
}
