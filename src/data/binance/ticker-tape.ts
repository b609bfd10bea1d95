/**
 * What the instrument survey learnt about the lines of a file: which are plain bookTicker lines
 * (FlatScan took them and every field the pass checks has its type), and where their symbol
 * lies. Unless someone asked for the tickers, the pass only checks such a line's local time and
 * symbol, instead of validating its JSON again: bookTicker lines are 70% of a recording's lines
 * and 47% of its text. Valid only for the very bytes the survey read: the kept text, or a file
 * read again whose compressed bytes are checked to be the same (FileChunks.expected).
 *
 * One bit a line: the symbol of a recording's ticker lines sits at one place in the JSON (the
 * `u` before it has a fixed number of digits for months), so the tape keeps the first marked
 * line's place and marks only the lines that share it; any other is left to the full read.
 * About 12 KB for a day of 94,000 lines, so it is kept for a file too long to keep the text of.
 */
export class TickerTape {
  /** 1 + the symbol's offset in the JSON * 256 + its length, of every marked line (0: none yet). */
  private code = 0;
  private bits = new Uint8Array(1 << 10);

  /** Line `line` is a plain bookTicker line; its symbol is at json[offset, offset + length). */
  mark(line: number, offset: number, length: number): void {
    if (offset >= 1 << 23 || length >= 256) return; // left to the full read
    const code = 1 + offset * 256 + length;
    if (this.code === 0) this.code = code;
    else if (code !== this.code) return; // left to the full read
    const byte = line >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, byte + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte] |= 1 << (line & 7);
  }

  /** The code of `line`: 0 when it is not a marked bookTicker line. */
  at(line: number): number {
    const byte = line >>> 3;
    return byte < this.bits.length && (this.bits[byte] & (1 << (line & 7))) !== 0 ? this.code : 0;
  }
}

/** The symbol's offset in the JSON, for a non-zero code. */
export const symbolOffset = (code: number): number => Math.floor((code - 1) / 256);

/** The symbol's length in bytes, for a non-zero code. */
export const symbolLength = (code: number): number => (code - 1) % 256;
