import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import '../../../test/support/property-seed.js';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { agree as agreeOn, editChannel, hyperliquidBtc as recording, hyperliquidRecordings as recordings, damagedCopies, outcome, textLines, variantFolder } from '../../../test/support/hyperliquid-variants.js';
import { HlBookTape } from './hl-book-tape.js';
import { HlBookScan } from './hl-book-scan.js';
import { SurveyScanner } from './survey.js';
import { parseStep } from '../../engine/model/decimal-units.js';
import { EventKind, Side } from '../../engine/model/events.js';
import { PassEvents } from './pass-events.js';

// The first pass over a kept Hyperliquid text takes its l2Book lines from the survey's tape
// instead of walking them again. Whatever the lines hold, it must give what the pass's own
// scan gives (the text not kept: keepBytes 0), and what JSON.parse gives (the same JSON with a
// space after its first "{", which no byte path takes): the instrument, every event, the
// warnings and the counts, or the same error with the same file, line and field.

const folder = variantFolder();
const agree = (name: string, files: string[][]): Promise<unknown> => agreeOn(folder, name, 'l2Book', files);
const editBooks = (lines: string[], edit: (json: string, line: number) => string): string[] => editChannel(lines, 'l2Book', edit);

describe('Hyperliquid l2Book lines from the survey', () => {
  it('give what the scan and JSON.parse give over every recording, every book line from the tape', async () => {
    for (const path of recordings) {
      const taken = vi.spyOn(HlBookTape.prototype, 'take');
      const taped = (await outcome([path])) as { events: unknown[] };
      const books = textLines(path).filter((l) => l.includes('"channel":"l2Book"')).length;
      expect(taken.mock.results.filter((r) => r.value === true).length, path).toBe(books);
      taken.mockRestore();
      expect(taped.events.length).toBeGreaterThan(0);
      expect(await outcome([path], { keepBytes: 0 })).toEqual(taped);
      await agree('recording', [textLines(path)]);
    }
  });

  it('agree over a session of two files, each with its own tape', async () => {
    const lines = textLines(recording).filter((l) => l !== '');
    // The second file: the same lines an hour later.
    const later = lines.map((l) => `${BigInt(l.slice(0, l.indexOf(' '))) + 3_600_000_000_000n}${l.slice(l.indexOf(' '))}`);
    const got = (await agree('two-files', [lines, later])) as { events: unknown[]; records: number };
    expect(got.records).toBe(2 * lines.length);
    // The subscription's catch-up trades are skipped once a session: the second file's are read.
    expect(got.events.length).toBe(2 * 1920 + 30);
  });

  it('agree when later lines make the grid finer, and on values the tape leaves to the scan', async () => {
    const lines = textLines(recording);
    const edits: [string, (json: string, line: number) => string][] = [
      ['finer later', (j, l) => (l === 40 ? j.replace('"sz":"0.1428"', '"sz":"0.14281234"').replace('"px":"105054.0"', '"px":"105054.125"') : j)],
      ['a level of size zero', (j, l) => (l === 15 ? j.replace('"sz":"0.1428"', '"sz":"0.00"') : j)],
      ['zero size, odd price', (j) => j.replace(/"px":"[0-9.]+","sz":"([0-9.]+)"\}\]\]/, '"px":"1e5","sz":"0.000"}]]')],
      ['leading zeros', (j, l) => (l === 7 ? j.replace('"px":"105055.0"', '"px":"000105055.000"') : j)],
      ['a point without digits', (j, l) => (l === 9 ? j.replace('"sz":"0.1428"', '"sz":"1."') : j)],
      ['a negative size', (j, l) => (l === 11 ? j.replace('"sz":"0.1428"', '"sz":"-0.1428"') : j)],
      ['sixteen digits', (j, l) => (l === 12 ? j.replace('"px":"105055.0"', '"px":"1050551234567890.0"') : j)],
      ['an exponent', (j, l) => (l === 13 ? j.replace('"sz":"0.1428"', '"sz":"1428e-4"') : j)],
      ['another coin', (j, l) => (l === 20 ? j.replace('"coin":"BTC"', '"coin":"ETH"') : j)],
      ['sixteen digits at the tick', (j, l) => (l === 14 ? j.replace('"px":"105055.0"', '"px":"105055123456789.5"') : j)],
      ['more places than a double holds', (j, l) => (l === 22 ? j.replace('"sz":"0.1428"', '"sz":"0.1428000000000000000000001"') : j)],
    ];
    const results = [];
    for (const [name, edit] of edits) results.push(await agree(name.replace(/ /g, '-'), [editBooks(lines, edit)]));
    // The edits reach the reader: some are errors naming their line and field, some read.
    expect(results.filter((r) => 'error' in (r as object)).length).toBeGreaterThan(2);
    expect(results.filter((r) => 'events' in (r as object)).length).toBeGreaterThan(2);
  });

  it('agree on book lines damaged at random', async () => {
    const lines = textLines(recording).filter((l) => l !== '').slice(0, 6);
    const books = lines.map((l, i) => (l.includes('"channel":"l2Book"') ? i : -1)).filter((i) => i >= 0);
    let n = 0;
    await fc.assert(
      // Inside the levels, where the values are.
      fc.asyncProperty(damagedCopies(lines, books, ['0', '1', '9', '.', '-', '"', ',', 'e', ' ', '}', '\\'], 60, 80), async (out) => {
        await agree(`damaged-${n++}`, [out]);
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it('read a line only onto a grid that takes every value, as the scan reads it there', () => {
    const steps = ['1', '0.1', '0.01', '0.00001', '0.0000001', '0.00000000001', '5', '0.5'].map((t) => parseStep(t));
    const books = textLines(recording).filter((l) => l.includes('"channel":"l2Book"'));
    const lines = [...books, ...books.slice(0, 3).map((l) => l.replace('"px":"105055.0"', '"px":"10505512345678.5"'))];
    let taken = 0;
    for (const text of lines) {
      const b = Buffer.from(text);
      const json = text.indexOf(' ') + 1;
      for (const tick of steps) {
        for (const lot of steps) {
          const tape = new HlBookTape();
          new SurveyScanner().line(b, json, b.length, undefined, 1, tape);
          expect(tape.nextLine).toBe(1);
          const scan = new HlBookScan();
          const scanned = scan.scan(b, json, b.length, tick, lot);
          if (!tape.take(json, tick, lot)) {
            // Left to the scan: never for a grid of one unit that takes every value.
            expect(scanned && tick.units === 1 && lot.units === 1).toBe(false);
            continue;
          }
          taken++;
          expect(scanned).toBe(true);
          const ev = new PassEvents();
          tape.emit(ev, 7n, tick, lot);
          const levels = (side: Side) => ev.out.filter((e) => e.side === side).map((e) => [e.price, e.qty]);
          const want = (px: number[], qty: number[]) => px.map((p, i) => [p, qty[i]]);
          expect(levels(Side.Bid), `${tick.text} ${lot.text}`).toEqual(want(scan.bidPx, scan.bidQty));
          expect(levels(Side.Ask), `${tick.text} ${lot.text}`).toEqual(want(scan.askPx, scan.askQty));
          expect(ev.out.every((e) => e.kind === EventKind.Level && e.tsExch === 7n)).toBe(true);
          expect(ev.out.map((e) => e.side)).toEqual([...scan.bidPx.map(() => Side.Bid), ...scan.askPx.map(() => Side.Ask)]);
          expect([tape.time, tape.coinStart, tape.coinEnd]).toEqual([scan.time, scan.coinStart, scan.coinEnd]);
          expect(tape.nextLine).toBe(0);
        }
      }
    }
    expect(taken).toBeGreaterThan(books.length);
  });
});
