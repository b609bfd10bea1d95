import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/seeded-random.js';
import { PortfolioSet } from './portfolio-set.js';

describe('PortfolioSet, by hand', () => {
  it('a tick revalues only the holders of its symbol', () => {
    const set = new PortfolioSet(['AAA', 'BBB', 'CCC'], { multipliers: [1, 1, 10] });
    const p0 = set.addPortfolio(1000);
    const p1 = set.addPortfolio(500);
    expect([p0, p1]).toEqual([0, 1]);
    set.setPosition(p0, 'AAA', 10, 20); // marked at 20 before any tick: NAV 1000 + 200
    set.setPosition(p0, 'CCC', -2, 5); // -2 x 5 x 10 = -100: NAV 1100
    set.setPosition(p1, 'AAA', 2, 30); // 60: NAV 560
    set.setPosition(p1, 'AAA', 3, 25); // replaced before any tick: 75, NAV 575
    expect([set.nav(p0), set.nav(p1)]).toEqual([1100, 575]);
    // AAA to 22: p0 + 10 x (22 - 20) = 1120; p1 + 3 x (22 - 25) = 566
    expect(set.onTick(set.symbolIndex('AAA'), 22)).toBe(2);
    expect([...set.navs()]).toEqual([1120, 566]);
    // BBB has no holders
    expect(set.onTick(1, 99)).toBe(0);
    // CCC to 4: p0 -2 x (4 - 5) x 10 = +20
    expect(set.onTick(2, 4)).toBe(1);
    expect(set.nav(p0)).toBe(1140);
    // unrealized at the average prices: p0 10 x (22 - 20) + -2 x (4 - 5) x 10 = 40; p1 3 x (22 - 25) = -9
    expect([set.unrealized(p0), set.unrealized(p1)]).toEqual([40, -9]);
    // a holding set after ticks is marked at the last tick, not its average price
    set.setPosition(p1, 'BBB', 1, 90); // 1 x 99
    expect(set.nav(p1)).toBe(566 + 99);
    // removing a holding takes its value out and stops its revaluation
    set.setPosition(p0, 'AAA', 0, 0); // 1140 - 220 = 920
    expect(set.nav(p0)).toBe(920);
    expect(set.onTick(0, 30)).toBe(1); // p1 only: 566 + 99 + 3 x 8 = 689
    expect([...set.navs()]).toEqual([920, 689]);
    set.setCash(p0, 0);
    expect(set.nav(p0)).toBe(-80);
    expect(set.resync()).toBe(0);
  });

  it('rejects unknown symbols, portfolios and non-finite numbers', () => {
    const set = new PortfolioSet(['A']);
    const id = set.addPortfolio(0);
    expect(() => set.onTick(1, 1)).toThrow(/symbol index/);
    expect(() => set.onTick(0, Number.NaN)).toThrow(/price/);
    expect(() => set.setPosition(id, 'Z', 1, 1)).toThrow(/unknown symbol/);
    expect(() => set.setPosition(7, 'A', 1, 1)).toThrow(/portfolio/);
    expect(() => new PortfolioSet(['A', 'A'])).toThrow(/twice/);
  });
});

/** The obvious model: per portfolio, cash and a map of holdings, NAV summed from scratch. */
class Naive {
  cash: number[] = [];
  holds: Map<number, { qty: number; last: number }>[] = [];
  last: number[];
  constructor(
    n: number,
    readonly mult: number[],
  ) {
    this.last = new Array<number>(n).fill(Number.NaN);
  }
  /** Largest |cash| + sum |qty x last x multiplier| each portfolio has had: float error scales with it. */
  peak: number[] = [];
  nav(id: number): number {
    let v = this.cash[id];
    for (const [s, h] of this.holds[id]) v += h.qty * h.last * this.mult[s];
    return v;
  }
  notePeaks(): void {
    for (let id = 0; id < this.cash.length; id++) {
      let mag = Math.abs(this.cash[id]);
      for (const [s, h] of this.holds[id]) mag += Math.abs(h.qty * h.last * this.mult[s]);
      this.peak[id] = Math.max(this.peak[id] ?? 0, mag);
    }
  }
}

