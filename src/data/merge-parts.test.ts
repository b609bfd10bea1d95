import { describe, expect, it } from 'vitest';
import { EventKind, Side, type MarketEvent } from '../engine/model/events.js';
import { makeInstrument } from '../engine/model/instrument.js';
import type { MarketData } from './market-data.js';
import { mergedBatches, mergeParts, overlapWarning } from './merge-parts.js';

const inst = (symbol: string) => makeInstrument({ symbol, venue: 'TEST', assetClass: 'crypto', currency: 'USD', tickSize: '1', lotSize: '1' });

/** A part whose events carry their exchange times and their own labels (in `record`), in batches as given. */
function part(symbol: string, batches: number[][]): MarketData {
  let record = 0;
  const made = batches.map((b) => b.map((t): MarketEvent => ({ kind: EventKind.Level, side: Side.Bid, price: 1, qty: 1, orderId: 0, tsExch: BigInt(t), tsLocal: BigInt(t), record: ++record })));
  return {
    path: `${symbol}.csv`,
    format: 'native',
    instrument: inst(symbol),
    warnings: [],
    async *events() {
      for (const b of made) yield b;
    },
  };
}

async function merged(parts: MarketData[]): Promise<{ order: string[]; runs: number; spans: Awaited<ReturnType<typeof mergeParts>> }> {
  const order: string[] = [];
  let runs = 0;
  const spans = await mergeParts(parts, (m, batch, from, to) => {
    runs++;
    for (let i = from; i < to; i++) order.push(`${parts[m].instrument.symbol}${batch[i].record}@${batch[i].tsExch}`);
  });
  return { order, runs, spans };
}

describe('mergeParts', () => {
  it('merges by exchange time, the earlier part first at equal times, across batch boundaries and empty batches', async () => {
    const a = part('A', [[1, 3], [], [3, 8]]);
    const b = part('B', [[0, 3, 5], [9]]);
    const r = await merged([a, b]);
    expect(r.order).toEqual(['B1@0', 'A1@1', 'A2@3', 'A3@3', 'B2@3', 'B3@5', 'A4@8', 'B4@9']);
    expect(r.spans).toEqual([
      { first: 1n, last: 8n },
      { first: 0n, last: 9n },
    ]);
  });

  it("keys each part by its own clock: an event stamped behind its part's latest time keeps its place in that part", async () => {
    // A's third event is stamped 2, behind A's clock of 6: it is taken at 6, so B's 5 goes first
    // and B's 6 after it (A is the earlier part)
    const r = await merged([part('A', [[1, 6, 2]]), part('B', [[5, 6]])]);
    expect(r.order).toEqual(['A1@1', 'B1@5', 'A2@6', 'A3@2', 'B2@6']);
  });

  it('hands over runs of one part, not single events, where the parts do not interleave', async () => {
    const r = await merged([part('A', [[1, 2, 3, 4]]), part('B', [[10, 11, 12]])]);
    expect(r.runs).toBe(2);
    expect(r.order).toHaveLength(7);
  });

  it('a part without events has no span; the warning names parts that overlap no other', () => {
    const spans = [
      { first: 0n, last: 1_000_000_000n },
      { first: 2_000_000_000n, last: 3_000_000_000n },
      undefined,
    ];
    expect(overlapWarning(['A.TEST', 'B.TEST', 'C.TEST'], spans)).toBe(
      'the data parts never overlap in time (A.TEST, B.TEST trade alone): A.TEST 1970-01-01T00:00:00.000Z to 1970-01-01T00:00:01.000Z; B.TEST 1970-01-01T00:00:02.000Z to 1970-01-01T00:00:03.000Z; C.TEST no events',
    );
    expect(overlapWarning(['A.TEST', 'B.TEST'], [{ first: 0n, last: 5n }, { first: 5n, last: 9n }])).toBeUndefined();
  });
});

describe('mergedBatches', () => {
  it('pulls the same order, runs and spans as mergeParts pushes', async () => {
    const make = () => [part('A', [[1, 3], [], [3, 8], [2, 9]]), part('B', [[0, 3, 5], [9]]), part('C', [[4], [4, 4, 10]])];
    const pushed = await merged(make());
    const parts = make();
    const spans: Awaited<ReturnType<typeof mergeParts>> = [];
    const order: string[] = [];
    let runs = 0;
    for await (const b of mergedBatches(parts, spans)) {
      runs++;
      for (const e of b.events) order.push(`${parts[b.market].instrument.symbol}${e.record}@${e.tsExch}`);
    }
    expect(order).toEqual(pushed.order);
    expect(runs).toBe(pushed.runs);
    expect(spans).toEqual(pushed.spans);
  });
});
