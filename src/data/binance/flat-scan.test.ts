import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { dataDir } from '../../../test/support/data-dir.js';
import { F, FlatScan, V } from './flat-scan.js';

const sample = gunzipSync(readFileSync(join(dataDir(), 'binance/usdm_2023-04/btcusdt_20230404.dat.gz')))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => l.slice(l.indexOf(' ') + 1));

/** Scans a line's JSON from its bytes, between bytes that are not part of it. */
function scanText(scan: FlatScan, json: string): boolean {
  const b = Buffer.from(`x${json}y`, 'utf8');
  return scan.scan(b, 1, b.length - 1);
}

describe('FlatScan, the JSON fast path', () => {
  it('reads the same fields as JSON.parse on every line of a real recording it accepts', () => {
    const scan = new FlatScan();
    let accepted = 0;
    for (const json of sample) {
      const parsed = JSON.parse(json);
      if (!scanText(scan, json)) {
        expect(parsed.stream).toBeUndefined(); // only the snapshot line is left to JSON.parse
        continue;
      }
      accepted++;
      const d = parsed.data;
      expect(scan.streamKind()).toBe(parsed.stream.slice(parsed.stream.indexOf('@') + 1));
      expect(scan.str(F.s)).toBe(d.s);
      for (const [key, slot] of [['E', F.E], ['T', F.T], ['U', F.U], ['u', F.u], ['pu', F.pu]] as const) {
        if (d[key] === undefined) expect(scan.type[slot]).toBe(V.None);
        else expect(scan.int[slot]).toBe(d[key]);
      }
      if (Array.isArray(d.b)) expect(JSON.parse(scan.buf.toString('utf8', scan.start[F.b], scan.end[F.b]))).toEqual(d.b);
      if (typeof d.p === 'string') expect(scan.str(F.p)).toBe(d.p);
      if (typeof d.m === 'boolean') expect(scan.type[F.m]).toBe(d.m ? V.True : V.False);
    }
    expect(accepted).toBe(sample.length - 1);
  });

  it('never accepts a line JSON.parse rejects (random damage to real lines)', () => {
    const scan = new FlatScan();
    const chars = ['"', ',', ':', '[', ']', '{', '}', '\\', '\t', ' ', '0', '.', '-', 'e', 'x', 'é', '\u0001'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sample.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...chars), fc.boolean()), { minLength: 1, maxLength: 3 }),
        (row, edits) => {
          let s = sample[row];
          for (const [at, c, insert] of edits) {
            const i = at % (s.length + 1);
            s = s.slice(0, i) + c + s.slice(insert ? i : i + 1);
          }
          if (scanText(scan, s)) expect(() => JSON.parse(s)).not.toThrow();
        },
      ),
      { numRuns: 5000 },
    );
  });
});
