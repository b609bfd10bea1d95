import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError, UsageError } from '../errors.js';
import { assertReadableFile } from './lines.js';

export const FORMATS = ['lobster', 'binance', 'native', 'tardis', 'ohlcv', 'vtb'] as const;
export type FormatName = (typeof FORMATS)[number];

/** What a file of each format looks like, for messages that compare a file against them. */
export const FORMAT_LOOKS: Record<FormatName, string> = {
  lobster: 'a LOBSTER zip, or TICKER_DATE_START_END_message_N.csv with rows "time,type,order id,size,price,direction"',
  binance: 'recorder lines "<local timestamp> <exchange JSON>" (Binance spot, USD-M, COIN-M or Hyperliquid)',
  native: 'CSV with the header "ts_exch,ts_local,kind,side,price,qty,order_id"',
  tardis: 'Tardis.dev CSV with a header starting "exchange,symbol,timestamp,local_timestamp"',
  ohlcv: 'daily bars with a header starting "date,open,high,low,close,volume"',
  vtb: 'a vtrade binary cache (starts with the bytes "VTB1")',
};

/** The opening bytes of a file, decompressed when it is gzip. */
interface Head {
  /** The first line, without "\r" or a byte-order mark ('' for an empty file). */
  line: string;
  zip: boolean;
  vtb: boolean;
  /** Control bytes other than tab, CR and LF: not a text file. */
  binary: boolean;
  empty: boolean;
}

const SNIFF_BYTES = 65536;

function readHead(path: string): Head {
  assertReadableFile(path);
  const fd = openSync(path, 'r');
  let raw: Buffer;
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    raw = buf.subarray(0, readSync(fd, buf, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  const zip = raw.length >= 4 && raw.readUInt32LE(0) === 0x04034b50;
  const vtb = raw.subarray(0, 4).toString('latin1') === 'VTB1';
  let bytes = raw;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      // A cut-off gzip stream still yields what it holds; finishFlush keeps the partial output.
      bytes = gunzipSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH */ }).subarray(0, SNIFF_BYTES);
    } catch {
      bytes = Buffer.alloc(0);
    }
  }
  const nl = bytes.indexOf(10);
  let text = bytes.subarray(0, nl >= 0 ? nl : Math.min(bytes.length, 4096)).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  let binary = false;
  for (let i = 0; i < Math.min(bytes.length, 4096) && !binary; i++) {
    const c = bytes[i];
    binary = c < 32 && c !== 9 && c !== 10 && c !== 13;
  }
  return { line: text, zip, vtb, binary: binary || zip, empty: raw.length === 0 };
}

/** The first line of a plain or gzip text file ('' when empty or not text). */
export function readFirstLine(path: string): string {
  const head = readHead(path);
  return head.binary ? '' : head.line;
}

const LOBSTER_ROW = /^\d+(\.\d+)?,[1-7],\d+,\d+,-?\d+,-?1$/;
const LOBSTER_NAME = /_(message|orderbook)_\d+\.csv(\.gz)?$/i;

/** The format the content says, or undefined. */
function formatOfContent(path: string, head: Head): FormatName | undefined {
  if (head.vtb) return 'vtb';
  if (head.zip) return 'lobster';
  if (head.binary) return undefined;
  const line = head.line;
  if (/^\d+ \{/.test(line)) return 'binance';
  if (line.startsWith('ts_exch,')) return 'native';
  if (line.startsWith('exchange,symbol,timestamp,local_timestamp')) return 'tardis';
  // The OHLCV reader takes header names in any case and with spaces around them.
  if (/^date,open,high,low,close,volume/i.test(line.replace(/\s*,\s*/g, ',').trim())) return 'ohlcv';
  if (LOBSTER_ROW.test(line)) return 'lobster';
  // A LOBSTER orderbook file: 4N integer columns; its name says which day and depth.
  if (LOBSTER_NAME.test(basename(path)) && /^-?\d+(,-?\d+)*$/.test(line)) return 'lobster';
  return undefined;
}

function describe(head: Head): string {
  if (head.empty) return 'the file is empty';
  if (head.zip) return 'it is a zip archive';
  if (head.binary) return 'it is not text (nor a gzip of text)';
  return `line 1 is "${head.line.length > 100 ? `${head.line.slice(0, 100)}...` : head.line}"`;
}

function formatList(): string {
  const width = Math.max(...FORMATS.map((f) => f.length));
  return FORMATS.map((f) => `\n      ${f.padEnd(width)}  ${FORMAT_LOOKS[f]}`).join('');
}

/** Tells the format from the file's content (its first bytes and line), not its name. */
export async function detectFormat(path: string): Promise<FormatName> {
  const head = readHead(path);
  const format = formatOfContent(path, head);
  if (format !== undefined) return format;
  throw new InputError(path, head.empty ? undefined : 1, undefined, `cannot tell the format: ${describe(head)}`, `vtrade reads:${formatList()}`);
}

/**
 * Checks a format the user forced against the content before any reader starts (so a CSV given
 * as Binance is told so, not asked for an instrument). A mismatch names what the file looks like.
 */
export function checkFormatContent(path: string, format: FormatName): void {
  const head = readHead(path);
  const seen = formatOfContent(path, head);
  if (seen === format) return;
  // A LOBSTER message file with a name the reader will judge; ohlcv headers vary in case and order.
  if (format === 'lobster' && !head.binary && LOBSTER_NAME.test(basename(path))) return;
  const hint =
    seen !== undefined
      ? `it looks like ${seen} data (${FORMAT_LOOKS[seen]}): drop --format, or pass --format ${seen}`
      : `vtrade reads:${formatList()}`;
  throw new InputError(path, head.empty ? undefined : 1, undefined, `not ${format} data (${FORMAT_LOOKS[format]}): ${describe(head)}`, hint);
}

export function checkFormatName(text: string): FormatName {
  if ((FORMATS as readonly string[]).includes(text)) return text as FormatName;
  throw new UsageError(`--format "${text}" is not a known format`, `use one of: ${FORMATS.join(', ')}`);
}