describe('PortfolioSet: properties', () => {
  it('delta NAV equals full recomputation over random position changes and ticks', () => {
    const nSym = 6;
    const action = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), cash: fc.integer({ min: -1e6, max: 1e7 }) }),
      fc.record({ kind: fc.constant('set' as const), id: fc.nat(7), s: fc.nat(nSym - 1), qty: fc.oneof(fc.constant(0), fc.integer({ min: -5000, max: 5000 })), avg: fc.double({ min: 1, max: 5000, noNaN: true }) }),
      fc.record({ kind: fc.constant('tick' as const), s: fc.nat(nSym - 1), price: fc.double({ min: 0.01, max: 5000, noNaN: true }) }),
      fc.record({ kind: fc.constant('cash' as const), id: fc.nat(7), cash: fc.integer({ min: -1e6, max: 1e7 }) }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e7 }), { minLength: 1, maxLength: 4 }), fc.array(action, { minLength: 30, maxLength: 300 }), (cashes, actions) => {
        const mult = [1, 1, 50, 1, 0.1, 1];
        const set = new PortfolioSet(['a', 'b', 'c', 'd', 'e', 'f'], { multipliers: mult, resyncEvery: 0 });
        const model = new Naive(nSym, mult);
        const add = (cash: number) => {
          set.addPortfolio(cash);
          model.cash.push(cash);
          model.holds.push(new Map());
        };
        cashes.forEach(add);
        for (const a of actions) {
          if (a.kind === 'add') {
            add(a.cash);
          } else if (a.kind === 'tick') {
            const touched = set.onTick(a.s, a.price);
            let holders = 0;
            for (const h of model.holds) {
              const x = h.get(a.s);
              if (x !== undefined) {
                x.last = a.price;
                holders++;
              }
            }
            model.last[a.s] = a.price;
            expect(touched).toBe(holders);
          } else {
            const id = a.id % set.portfolioCount;
            if (a.kind === 'cash') {
              set.setCash(id, a.cash);
              model.cash[id] = a.cash;
            } else {
              set.setPosition(id, a.s, a.qty, a.avg);
              if (a.qty === 0) model.holds[id].delete(a.s);
              else model.holds[id].set(a.s, { qty: a.qty, last: Number.isNaN(model.last[a.s]) ? a.avg : model.last[a.s] });
            }
          }
          model.notePeaks();
        }
        const navs = set.navs();
        expect(navs.length).toBe(model.cash.length);
        for (let id = 0; id < navs.length; id++) {
          const want = model.nav(id);
          expect(Math.abs(navs[id] - want)).toBeLessThanOrEqual(1e-12 * (model.peak[id] + 1));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays within 1e-9 of from-scratch NAVs after 1e6 ticks, and resync restores them', () => {
    const rng = new SeededRandom(7);
    const nSym = 40;
    const set = new PortfolioSet(Array.from({ length: nSym }, (_, i) => `S${i}`), { resyncEvery: 0 });
    const prices = Array.from({ length: nSym }, () => 20 + rng.next() * 300);
    for (let id = 0; id < 200; id++) {
      set.addPortfolio(100_000);
      for (let k = 0; k < 8; k++) set.setPosition(id, rng.int(nSym), (rng.next() < 0.2 ? -1 : 1) * (1 + rng.int(500)), prices[k]);
    }
    let revaluations = 0;
    for (let t = 0; t < 1_000_000; t++) {
      const s = rng.int(nSym);
      prices[s] *= Math.exp(0.002 * rng.normal());
      revaluations += set.onTick(s, prices[s]);
    }
    expect(revaluations).toBeGreaterThan(1_000_000);
    const drift = set.resync();
    expect(drift).toBeLessThanOrEqual(1e-9);
  });
});
