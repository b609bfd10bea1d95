import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssetClass, makeInstrument } from '../model/instrument.js';
import { SeededRandom } from '../random/seeded-random.js';
import { LedgerDecimal } from './lots.js';
import { Portfolio } from './portfolio.js';

const inst = (symbol: string, assetClass: AssetClass, sector?: string) =>
  makeInstrument({ symbol, venue: 'T', assetClass, currency: 'USD', tickSize: '0.01', lotSize: '0.0001', ...(sector === undefined ? {} : { sector }) });

function handPortfolio(): Portfolio {
  const p = new Portfolio('100000');
  p.addInstrument(inst('AAPL', 'equity', 'Information Technology'));
  p.addInstrument(inst('XOM', 'equity', 'Energy'));
  p.addInstrument(inst('MES', 'future'), { multiplier: 5 });
  p.addInstrument(inst('BTC', 'crypto'));
  p.fill('AAPL', 'buy', 100, 150, 1); // cash 100000 - 15000 - 1 = 84999
  p.fill('XOM', 'sell', 200, 80, 1); // cash + 16000 - 1 = 100998
  p.fill('MES', 'buy', 2, 1000); // 2 x 1000 x 5 = 10000: cash 90998
  p.fill('BTC', 'buy', '0.5', 60000); // cash 60998
  return p;
}

describe('Portfolio, by hand', () => {
  it('NAV, exposures, P&L, weights and allocations', () => {
    const p = handPortfolio();
    expect(p.cash.toFixed()).toBe('60998');
    expect(p.mark('AAPL', 160)).toBe(true);
    p.mark('XOM', 75);
    p.mark('MES', 1010);
    p.mark('BTC', 62000);
    expect(p.mark('MSFT', 400)).toBe(false);
    // values: AAPL 100 x 160 = 16000; XOM -200 x 75 = -15000; MES 2 x 1010 x 5 = 10100; BTC 31000
    expect(p.netExposure).toBe(42100);
    expect(p.grossExposure).toBe(72100);
    // NAV = 60998 + 42100 = 103098 = 100000 + (1000 + 1000 + 100 + 1000) - 2 fees
    expect(p.nav).toBe(103098);
    expect(p.unrealized()).toEqual({ avg: 3100, fifo: 3100 });
    expect(p.fees().toFixed()).toBe('2');

    const w = new Map(p.weights().map((x) => [x.symbol, x]));
    expect(w.get('XOM')?.value).toBe(-15000);
    expect(w.get('XOM')?.ofNav).toBeCloseTo(-15000 / 103098, 15);
    expect(w.get('AAPL')?.ofGross).toBeCloseTo(16000 / 72100, 15);

    const bySector = p.allocationBySector();
    expect([...bySector.keys()].sort()).toEqual(['Energy', 'Information Technology', 'unknown']);
    expect(bySector.get('Energy')).toEqual({ long: 0, short: -15000, net: -15000, gross: 15000, weight: 15000 / 72100 });
    // MES and BTC carry no sector: 10100 + 31000
    expect(bySector.get('unknown')?.gross).toBe(41100);
    const byClass = p.allocationByAssetClass();
    expect(byClass.get('equity')).toEqual({ long: 16000, short: -15000, net: 1000, gross: 31000, weight: 31000 / 72100 });
    expect(byClass.get('future')?.gross).toBe(10100);

    // sell 50 AAPL @ 170: realized 50 x (170 - 150) = 1000; cash + 8500 = 69498; AAPL marked 170
    const r = p.fill('AAPL', 'sell', 50, 170);
    expect(r.realizedAvg.toFixed()).toBe('1000');
    expect(p.cash.toFixed()).toBe('69498');
    // NAV = 69498 + 8500 - 15000 + 10100 + 31000 = 104098
    expect(p.nav).toBe(104098);
    expect(p.realized().avg.toFixed()).toBe('1000');
    // a tick touches only its symbol: XOM to 70 moves NAV by -200 x -5 = +1000
    p.mark('XOM', 70);
    expect(p.nav).toBe(105098);
    expect(p.position('AAPL')?.mark).toBe(170);
  });

  it('FIFO and average cost differ on a partial close and agree once flat', () => {
    const p = new Portfolio(0);
    p.addInstrument(inst('X', 'equity'));
    p.fill('X', 'buy', 10, 10);
    p.fill('X', 'buy', 10, 20);
    // sell 10 @ 25: avg (25 - 15) x 10 = 100; FIFO (25 - 10) x 10 = 150
    p.fill('X', 'sell', 10, 25);
    expect([p.realized().avg.toFixed(), p.realized().fifo.toFixed()]).toEqual(['100', '150']);
    // unrealized at 25: avg (25 - 15) x 10 = 100; FIFO (25 - 20) x 10 = 50
    expect(p.unrealized()).toEqual({ avg: 100, fifo: 50 });
    p.fill('X', 'sell', 10, 25);
    expect([p.realized().avg.toFixed(), p.realized().fifo.toFixed()]).toEqual(['200', '200']);
    expect(p.weights()).toEqual([]);
    expect(p.allocationBySector().size).toBe(0);
  });

  it('rejects fills in unknown instruments and non-finite marks', () => {
    const p = handPortfolio();
    expect(() => p.fill('MSFT', 'buy', 1, 1)).toThrow(/MSFT/);
    expect(() => p.mark('AAPL', Number.NaN)).toThrow(/price/);
    expect(() => p.addInstrument(inst('AAPL', 'equity'))).toThrow(/already/);
  });
});

