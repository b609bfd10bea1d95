/**
 * Recent traded volume and volatility, which the impact models scale by. Both decay
 * exponentially so they need no window of history: volume with a 60 s half-life, volatility
 * as an exponentially weighted RMS of trade-to-trade price changes (in ticks).
 */
const VOLUME_HALF_LIFE_NS = 60e9;
const VOL_WEIGHT = 0.05;

export class MarketStats {
  private volume = 0;
  private volumeAt = 0n;
  private meanSquare = 1;
  private lastPrice: number | undefined;

  onTrade(price: number, qty: number, now: bigint): void {
    // Prints of one message share a time: no BigInt difference (an allocation) and no decay.
    if (now !== this.volumeAt) {
      this.volume = this.recentVolume(now) + qty;
      this.volumeAt = now;
    } else this.volume += qty;
    if (this.lastPrice !== undefined) {
      const d = price - this.lastPrice;
      this.meanSquare = (1 - VOL_WEIGHT) * this.meanSquare + VOL_WEIGHT * d * d;
    }
    this.lastPrice = price;
  }

  recentVolume(now: bigint): number {
    if (this.volume === 0) return 0;
    const dt = Number(now - this.volumeAt);
    return dt <= 0 ? this.volume : this.volume * Math.pow(2, -dt / VOLUME_HALF_LIFE_NS);
  }

  /** At least one tick, so a quiet market still has a scale. */
  volatilityTicks(): number {
    return Math.max(1, Math.sqrt(this.meanSquare));
  }
}
