import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MarketEvent } from '../../src/engine/model/events.js';
import type { MarketData } from '../../src/data/market-data.js';

/** A fresh empty directory for a test's output. */
export function tempDir(prefix = 'vtrade-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every event of one pass, in order. */
export async function collect(data: MarketData): Promise<MarketEvent[]> {
  const out: MarketEvent[] = [];
  for await (const batch of data.events()) for (const e of batch) out.push(e);
  return out;
}

/** The InputError (or other error) a promise rejects with; fails the test if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/**
 * Walks two event streams in lockstep and returns the first difference (or undefined when they
 * are identical). Streams of a whole recording are too long for a deep toEqual of two arrays.
 */
export async function firstDifference(
  a: MarketData,
  b: MarketData,
  opts: { ignoreRecord?: boolean } = {},
): Promise<{ index: number; a?: MarketEvent; b?: MarketEvent } | { count: number }> {
  const ia = flatten(a)[Symbol.asyncIterator]();
  const ib = flatten(b)[Symbol.asyncIterator]();
  for (let index = 0; ; index++) {
    const [ra, rb] = await Promise.all([ia.next(), ib.next()]);
    if (ra.done === true && rb.done === true) return { count: index };
    const ea = ra.done === true ? undefined : ra.value;
    const eb = rb.done === true ? undefined : rb.value;
    if (ea === undefined || eb === undefined || !sameEvent(ea, eb, opts.ignoreRecord === true)) return { index, a: ea, b: eb };
  }
}

async function* flatten(data: MarketData): AsyncGenerator<MarketEvent> {
  for await (const batch of data.events()) yield* batch;
}

function sameEvent(a: MarketEvent, b: MarketEvent, ignoreRecord: boolean): boolean {
  return (
    a.kind === b.kind && a.side === b.side && a.price === b.price && a.qty === b.qty && a.orderId === b.orderId &&
    a.tsExch === b.tsExch && a.tsLocal === b.tsLocal && (ignoreRecord || a.record === b.record)
  );
}
