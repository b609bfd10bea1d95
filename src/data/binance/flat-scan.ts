/**
 * A hand scanner for the common line shape, the combined-stream envelope
 * `{"stream":"<name>","data":{<flat object>}}`, whose values are strings without escapes,
 * non-negative integers, true/false, or arrays of ["price","qty"] string pairs. It validates
 * the whole line and records where each value lies, allocating nothing; the reader slices only
 * the values it needs. JSON.parse would build an object and a string for every field of every
 * line, most of which (bookTicker lines, 70% of a recording) the reader then throws away.
 *
 * Anything outside that strict subset (whitespace, escapes, floats, nested objects, other
 * envelopes) makes scan() return false, and the caller falls back to JSON.parse, which either
 * accepts the line or reports it: the fast path never accepts a line JSON.parse would reject.
 */

/** Slots for the fields the reader uses. */
export const F = { e: 0, E: 1, s: 2, U: 3, u: 4, pu: 5, b: 6, a: 7, T: 8, p: 9, q: 10, m: 11, X: 12, B: 13, A: 14 } as const;
const SLOTS = 15;

export const V = { None: 0, Str: 1, Int: 2, True: 3, False: 4, Pairs: 5 } as const;

const PREFIX = '{"stream":"';
/** A backslash or control character anywhere sends the line to JSON.parse. */
const ESCAPE_OR_CONTROL = /[\x00-\x1f\\]/;
const DATA = '","data":{';

export class FlatScan {
  text = '';
  streamStart = 0;
  streamEnd = 0;
  /** Per slot: value type, and the span of the value (inside the quotes for strings). */
  readonly type = new Uint8Array(SLOTS);
  readonly start = new Int32Array(SLOTS);
  readonly end = new Int32Array(SLOTS);
  readonly int = new Float64Array(SLOTS);

  scan(text: string): boolean {
    this.text = text;
    this.type.fill(0);
    if (!text.startsWith(PREFIX) || ESCAPE_OR_CONTROL.test(text)) return false;
    let i = PREFIX.length;
    const streamEnd = endOfString(text, i);
    if (streamEnd < 0) return false;
    this.streamStart = i;
    this.streamEnd = streamEnd;
    if (!text.startsWith(DATA, streamEnd)) return false;
    i = streamEnd + DATA.length;
    const n = text.length;
    if (text.charCodeAt(i) === 125 /* } */) {
      i++;
    } else {
      for (;;) {
        if (text.charCodeAt(i) !== 34 /* " */) return false;
        const keyEnd = endOfString(text, i + 1);
        if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== 58 /* : */) return false;
        const slot = slotOf(text, i + 1, keyEnd);
        i = this.value(keyEnd + 2, slot);
        if (i < 0) return false;
        const c = text.charCodeAt(i);
        if (c === 44 /* , */) {
          i++;
          continue;
        }
        if (c !== 125 /* } */) return false;
        i++;
        break;
      }
    }
    return i + 1 === n && text.charCodeAt(i) === 125;
  }

  /** The stream name's part after the first "@": "depth@100ms", "bookTicker", "trade". */
  streamKind(): string {
    const at = this.text.indexOf('@', this.streamStart);
    return at < 0 || at >= this.streamEnd ? this.text.slice(this.streamStart, this.streamEnd) : this.text.slice(at + 1, this.streamEnd);
  }

  str(slot: number): string | undefined {
    return this.type[slot] === V.Str ? this.text.slice(this.start[slot], this.end[slot]) : undefined;
  }

  /** Parses one value at i; returns the index after it, or -1 when outside the subset. */
  private value(i: number, slot: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    let type: number;
    let start = i;
    let end: number;
    if (c === 34 /* " */) {
      start = i + 1;
      end = endOfString(text, start);
      if (end < 0) return -1;
      type = V.Str;
      i = end + 1;
    } else if (c >= 48 && c <= 57) {
      let v = 0;
      let j = i;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      const next = text.charCodeAt(j);
      // Leading zeros, fractions, exponents and anything past 15 digits go to JSON.parse.
      if ((c === 48 && j > i + 1) || next === 46 || next === 101 || next === 69 || j - i > 15) return -1;
      type = V.Int;
      end = j;
      if (slot >= 0) this.int[slot] = v;
      i = j;
    } else if (c === 116 /* t */ && text.startsWith('true', i)) {
      type = V.True;
      i += 4;
      end = i;
    } else if (c === 102 /* f */ && text.startsWith('false', i)) {
      type = V.False;
      i += 5;
      end = i;
    } else if (c === 91 /* [ */) {
      end = endOfPairs(text, i);
      if (end < 0) return -1;
      type = V.Pairs;
      i = end;
    } else {
      return -1;
    }
    if (slot >= 0) {
      this.type[slot] = type;
      this.start[slot] = start;
      this.end[slot] = end;
    }
    return i;
  }
}

/** Index of the closing quote of a string starting at i (scan() has ruled out escapes). */
function endOfString(text: string, i: number): number {
  return text.indexOf('"', i);
}

/** `[]` or `[["p","q"],...]` starting at i: the index after the closing bracket, or -1. */
function endOfPairs(text: string, i: number): number {
  i++;
  if (text.charCodeAt(i) === 93 /* ] */) return i + 1;
  for (;;) {
    if (text.charCodeAt(i) !== 91 || text.charCodeAt(i + 1) !== 34) return -1;
    const p = endOfString(text, i + 2);
    if (p < 0 || text.charCodeAt(p + 1) !== 44 || text.charCodeAt(p + 2) !== 34) return -1;
    const q = endOfString(text, p + 3);
    if (q < 0 || text.charCodeAt(q + 1) !== 93) return -1;
    i = q + 2;
    const c = text.charCodeAt(i);
    if (c === 93) return i + 1;
    if (c !== 44) return -1;
    i++;
  }
}

function slotOf(text: string, s: number, e: number): number {
  const len = e - s;
  const c = text.charCodeAt(s);
  if (len === 1) {
    switch (c) {
      case 101: return F.e;
      case 69: return F.E;
      case 115: return F.s;
      case 85: return F.U;
      case 117: return F.u;
      case 98: return F.b;
      case 97: return F.a;
      case 84: return F.T;
      case 112: return F.p;
      case 113: return F.q;
      case 109: return F.m;
      case 88: return F.X;
      case 66: return F.B;
      case 65: return F.A;
      default: return -1;
    }
  }
  if (len === 2 && c === 112 && text.charCodeAt(s + 1) === 117) return F.pu;
  return -1;
}
