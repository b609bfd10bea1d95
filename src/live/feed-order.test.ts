import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeInstrument } from '../engine/model/instrument.js';
import { openDatabase } from '../store/database.js';
import { createAccount } from '../store/accounts.js';
import { createRun } from '../store/runs.js';
import { feedOrder } from '../store/feed-order.js';
import { FeedOrderLog, inRecordedOrder } from './feed-order.js';
import type { FeedHandlers, LiveFeed } from './feeds.js';
import type { FeedMessage } from './wire.js';

/**
 * The order a run meets records of several partitions in is kept (FeedOrderLog, in a real
 * SQLite file) and given back to a resume whatever order the records arrive in then
 * (inRecordedOrder): every record the run had met by its last kept point comes again in the same
 * order, none is lost or doubled, and each partition keeps its own order.
 */

const wanted = makeInstrument({ symbol: 'AAA', venue: 'TEST', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' });
const other = makeInstrument({ symbol: 'ZZZ', venue: 'TEST', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' });

/** One record: its partition and offset, and whether the run trades its instrument. */
interface Rec {
  partition: number;
  offset: number;
  traded: boolean;
}

const message = (r: Rec): FeedMessage => ({ type: 'events', instrument: r.traded ? wanted : other, events: [], bytes: 0, at: { partition: r.partition, offset: String(r.offset) } });
const key = (m: FeedMessage) => `${m.at!.partition}:${m.at!.offset}`;

/** A feed that hands over the given records in the given order, at once. */
function listFeed(records: Rec[]): LiveFeed {
  return {
    source: 'test',
    async start(h: FeedHandlers) {
      for (const r of records) h.onMessage(message(r));
    },
    async stop() {},
  };
}

/** Interleaves the partitions' own sequences by the picks (each pick: which partition next). */
function interleave(partitions: Rec[][], picks: number[]): Rec[] {
  const at = partitions.map(() => 0);
  const out: Rec[] = [];
  let p = 0;
  while (out.length < partitions.reduce((n, x) => n + x.length, 0)) {
    const want = picks[p++ % Math.max(1, picks.length)] ?? 0;
    for (let k = 0; k < partitions.length; k++) {
      const i = (want + k) % partitions.length;
      if (at[i] < partitions[i].length) {
        out.push(partitions[i][at[i]++]);
        break;
      }
    }
  }
  return out;
}

const partitionsArb = fc.array(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), { minLength: 2, maxLength: 3 }).map((ps) => ps.map((traded, partition) => traded.map((t, i) => ({ partition, offset: 5 + i, traded: t }))));

describe('the order a live run met its records in', () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'vtrade-feed-order-')), 'v.db'));
  const account = createAccount(db, 'ann', '1000', 'USD', '2026-01-01T00:00:00Z');
  const newRun = () =>
    createRun(db, { accountId: account.id, symbol: 'AAA', data: [], strategy: { kind: 'file', path: 's.ts', sha256: '' }, config: {}, seed: 1, startCash: '1000', startPositionLots: 0, startCostBasis: '0', nowIso: '2026-01-01T00:00:00Z' }).id;

  it('is met again by a resume, whatever order the records arrive in then', async () => {
    await fc.assert(
      fc.asyncProperty(partitionsArb, fc.array(fc.nat(2), { maxLength: 30 }), fc.array(fc.nat(2), { maxLength: 30 }), fc.array(fc.boolean(), { maxLength: 120 }), async (partitions, first, again, keeps) => {
        const runId = newRun();
        // The run: its traded records are noted as they go to the engine, the order kept at some of them (its fills).
        const log = new FeedOrderLog(db, runId);
        const met: string[] = [];
        let keptUpTo = 0;
        interleave(partitions, first).forEach((r, i) => {
          if (!r.traded) return;
          log.note(message(r).at);
          met.push(key(message(r)));
          if (keeps[i]) {
            log.keep();
            keptUpTo = met.length;
          }
        });
        // The resume: the same records arrive in another order.
        const seen: FeedMessage[] = [];
        await inRecordedOrder(listFeed(interleave(partitions, again)), feedOrder(db, runId)).start({ onMessage: (m) => void seen.push(m), onReady: () => {}, onError: (e) => { throw e; } });
        const traded = seen.filter((m) => m.instrument === wanted).map(key);
        expect(traded.slice(0, keptUpTo)).toEqual(met.slice(0, keptUpTo));
        // Every record once, each partition in its own order.
        expect(seen.map(key).sort()).toEqual(partitions.flat().map((r) => `${r.partition}:${r.offset}`).sort());
        for (const p of partitions.keys()) {
          const offsets = seen.filter((m) => m.at!.partition === p).map((m) => Number(m.at!.offset));
          expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is kept again unchanged by a resumed run that meets it again, and grows from there', () => {
    const runId = newRun();
    const log = new FeedOrderLog(db, runId);
    const notes: [number, number][] = [[0, 5], [0, 6], [1, 5], [0, 7], [1, 6], [1, 9]];
    for (const [p, o] of notes.slice(0, 4)) log.note({ partition: p, offset: String(o) });
    log.keep();
    const kept = feedOrder(db, runId);
    expect(kept).toEqual([
      { partition: 0, from: '5', to: '6' },
      { partition: 1, from: '5', to: '5' },
      { partition: 0, from: '7', to: '7' },
    ]);
    const again = new FeedOrderLog(db, runId);
    for (const [p, o] of notes) {
      again.note({ partition: p, offset: String(o) });
      again.keep();
    }
    expect(feedOrder(db, runId)).toEqual([...kept, { partition: 1, from: '6', to: '9' }]);
  });
});
