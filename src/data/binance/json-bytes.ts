// Byte-level checks shared by the scanners that read Hyperliquid lines without JSON.parse
// (hl-book-scan, hl-trades-scan): each accepts only the exact shape the collector writes and
// answers "no" to anything else, which then goes the JSON.parse way.

const QUOTE = 34;
const BACKSLASH = 92;

/** b[i, to) starts with `word`. */
export function startsWith(b: Buffer, i: number, to: number, word: Buffer): boolean {
  const n = word.length;
  if (i + n > to) return false;
  for (let k = 0; k < n; k++) if (b[i + k] !== word[k]) return false;
  return true;
}

/** The closing quote of a string of printable ASCII without escapes starting at b[i], or -1. */
export function plainStringEnd(b: Buffer, i: number, to: number): number {
  for (; i < to; i++) {
    const c = b[i];
    if (c === QUOTE) return i;
    if (c < 32 || c > 126 || c === BACKSLASH) return -1;
  }
  return -1;
}
