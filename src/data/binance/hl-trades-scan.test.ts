import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import '../../../test/support/property-seed.js';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { agree as agreeOn, editChannel, hyperliquidBtc as recording, hyperliquidRecordings as recordings, outcome, spaced, textLines, variantFolder, damagedCopies } from '../../../test/support/hyperliquid-variants.js';
import { makeInstrument } from '../../engine/model/instrument.js';
import { openBinance } from './index.js';
import { HlTradeLine } from './hl-trades-scan.js';

// Hyperliquid's trades lines are read from their bytes when they have the collector's exact
// shape, and with JSON.parse otherwise. The survey learns their decimals in the same walk. Both
// ways must give the same instrument, events, warnings and counts, or the same error naming the
// same line and field: each case is read as is, with nothing kept, and with its trades lines
// spaced (which no byte path takes).

const folder = variantFolder();
const agree = (name: string, lines: string[]): Promise<unknown> => agreeOn(folder, name, 'trades', [lines]);
const editTrades = (lines: string[], edit: (json: string, line: number) => string): string[] => editChannel(lines, 'trades', edit);
/** Line numbers of the recording's trades lines: the first is the subscription's catch-up. */
const tradeLines = textLines(recording)
  .map((l, i) => (l.includes('"channel":"trades"') ? i + 1 : 0))
  .filter((n) => n > 0);

