import { Decimal } from 'decimal.js';

/**
 * Decimal text parsed once while it repeats. A maker quoting one size pays the same few fees
 * over and over (per share, or the per-order minimum), so a fill's fee is the last one parsed
 * far more often than not; a Decimal never changes, so handing the same one out again is safe.
 */
export class RepeatedDecimal {
  private lastText = '0';
  private last = new Decimal(0);

  of(text: string): Decimal {
    if (text !== this.lastText) {
      this.lastText = text;
      this.last = new Decimal(text);
    }
    return this.last;
  }
}
