import { describe, expect, it } from 'vitest';
import { bid } from '../../../test/support/engine-fixtures.js';
import { FeedQueue } from './market-slot.js';

/*
 * An instrument's feed: events in flight to the strategy, first in first out, each with the time
 * it is due. One feed arrives in order, so an event is never due before the one ahead of it.
 */

describe('FeedQueue', () => {
  it('is empty until an event is pushed, and again once every event is taken', () => {
    const q = new FeedQueue();
    expect([q.empty, q.peekTime()]).toEqual([true, undefined]);
    const e = bid(99, 1, 10n);
    q.push(e, 40n);
    expect([q.empty, q.peekTime()]).toEqual([false, 40n]);
    expect(q.shift()).toBe(e);
    expect([q.empty, q.peekTime()]).toEqual([true, undefined]);
  });

  it('an event due before the one ahead of it is due with it: the feed does not reorder', () => {
    const q = new FeedQueue();
    const times: bigint[] = [];
    for (const at of [50n, 30n, 50n, 70n, 60n]) q.push(bid(99, 1), at);
    while (!q.empty) {
      times.push(q.peekTime()!);
      q.shift();
    }
    expect(times).toEqual([50n, 50n, 50n, 70n, 70n]);
    expect(q.last).toBe(70n);
  });

  it('keeps order and times over many events taken while others are pushed (the taken ones are dropped as it goes)', () => {
    const q = new FeedQueue();
    const pushed: { record: number; at: bigint }[] = [];
    const taken: { record: number; at: bigint }[] = [];
    let n = 0;
    // runs of pushes and takes of varying length, the queue never emptied, over 20,000 events
    for (let round = 0; round < 400; round++) {
      for (let i = 0; i < 50; i++) {
        const e = bid(99, 1);
        const at = BigInt(++n * 10);
        q.push(e, at);
        pushed.push({ record: e.record, at });
      }
      const take = round % 3 === 0 ? 20 : 45;
      for (let i = 0; i < take; i++) {
        const at = q.peekTime()!;
        taken.push({ record: q.shift().record, at });
      }
    }
    while (!q.empty) {
      const at = q.peekTime()!;
      taken.push({ record: q.shift().record, at });
    }
    expect(taken).toEqual(pushed);
    expect(q.peekTime()).toBeUndefined();
  });

  it('a queue emptied after thousands of events takes new ones as a fresh queue would', () => {
    const q = new FeedQueue();
    for (let i = 0; i < 5000; i++) q.push(bid(99, 1), BigInt(i));
    for (let i = 0; i < 5000; i++) q.shift();
    expect(q.empty).toBe(true);
    const e = bid(98, 2);
    q.push(e, 9000n);
    expect([q.empty, q.peekTime()]).toEqual([false, 9000n]);
    expect(q.shift()).toBe(e);
    expect(q.empty).toBe(true);
  });
});