describe('Hyperliquid trades lines from their bytes', () => {
  it('give what JSON.parse gives over every recording, every trades line read from its bytes', async () => {
    for (const path of recordings) {
      const read = vi.spyOn(HlTradeLine.prototype, 'read');
      const plain = (await outcome([path])) as { events: unknown[]; stats: { hyperliquidTrades: number } };
      const lines = textLines(path).filter((l) => l.includes('"channel":"trades"')).length;
      // From the kept text, the catch-up's trades are counted by the survey's walk.
      expect(read.mock.results.filter((r) => r.value === true).length, path).toBe(lines - 1);
      read.mockClear();
      await outcome([path], { keepBytes: 0 });
      expect(read.mock.results.filter((r) => r.value === true).length, path).toBe(lines);
      read.mockRestore();
      expect(plain.stats.hyperliquidTrades).toBeGreaterThan(0);
      await agree('recording', textLines(path));
    }
  });

  it('let the survey see every price and size of a trades line, the catch-up too', async () => {
    const finer = (line: number, px: string, sz: string) => (json: string, l: number) =>
      l === line ? json.replace(/"px":"[0-9.]+"/, `"px":"${px}"`).replace(/"sz":"[0-9.]+"/, `"sz":"${sz}"`) : json;
    for (const line of [tradeLines[0], tradeLines[3]]) {
      const path = folder.write(`finer-${line}.gz`, editTrades(textLines(recording), finer(line, '105056.125', '0.0000001')));
      const md = await openBinance(path);
      expect([md.instrument.tickSize, md.instrument.lotSize]).toEqual(['0.001', '0.0000001']);
      await agree(`finer-${line}`, textLines(path));
    }
  });

  it('agree on live trades that are not what the reader emits, and on odd shapes', async () => {
    const first = tradeLines[0];
    const live = tradeLines[2];
    const at = (line: number, from: string | RegExp, to: string) => (json: string, l: number) => (l === line ? json.replace(from, to) : json);
    const cases: [string, (json: string, line: number) => string][] = [
      ['another coin', at(live, '"coin":"BTC"', '"coin":"ETH"')],
      ['a coin in lower case', at(live, '"coin":"BTC"', '"coin":"btc"')],
      ['another coin in the catch-up', at(first, '"coin":"BTC"', '"coin":"ETH"')],
      ['side X', at(live, '"side":"B"', '"side":"X"')],
      ['side BB', at(live, '"side":"B"', '"side":"BB"')],
      ['side X in the catch-up', at(first, '"side":"B"', '"side":"X"')],
      ['a point without digits', at(live, '"sz":"0.', '"sz":"5.')],
      ['a negative size', at(live, '"sz":"0.', '"sz":"-0.')],
      ['a price with an exponent', at(live, '"px":"105056.0"', '"px":"1050.56e2"')],
      ['a negative time', at(live, '"time":', '"time":-')],
      ['a time of sixteen digits', at(live, '"time":17', '"time":10017')],
      ['a time past 2^53', at(live, '"time":17', '"time":999917')],
      ['a time as a string', at(live, '"time":1737918853204', '"time":"1737918853204"')],
      ['a fraction in tid', at(live, ',"time":', '.5,"time":')],
      ['a tid with a leading zero', at(live, '"tid":', '"tid":0')],
      ['a huge tid', at(live, '"tid":', '"tid":99999999999999999999')],
      ['no users', at(live, /"users":\[[^\]]*\]/, '"users":[]')],
      ['a number among the users', at(live, '"users":[', '"users":[5,')],
      ['another key', at(live, '"hash":', '"fee":"0.1","hash":')],
      ['keys in another order', at(live, /"side":"B","sz":"([0-9.]+)"/, '"sz":"$1","side":"B"')],
      ['an escape in the hash', at(live, '"hash":"0x', '"hash":"\\u0030x')],
      ['an escape in the catch-up', at(first, '"hash":"0x', '"hash":"\\u0030x')],
      ['no trades', (json, l) => (l === live ? json.replace(/"data":\[.*\]\}$/, '"data":[]}') : json)],
      ['no trades in the catch-up', (json, l) => (l === first ? json.replace(/"data":\[.*\]\}$/, '"data":[]}') : json)],
      ['a space after the message', at(live, /\]\}$/, ']} ')],
      ['text after the message', at(live, /\]\}$/, ']}x')],
    ];
    const results: unknown[] = [];
    for (const [name, edit] of cases) {
      const lines = editTrades(textLines(recording), edit);
      expect(lines, name).not.toEqual(textLines(recording));
      results.push(await agree(name.replace(/ /g, '-'), lines));
    }
    expect(results.filter((r) => 'error' in (r as object)).length).toBeGreaterThan(4);
    expect(results.filter((r) => 'events' in (r as object)).length).toBeGreaterThan(4);
  });

  it('read from their bytes a coin in lower case, and a catch-up the reader would not emit', async () => {
    const cases: [string, (json: string, line: number) => string][] = [
      ['lower', (j, l) => (l === tradeLines[2] ? j.replace('"coin":"BTC"', '"coin":"btc"') : j)],
      ['catch-up', (j, l) => (l === tradeLines[0] ? j.replace('"coin":"BTC"', '"coin":"ETH"').replace('"side":"B"', '"side":"X"').replace('"px":"105056.0"', '"px":"1.5e3"') : j)],
    ];
    for (const [name, edit] of cases) {
      const path = folder.write(`bytes-${name}.gz`, editTrades(textLines(recording), edit));
      const read = vi.spyOn(HlTradeLine.prototype, 'read');
      expect(await outcome([path], { keepBytes: 0 })).toHaveProperty('events');
      expect(read.mock.results.filter((r) => r.value === true).length, name).toBe(tradeLines.length);
      read.mockRestore();
    }
  });

  it('name the same line and field for a live price off a given grid, and not for the catch-up', async () => {
    const inst = makeInstrument({ symbol: 'BTC', venue: 'hyperliquid', assetClass: 'crypto', currency: 'USDC', tickSize: '1', lotSize: '0.00001' });
    for (const line of [tradeLines[0], tradeLines[2]]) {
      const edit = (json: string, l: number) => (l === line ? json.replace('"px":"105056.0"', '"px":"105056.5"') : json);
      const plain = await outcome([folder.write(`grid-${line}.gz`, editTrades(textLines(recording), edit))], { instrument: inst });
      const slow = await outcome([folder.write(`grid-${line}-spaced.gz`, editTrades(textLines(recording), (j, l) => spaced(edit(j, l))))], { instrument: inst });
      expect(plain).toEqual(slow);
      if (line === tradeLines[0]) expect(plain).toHaveProperty('events');
      else expect(plain).toMatchObject({ line, field: 'px' });
    }
  });

  it('agree on trades lines damaged at random', async () => {
    const lines = textLines(recording).filter((l) => l !== '');
    const trades = tradeLines.map((n) => n - 1);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(damagedCopies(lines, trades, ['0', '1', '9', '.', '-', '"', ',', 'e', ' ', '}', ']', '[', 'A', 'B', '\\'], 20, 20), async (out) => {
        await agree(`damaged-${n++}`, out);
      }),
      { numRuns: propertyRuns(60) },
    );
  });
});
