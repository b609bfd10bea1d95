import { generatedIdNumber as generatedNumber } from '../exchange/client-id-index.js';
import type { StrategyOrder } from './kernel-types.js';

/**
 * The strategy's orders by client id. A market maker sends tens of thousands of orders a run,
 * nearly all with ids the kernel makes up ('o1', 'o2', ...): those are kept in an array at their
 * number, and only ids the strategy names (and those of orders the venue places itself) in a map.
 * An id is in one place at most: submit keeps the first order of an id, generated or named.
 */
export class OrdersById {
  /** generated[n]: the order sent with the generated id 'o' + n. */
  private readonly generated: (StrategyOrder | undefined)[] = [undefined];
  private readonly named = new Map<string, StrategyOrder>();
  private seq = 0;

  /** The number of the next generated id, 'o' + n (which may be taken, when the strategy names ids too). */
  next(): number {
    return ++this.seq;
  }

  get(clientId: string): StrategyOrder | undefined {
    const n = generatedNumber(clientId);
    const o = n > 0 && n < this.generated.length ? this.generated[n] : undefined;
    if (o !== undefined || this.named.size === 0) return o;
    return this.named.get(clientId);
  }

  /** Keeps `o` under its id, which no order holds: generated as number n, or named (n = 0). */
  set(o: StrategyOrder, n: number): void {
    if (n === 0) {
      this.named.set(o.view.clientId, o);
      return;
    }
    const g = this.generated;
    while (g.length < n) g.push(undefined);
    g[n] = o;
  }
}
