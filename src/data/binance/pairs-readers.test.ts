import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import '../../../test/support/property-seed.js';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { dataDir } from '../../../test/support/data-dir.js';
import { makeInstrument } from '../../engine/model/instrument.js';
import { SyncLog } from '../sync-log.js';
import { DepthFeed } from './depth-feed.js';
import { FlatScan } from './flat-scan.js';
import { PassEvents } from './pass-events.js';
import { decimalPlaces, SurveyScanner } from './survey.js';
import { newStats } from './types.js';

// The survey and the depth feed read a depth line's b and a arrays while FlatScan scans it,
// instead of FlatScan validating them and the caller walking them again. What FlatScan then
// accepts must not change: exactly the same for the survey (its answer depends on which lines
// FlatScan takes), never more for the depth feed (a line it gives up on goes to JSON.parse).

const recording = (file: string): string[] =>
  gunzipSync(readFileSync(join(dataDir(), 'binance', file)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.slice(l.indexOf(' ') + 1));

const depthLines = recording('usdm/btcusdt_20240808.gz')
  .filter((l) => l.includes('@depth'))
  .slice(0, 400);

const inst = makeInstrument({ symbol: 'BTCUSDT', venue: 'binance-usdm', assetClass: 'crypto', currency: 'USDT', tickSize: '0.1', lotSize: '0.001' });

function scanner(reader?: ConstructorParameters<typeof FlatScan>[0]): (json: string) => boolean {
  const flat = new FlatScan(reader);
  return (json) => {
    const b = Buffer.from(`x${json}y`, 'utf8');
    return flat.scan(b, 1, b.length - 1);
  };
}

const depthFeed = (): DepthFeed => new DepthFeed(inst, new PassEvents(), newStats(), [], new SyncLog(), undefined);

describe('array readers inside FlatScan', () => {
  it('take every depth line of a real recording', () => {
    const plain = scanner();
    const survey = scanner(new SurveyScanner());
    const feed = scanner(depthFeed());
    expect(depthLines.length).toBe(400);
    for (const line of depthLines) expect([plain(line), survey(line), feed(line)]).toEqual([true, true, true]);
  });

  it('the survey accepts exactly what FlatScan does, the depth feed never more (random damage to real depth lines)', () => {
    const plain = scanner();
    const survey = scanner(new SurveyScanner());
    const feed = scanner(depthFeed());
    const chars = ['"', ',', '[', ']', '\\', '\t', ' ', '0', '5', '.', '-', 'e', 'x', 'é', '\u0001', '\u007f'];
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: depthLines.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...chars), fc.boolean()), { minLength: 1, maxLength: 3 }),
        (row, edits) => {
          let s = depthLines[row];
          // Damage inside the arrays mostly: they start after `"b":`.
          const arrays = s.indexOf('"b":');
          for (const [at, c, insert] of edits) {
            const i = arrays + (at % (s.length + 1 - arrays));
            s = s.slice(0, i) + c + s.slice(insert ? i : i + 1);
          }
          const ok = plain(s);
          if (ok) accepted++;
          expect(survey(s)).toBe(ok);
          if (feed(s)) expect(ok).toBe(true);
        },
      ),
      { numRuns: propertyRuns(3000) },
    );
    // The damage left enough lines valid for the comparison to mean something.
    expect(accepted).toBeGreaterThan(0);
  });

  it('the survey finds the finest price and size any emitted value uses, as JSON.parse and decimalPlaces count them', () => {
    for (const file of ['usdm/btcusdt_20240808.gz', 'spot/btcusdt_20240808.gz', 'cm/btcusd_perp_20240808.gz']) {
      const lines = recording(file);
      const scan = new SurveyScanner();
      let price = -1;
      let qty = -1;
      const note = (p: string, q: string) => {
        price = Math.max(price, decimalPlaces(p));
        qty = Math.max(qty, decimalPlaces(q));
      };
      for (const json of lines) {
        const b = Buffer.from(json, 'utf8');
        scan.line(b, 0, b.length);
        const msg = JSON.parse(json);
        const d = msg.data;
        const stream: string = msg.stream ?? '';
        if (stream.includes('@depth')) for (const [p, q] of [...d.b, ...d.a]) note(p, q);
        else if (stream.endsWith('@bookTicker')) {
          note(d.b, d.B);
          note(d.a, d.A);
        }
        else if (stream.endsWith('@trade') && (d.X === undefined || d.X === 'MARKET')) note(d.p, d.q);
        else if (msg.lastUpdateId !== undefined) for (const [p, q] of [...msg.bids, ...msg.asks]) note(p, q);
      }
      const result = scan.result();
      expect([file, result.priceScale, result.qtyScale]).toEqual([file, price, qty]);
    }
  });
});
