/**
 * Values by client id, for the tens of thousands of orders a market maker sends in a run. Ids
 * of the form the kernel generates ('o1', 'o2', ...: 'o' and a number without leading zeros) are
 * kept in an array at their number, any other in a map, so that the usual order costs no map
 * insert. values() gives each id's value in the order the ids were first set, as a Map would.
 */
export class ClientIdIndex<T> {
  private readonly numbered: (T | undefined)[] = [];
  private readonly named = new Map<string, T>();
  /** Every id's value, in the order the ids were first set. */
  private readonly inOrder: T[] = [];

  get(id: string): T | undefined {
    const n = generatedIdNumber(id);
    if (n > 0 && n < this.numbered.length) {
      const v = this.numbered[n];
      if (v !== undefined) return v;
    }
    return this.named.size === 0 ? undefined : this.named.get(id);
  }

  set(id: string, value: T): void {
    const n = generatedIdNumber(id);
    const numbered = this.numbered;
    // Numbers far beyond the count kept go to the map, so that one odd id makes no vast array.
    if (n > 0 && n <= numbered.length + 4096 && (this.named.size === 0 || !this.named.has(id))) {
      const old = numbered[n];
      while (numbered.length <= n) numbered.push(undefined);
      numbered[n] = value;
      this.keepOrder(old, value);
      return;
    }
    const old = this.named.get(id);
    this.named.set(id, value);
    this.keepOrder(old, value);
  }

  values(): readonly T[] {
    return this.inOrder;
  }

  /** A new id goes last; a value set again under its id keeps the id's place. */
  private keepOrder(old: T | undefined, value: T): void {
    if (old === undefined) this.inOrder.push(value);
    else if (old !== value) this.inOrder[this.inOrder.indexOf(old)] = value;
  }
}

/** n for a generated client id 'o' + n (n >= 1, written without leading zeros), else 0. */
export function generatedIdNumber(id: string): number {
  const len = id.length;
  if (len < 2 || len > 16 || id.charCodeAt(0) !== 111 /* o */ || id.charCodeAt(1) === 48 /* 0 */) return 0;
  let n = 0;
  for (let i = 1; i < len; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  return n;
}
