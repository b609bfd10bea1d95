import type { EventKind, MarketEvent, Side } from '../../engine/model/events.js';
import { bigIntFromHalves } from '../epoch-digits.js';

/**
 * The events a pass has made and not yet handed out, and the line they come from: its file,
 * line, record number and local time, stamped on every event and named in warnings.
 */
export class PassEvents {
  out: MarketEvent[] = [];
  /** Events made so far in the pass. */
  emitted = 0;
  /** The line being read. */
  file = '';
  line = 0;
  record = 0;
  tsLocal = 0n;
  /** The latest exchange time seen (ns), the closest honest stamp for what carries none. */
  lastExch: bigint | undefined;
  private lastMs = -1;
  private lastMsNs = 0n;

  take(): MarketEvent[] {
    const batch = this.out;
    this.out = [];
    return batch;
  }

  /** "file:line", for warnings. */
  get where(): string {
    return `${this.file}:${this.line}`;
  }

  push(kind: EventKind, side: Side, price: number, qty: number, tsExch: bigint): void {
    this.emitted++;
    this.out.push({ kind, side, price, qty, orderId: 0, tsExch, tsLocal: this.tsLocal, record: this.record });
  }

  /** An exchange time in ms as ns. */
  exchNs(ms: number): bigint {
    // Consecutive messages often share their event time: one bigint for a run of them.
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      const hi = Math.floor(ms / 1000);
      this.lastMsNs = hi < 1e10 ? bigIntFromHalves(hi, (ms - hi * 1000) * 1e6) : BigInt(ms) * 1_000_000n;
    }
    const ns = this.lastMsNs;
    if (this.lastExch === undefined || ns > this.lastExch) this.lastExch = ns;
    return ns;
  }
}