const SYMBOLS = [
  { symbol: 'A', assetClass: 'equity' as const, sector: 'Health Care', mult: '1' },
  { symbol: 'B', assetClass: 'equity' as const, sector: 'Energy', mult: '1' },
  { symbol: 'C', assetClass: 'future' as const, sector: undefined, mult: '50' },
  { symbol: 'D', assetClass: 'crypto' as const, sector: undefined, mult: '1' },
  { symbol: 'E', assetClass: 'equity' as const, sector: 'Energy', mult: '1' },
];

const text = (min: number, max: number, dp: number) => fc.integer({ min, max }).map((n) => new LedgerDecimal(n).dividedBy(10 ** dp).toFixed());
const op = fc.oneof(
  fc.record({ kind: fc.constant('fill' as const), sym: fc.nat(SYMBOLS.length - 1), side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'), qty: text(1, 100_000, 3), price: text(1, 10_000_000, 4), fee: text(0, 1000, 2) }),
  fc.record({ kind: fc.constant('mark' as const), sym: fc.nat(SYMBOLS.length - 1), price: text(1, 10_000_000, 4) }),
  fc.record({ kind: fc.constant('deposit' as const), amount: text(-100_000, 100_000, 2) }),
);

describe('Portfolio: properties', () => {
  /**
   * Ledger identity (exact, each method): cash + sum of signed cost bases + fees - realized =
   * contributions (starting cash + deposits). NAV = cash + sum of qty x mark x multiplier,
   * checked against an exact recomputation; the running NAV against a float one from scratch.
   */
  it('the ledger balances exactly, NAV matches, weights sum to 1', () => {
    fc.assert(
      fc.property(text(0, 100_000_000, 2), fc.array(op, { minLength: 20, maxLength: 120 }), (cash, ops) => {
        const p = new Portfolio(cash);
        for (const s of SYMBOLS) p.addInstrument(inst(s.symbol, s.assetClass, s.sector), { multiplier: s.mult });
        // Float error scales with the largest magnitudes the running sums have held.
        let peak = 0;
        for (const o of ops) {
          if (o.kind === 'fill') p.fill(SYMBOLS[o.sym].symbol, o.side, o.qty, o.price, o.fee);
          else if (o.kind === 'mark') p.mark(SYMBOLS[o.sym].symbol, Number(o.price));
          else p.deposit(o.amount);

          const positions = [...p.positions()];
          const sum = (f: (x: (typeof positions)[number]) => InstanceType<typeof LedgerDecimal>) => positions.reduce((a, x) => a.plus(f(x)), new LedgerDecimal(0));
          const { avg, fifo } = p.realized();
          const fees = p.fees();
          expect(p.cash.plus(sum((x) => x.book.costAvg)).plus(fees).minus(avg).toFixed()).toBe(p.contributions.toFixed());
          expect(p.cash.plus(sum((x) => x.book.costFifo)).plus(fees).minus(fifo).toFixed()).toBe(p.contributions.toFixed());

          const exactNav = p.cash.plus(sum((x) => (x.qty === 0 ? new LedgerDecimal(0) : x.book.qty.times(x.mark).times(x.book.multiplier)))).toNumber();
          peak = Math.max(peak, Math.abs(p.cash.toNumber()) + p.grossExposure + 1);
          const scale = peak;
          expect(Math.abs(p.nav - exactNav)).toBeLessThanOrEqual(1e-12 * scale);
          expect(Math.abs(p.nav - p.navFromScratch())).toBeLessThanOrEqual(1e-12 * scale);

          const ws = p.weights();
          if (ws.length > 0) {
            expect(Math.abs(ws.reduce((a, w) => a + w.ofGross, 0) - 1)).toBeLessThanOrEqual(1e-12);
            for (const by of ['sector', 'assetClass'] as const) {
              expect(Math.abs([...p.allocation(by).values()].reduce((a, s) => a + s.weight, 0) - 1)).toBeLessThanOrEqual(1e-12);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('after 1e6 random ticks the incremental NAV equals the from-scratch NAV within 1e-9 relative', () => {
    const rng = new SeededRandom(20240808);
    const p = new Portfolio('1000000', { resyncEvery: 0 });
    const n = 50;
    const prices: number[] = [];
    for (let i = 0; i < n; i++) {
      const symbol = `S${i}`;
      p.addInstrument(inst(symbol, 'equity', `sector${i % 7}`), { multiplier: i % 5 === 0 ? 50 : 1 });
      prices.push(10 + rng.next() * 490);
      p.fill(symbol, rng.next() < 0.3 ? 'sell' : 'buy', 1 + rng.int(2000), prices[i].toFixed(2));
    }
    for (let t = 0; t < 1_000_000; t++) {
      const i = rng.int(n);
      prices[i] *= Math.exp(0.002 * rng.normal());
      p.mark(`S${i}`, prices[i]);
    }
    const scratch = p.navFromScratch();
    expect(Math.abs(p.nav - scratch) / Math.abs(scratch)).toBeLessThanOrEqual(1e-9);
    const drift = p.resync();
    expect(Math.abs(drift) / Math.abs(scratch)).toBeLessThanOrEqual(1e-9);
    expect(p.nav).toBe(scratch);
  });
});
