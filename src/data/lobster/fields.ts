/**
 * Hand scanners for the two LOBSTER CSV layouts. They run on every row of files of tens of
 * megabytes, so they read the digits straight from the bytes of a line, once, instead of
 * decoding and splitting strings. A bad field throws a FieldError; the caller adds file and
 * line.
 */

export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** One message file row. */
export interface MessageRow {
  /** Nanoseconds after midnight, exact (from the decimal text, never a float). */
  nsInDay: number;
  /** The time had decimals past the nanosecond, rounded away. */
  subNanosecond: boolean;
  type: number;
  orderId: number;
  size: number;
  /** Dollars x 10000, as written. */
  price: number;
  direction: number;
}

export const MESSAGE_FIELDS = ['time', 'type', 'orderId', 'size', 'price', 'direction'] as const;

export function newMessageRow(): MessageRow {
  return { nsInDay: 0, subNanosecond: false, type: 0, orderId: 0, size: 0, price: 0, direction: 0 };
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
/** More digits than this cannot be held exactly (2^53 has 16). */
const MAX_DIGITS = 15;

/** Parses "Time,Type,OrderID,Size,Price,Direction" from b[start, end) into `out`. */
export function parseMessageLine(b: Uint8Array, start: number, end: number, out: MessageRow): void {
  if (start === end) throw new FieldError('line', 'empty line');
  // Time: seconds with decimals, as integer nanoseconds.
  let i = start;
  let secs = 0;
  let digits = 0;
  let c = 0;
  for (; i < end; i++) {
    c = b[i];
    if (c < 48 || c > 57) break;
    secs = secs * 10 + (c - 48);
    digits++;
  }
  let frac = 0;
  let fracDigits = 0;
  let roundUp = 0;
  out.subNanosecond = false;
  if (i < end && c === 46 /* . */) {
    for (i++; i < end; i++) {
      c = b[i];
      if (c < 48 || c > 57) break;
      if (fracDigits < 9) {
        frac = frac * 10 + (c - 48);
      } else {
        // Some rows carry float noise past the nanosecond ("43002.632812672004"): round it
        // away in the text, half up on the tenth decimal.
        if (fracDigits === 9 && c >= 53) roundUp = 1;
        out.subNanosecond = true;
      }
      fracDigits++;
    }
    if (fracDigits === 0) {
      throw new FieldError('time', `time "${fieldText(b, start, end, 0)}" must be seconds after midnight, with decimals after the point`);
    }
    if (fracDigits > 9) fracDigits = 9;
  }
  if (digits === 0 || digits > 6 || i >= end || b[i] !== 44 /* , */) {
    if (i >= end && digits > 0 && digits <= 6) throw missing(b, start, end, 1);
    throw new FieldError('time', `time "${fieldText(b, start, end, 0)}" is not seconds after midnight`);
  }
  out.nsInDay = secs * 1e9 + frac * POW10[9 - fracDigits] + roundUp;
  i++;

  // The five integer fields.
  for (let f = 1; f <= 5; f++) {
    let neg = false;
    let v = 0;
    let n = 0;
    if (i < end && b[i] === 45 /* - */) {
      neg = true;
      i++;
    }
    for (; i < end; i++) {
      c = b[i];
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      n++;
    }
    const atEnd = i >= end;
    if (n === 0 || n > MAX_DIGITS || (!atEnd && b[i] !== 44)) {
      if (n === 0 && atEnd && !neg) throw missing(b, start, end, f);
      throw new FieldError(MESSAGE_FIELDS[f], `${MESSAGE_FIELDS[f]} "${fieldText(b, start, end, f)}" is not an integer`);
    }
    if (f < 5 && atEnd) throw missing(b, start, end, f + 1);
    if (f === 5 && !atEnd) throw new FieldError('line', `expected 6 fields, got ${countFields(b, start, end)}`);
    i++;
    if (neg) v = -v;
    switch (f) {
      case 1:
        out.type = v;
        break;
      case 2:
        out.orderId = v;
        break;
      case 3:
        out.size = v;
        break;
      case 4:
        out.price = v;
        break;
      default:
        out.direction = v;
    }
  }
}

const BOOK_COLUMN_NAMES = ['AskPrice', 'AskSize', 'BidPrice', 'BidSize'];

/** The LOBSTER name of an orderbook column (0-based): AskPrice1, AskSize1, BidPrice1, ... */
export function bookColumnName(col: number): string {
  return `${BOOK_COLUMN_NAMES[col % 4]}${Math.floor(col / 4) + 1}`;
}

/**
 * Parses an orderbook row of `out.length` integers (AskPx1, AskSz1, BidPx1, BidSz1, AskPx2, ...)
 * from b[start, end) into `out`. Orderbook files are most of the bytes, so a lean loop takes
 * every well-formed row and a second, careful pass finds what is wrong with the others.
 */
export function parseBookLine(b: Uint8Array, start: number, end: number, out: Float64Array): void {
  const cols = out.length;
  const last = cols - 1;
  let i = start;
  for (let col = 0; col < cols; col++) {
    let neg = false;
    if (b[i] === 45 /* - */) {
      neg = true;
      i++;
    }
    const first = i;
    let v = 0;
    while (i < end) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      i++;
    }
    const n = i - first;
    const ok = n > 0 && n <= MAX_DIGITS && (i < end ? col < last && b[i] === 44 : col === last);
    if (!ok) return explainBookLine(b, start, end, cols);
    out[col] = neg ? -v : v;
    i++;
  }
}

/** Throws the FieldError that says what is wrong with an orderbook row. */
function explainBookLine(b: Uint8Array, start: number, end: number, cols: number): never {
  let i = start;
  for (let col = 0; col < cols; col++) {
    let neg = false;
    let n = 0;
    let c = 0;
    if (i < end && b[i] === 45) {
      neg = true;
      i++;
    }
    for (; i < end; i++) {
      c = b[i];
      if (c < 48 || c > 57) break;
      n++;
    }
    const atEnd = i >= end;
    if (n === 0 || n > MAX_DIGITS || (!atEnd && c !== 44)) {
      if (n === 0 && atEnd && !neg) {
        throw new FieldError(bookColumnName(col), `expected ${cols} fields, got ${countFields(b, start, end)}`);
      }
      throw new FieldError(bookColumnName(col), `${bookColumnName(col)} "${fieldText(b, start, end, col)}" is not an integer`);
    }
    if (col < cols - 1 && atEnd) {
      throw new FieldError(bookColumnName(col + 1), `expected ${cols} fields, got ${countFields(b, start, end)}`);
    }
    if (col === cols - 1 && !atEnd) {
      throw new FieldError('line', `expected ${cols} fields, got ${countFields(b, start, end)}`);
    }
    i++;
  }
  throw new FieldError('line', 'malformed orderbook row');
}

function missing(b: Uint8Array, start: number, end: number, f: number): FieldError {
  return new FieldError(MESSAGE_FIELDS[f], `expected 6 fields, got ${countFields(b, start, end)}`);
}

function countFields(b: Uint8Array, start: number, end: number): number {
  if (start === end) return 0;
  let n = 1;
  for (let i = start; i < end; i++) if (b[i] === 44) n++;
  return n;
}

/** The text of the n-th comma separated field, for error messages. */
function fieldText(b: Uint8Array, start: number, end: number, n: number): string {
  const text = Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('utf8').split(',')[n] ?? '';
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
