/**
 * What the instrument survey learnt about each line of the text it kept: which lines are plain
 * bookTicker lines (FlatScan took them and every field the pass checks has its type), and where
 * their symbol lies. Unless someone asked for the tickers, the pass only checks such a line's
 * local time and symbol, instead of validating its JSON again: bookTicker lines are 70% of a
 * recording's lines and 47% of its text. Valid only for the very bytes the survey read, so only
 * with the kept text.
 */
export class TickerTape {
  /** Per line number: 0, or 1 + the symbol's offset in the line's JSON * 256 + its length. */
  private codes = new Uint32Array(1 << 12);

  /** Line `line` is a plain bookTicker line; its symbol is at json[offset, offset + length). */
  mark(line: number, offset: number, length: number): void {
    if (offset >= 1 << 23 || length >= 256) return; // left to the full read
    if (line >= this.codes.length) {
      const grown = new Uint32Array(Math.max(this.codes.length * 2, line + 1));
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[line] = 1 + offset * 256 + length;
  }

  /** The code of `line`: 0 when it is not a plain bookTicker line. */
  at(line: number): number {
    return line < this.codes.length ? this.codes[line] : 0;
  }
}

/** The symbol's offset in the JSON, for a non-zero code. */
export const symbolOffset = (code: number): number => Math.floor((code - 1) / 256);

/** The symbol's length in bytes, for a non-zero code. */
export const symbolLength = (code: number): number => (code - 1) % 256;
