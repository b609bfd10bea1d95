/**
 * One int64 column of nanosecond timestamps read as BigInts, one BigInt per run of equal values.
 * Reading a BigInt64Array element makes a new BigInt on the heap every time, and a block's events
 * mostly repeat the stamp before them (43 % of a LOBSTER day's events share their predecessor's
 * time, 97 % of a Binance depth stream's; a LOBSTER event's local time is its exchange time): the
 * events of a block then hold a fraction of the BigInts, and the reader makes that much less
 * garbage. A BigInt is a value, so sharing one between events changes nothing they can observe.
 * The comparison is on the two 32-bit halves, which needs no BigInt.
 */
export class StampColumn {
  private readonly words: Int32Array;
  private readonly values: BigInt64Array;
  private lo = 0;
  private hi = 0;
  private last: bigint | undefined = undefined;

  /** The column of n stamps at byte offset `at` of buffer (8-aligned). */
  constructor(buffer: ArrayBuffer, at: number, n: number) {
    this.words = new Int32Array(buffer, at, 2 * n);
    this.values = new BigInt64Array(buffer, at, n);
  }

  /** Row i's stamp: the BigInt of the row before when its value is the same. */
  at(i: number): bigint {
    const lo = this.words[2 * i];
    const hi = this.words[2 * i + 1];
    if (this.last === undefined || lo !== this.lo || hi !== this.hi) {
      this.last = this.values[i];
      this.lo = lo;
      this.hi = hi;
    }
    return this.last;
  }

  /** Whether row i holds the same stamp in this column and in `other` (of the same block). */
  sameRow(other: StampColumn, i: number): boolean {
    return this.words[2 * i] === other.words[2 * i] && this.words[2 * i + 1] === other.words[2 * i + 1];
  }
}
