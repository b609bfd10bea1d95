import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MarketEvent } from '../engine/model/events.js';
import { makeInstrument, instrumentSpec } from '../engine/model/instrument.js';
import { InputError } from '../errors.js';
import { openMarketData } from '../data/open.js';
import { dataDir } from '../../test/support/data-dir.js';
import { join } from 'node:path';
import { decodeRecord, encodeEvents, endRecord, ENCODING_HEADER, eventsRecord } from './wire.js';

const inst = makeInstrument({ symbol: 'XYZ', venue: 'TEST', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' });

const event = fc.record({
  kind: fc.integer({ min: 0, max: 6 }),
  side: fc.integer({ min: 0, max: 2 }),
  price: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  qty: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  orderId: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  tsExch: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  tsLocal: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  record: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
}) as fc.Arbitrary<MarketEvent>;

describe('the feed wire format', () => {
  it('binary and JSON records carry any events exactly', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 50 }), fc.constantFrom<'binary' | 'json'>('binary', 'json'), (events, enc) => {
        const r = eventsRecord(instrumentSpec(inst), events, enc, 1_700_000_000_000_000);
        expect(r.key).toBe('XYZ');
        const m = decodeRecord(r.headers, r.value, 'test', 0);
        expect(m.type).toBe('events');
        if (m.type === 'events') {
          expect(m.events).toEqual(events);
          expect(m.instrument).toEqual(inst);
          expect(m.sentMicros).toBe(1_700_000_000_000_000);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a real recording survives the binary encoding event for event, in 48 bytes an event', async () => {
    const data = await openMarketData([join(dataDir(), 'lobster/LOBSTER_SampleFile_GOOG_2012-06-21_1.zip')]);
    let n = 0;
    for await (const batch of data.events()) {
      const buf = encodeEvents(batch, 'binary');
      expect(buf.length).toBe(8 + 48 * batch.length);
      const r = decodeRecord(eventsRecord(instrumentSpec(data.instrument), batch, 'binary', 0).headers, buf, 'test', 0);
      expect(r.type === 'events' && r.events).toEqual(batch);
      n += batch.length;
    }
    expect(n).toBeGreaterThan(1000);
  });

  it('the end record names the instrument', () => {
    const r = endRecord(instrumentSpec(inst), 5);
    expect(decodeRecord(r.headers, r.value, 'test', 0)).toEqual({ type: 'end', instrument: inst, sentMicros: 5 });
  });

  it('a damaged record is bad input naming the topic, offset and field', () => {
    const r = eventsRecord(instrumentSpec(inst), [{ kind: 1, side: 1, price: 1, qty: 1, orderId: 0, tsExch: 1n, tsLocal: 1n, record: 1 }], 'binary', 0);
    const cut = r.value.subarray(0, r.value.length - 1);
    expect(() => decodeRecord(r.headers, cut, 'kafka topic md partition 0', 17)).toThrow(InputError);
    expect(() => decodeRecord(r.headers, cut, 'kafka topic md partition 0', 17)).toThrow(/kafka topic md partition 0:17 \(value\)/);
    expect(() => decodeRecord({ ...r.headers, [ENCODING_HEADER]: 'x' }, r.value, 'md', 3)).toThrow(/unknown encoding/);
    const j = eventsRecord(instrumentSpec(inst), [], 'json', 0);
    expect(() => decodeRecord(j.headers, Buffer.from('{"events":[[9,0,0,0,0,"1","1",1]]}'), 'md', 4)).toThrow(/events\[0\]\.kind/);
  });
});
