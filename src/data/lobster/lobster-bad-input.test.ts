import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { makeInstrument } from '../../engine/model/instrument.js';
import { drain, lobsterZips as zips, openAndDrain, thrown, unzipPair, writePair, type Pair } from '../../../test/support/lobster-samples.js';
import { openLobster } from './index.js';

// What the LOBSTER reader says about broken files: the file (or zip entry), line and field.

const tmp = mkdtempSync(join(tmpdir(), 'vtrade-lobster-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('LOBSTER bad input', () => {
  const zip = zips.find((z) => z.includes('AMZN_2012-06-21_1'))!;
  const pair = unzipPair(zip);
  const head = (n: number): Pair => ({ ...pair, message: pair.message.slice(0, n), orderbook: pair.orderbook.slice(0, n) });
  const withLine = (lines: string[], line: number, edit: (fields: string[]) => void): string[] =>
    lines.map((l, i) => {
      if (i !== line - 1) return l;
      const f = l.split(',');
      edit(f);
      return f.join(',');
    });
  const plain = (name: string, message: string[], orderbook: string[]): string =>
    writePair(mkdtempSync(join(tmp, `${name}-`)), 'AMZN_2012-06-21_34200000_57600000', message, orderbook);

  it('names the zip entry, line and field of a broken price', async () => {
    const p = head(50);
    const message = withLine(p.message, 3, (f) => (f[4] = '22x8200'));
    const badZip = join(tmp, 'broken.zip');
    writeFileSync(
      badZip,
      zipSync({
        [p.messageName]: strToU8(message.join('\n') + '\n'),
        [p.orderbookName]: strToU8(p.orderbook.join('\n') + '\n'),
      }),
    );
    const md = await openLobster(badZip, { instrument: makeInstrument({ symbol: 'AMZN', venue: 'NASDAQ', assetClass: 'equity', currency: 'USD', tickSize: '0.0001', lotSize: '1' }) });
    const err = await thrown(drain(md));
    expect(err).toMatchObject({ file: `${badZip}:${p.messageName}`, line: 3, field: 'price' });
    // Inferring the instrument scans the same file and fails the same way.
    expect(await thrown(openLobster(badZip))).toMatchObject({ file: `${badZip}:${p.messageName}`, line: 3, field: 'price' });
  });

  it('rejects an unknown message type', async () => {
    const p = head(30);
    const path = plain('type', withLine(p.message, 5, (f) => (f[1] = '9')), p.orderbook);
    expect(await thrown(openAndDrain(path))).toMatchObject({ file: path, line: 5, field: 'type' });
  });

  it('rejects a line with a missing field and a non-numeric size', async () => {
    const p = head(30);
    const short = plain('short', withLine(p.message, 4, (f) => f.pop()), p.orderbook);
    expect(await thrown(openAndDrain(short))).toMatchObject({ file: short, line: 4, field: 'direction' });
    const text = plain('size', withLine(p.message, 6, (f) => (f[3] = 'ten')), p.orderbook);
    expect(await thrown(openAndDrain(text))).toMatchObject({ file: text, line: 6, field: 'size' });
  });

  it('rejects row-count mismatches between the two files', async () => {
    const p = head(40);
    const fewerBook = plain('fewer-book', p.message, p.orderbook.slice(0, 39));
    expect(await thrown(openAndDrain(fewerBook))).toMatchObject({ file: fewerBook, line: 40, field: 'row' });
    const fewerMsg = plain('fewer-msg', p.message.slice(0, 39), p.orderbook);
    expect(await thrown(openAndDrain(fewerMsg))).toMatchObject({
      file: fewerMsg.replace('_message_', '_orderbook_'),
      line: 40,
      field: 'row',
    });
  });

  it('rejects a broken orderbook row, naming the orderbook file and column', async () => {
    const p = head(30);
    const path = plain('book', p.message, withLine(p.orderbook, 7, (f) => (f[2] = '22.5')));
    expect(await thrown(openAndDrain(path))).toMatchObject({
      file: path.replace('_message_', '_orderbook_'),
      line: 7,
      field: 'BidPrice1',
    });
    const cols = plain('cols', p.message, withLine(p.orderbook, 8, (f) => f.push('1')));
    expect(await thrown(openAndDrain(cols))).toMatchObject({ file: cols.replace('_message_', '_orderbook_'), line: 8 });
  });

  it('rejects time going backwards unless unordered rows are allowed', async () => {
    const p = head(30);
    const message = withLine(p.message, 10, (f) => (f[0] = '34199.5'));
    const path = plain('time', message, p.orderbook);
    expect(await thrown(openAndDrain(path))).toMatchObject({ file: path, line: 10, field: 'time' });
    const md = await openLobster(path, { allowUnordered: true });
    const events = await drain(md);
    expect(events[events.length - 1].record).toBe(30);
    expect(md.warnings.some((w) => w.includes(`${path}:10:`))).toBe(true);
  });

  it('rejects a given instrument whose tick does not fit the prices', async () => {
    const aapl = zips.find((z) => z.includes('AAPL'))!;
    const firstSubPenny = unzipPair(aapl).message.findIndex((l) => Number(l.split(',')[4]) % 100 !== 0) + 1;
    const cent = makeInstrument({ symbol: 'AAPL', venue: 'NASDAQ', assetClass: 'equity', currency: 'USD', tickSize: '0.01', lotSize: '1' });
    const md = await openLobster(aapl, { instrument: cent });
    expect(md.instrument).toBe(cent);
    expect(await thrown(drain(md))).toMatchObject({ line: firstSubPenny, field: 'price' });
  });

  it('reads CRLF line ends and a last line without a newline', async () => {
    const p = head(30);
    const unix = await openAndDrain(plain('unix', p.message, p.orderbook));
    const dir = mkdtempSync(join(tmp, 'crlf-'));
    const path = join(dir, 'AMZN_2012-06-21_34200000_57600000_message_1.csv');
    writeFileSync(path, p.message.join('\r\n'));
    writeFileSync(path.replace('_message_', '_orderbook_'), p.orderbook.join('\r\n'));
    expect(await openAndDrain(path)).toEqual(unix);
  });

  it('names the file and line where a gzip file is cut short', async () => {
    const p = head(2000);
    const dir = mkdtempSync(join(tmp, 'cut-'));
    const path = join(dir, 'AMZN_2012-06-21_34200000_57600000_message_1.csv.gz');
    const gz = gzipSync(p.message.join('\n') + '\n');
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)));
    writeFileSync(path.replace('_message_', '_orderbook_'), gzipSync(p.orderbook.join('\n') + '\n'));
    const err = await thrown(openAndDrain(path));
    expect(err.file).toBe(path);
    expect(err.line).toBeGreaterThan(1);
    expect(err.line).toBeLessThanOrEqual(2000);
  });

  it('names the zip entry of damaged deflate data, and of an entry shorter than its directory says', async () => {
    const p = head(3000);
    const good = zipSync({
      [p.messageName]: strToU8(p.message.join('\n') + '\n'),
      [p.orderbookName]: strToU8(p.orderbook.join('\n') + '\n'),
    });
    const inst = makeInstrument({ symbol: 'AMZN', venue: 'NASDAQ', assetClass: 'equity', currency: 'USD', tickSize: '0.0001', lotSize: '1' });
    // Bytes in the middle of the first entry's deflate data overwritten.
    const damaged = Buffer.from(good);
    damaged.fill(0xff, 2000, 2200);
    const damagedPath = join(tmp, 'damaged.zip');
    writeFileSync(damagedPath, damaged);
    const err = await thrown(drain(await openLobster(damagedPath, { instrument: inst })));
    expect(err.file).toBe(`${damagedPath}:${p.messageName}`);
    expect(err.detail).toMatch(/^the file is damaged or truncated \(.+\)$/);
    // The central directory claims one byte more of text than the orderbook entry holds.
    const short = Buffer.from(good);
    const dir = short.readUInt32LE(short.length - 6);
    let at = dir;
    while (short.toString('latin1', at + 46, at + 46 + short.readUInt16LE(at + 28)) !== p.orderbookName) {
      at += 46 + short.readUInt16LE(at + 28) + short.readUInt16LE(at + 30) + short.readUInt16LE(at + 32);
    }
    const size = short.readUInt32LE(at + 24);
    short.writeUInt32LE(size + 1, at + 24);
    const shortPath = join(tmp, 'short.zip');
    writeFileSync(shortPath, short);
    const err2 = await thrown(drain(await openLobster(shortPath, { instrument: inst })));
    expect(err2.file).toBe(`${shortPath}:${p.orderbookName}`);
    expect(err2.detail).toBe(`the file is damaged or truncated (not enough bytes in the stream. expected ${size + 1}. got only ${size})`);
  });

  it('rejects a file that is not a zip archive', async () => {
    const path = join(tmp, 'not-a.zip');
    writeFileSync(path, 'hello');
    expect(await thrown(openLobster(path))).toMatchObject({ file: path });
  });

  it('names the missing orderbook file of a message file', async () => {
    const dir = mkdtempSync(join(tmp, 'alone-'));
    const path = join(dir, 'AMZN_2012-06-21_34200000_57600000_message_1.csv');
    writeFileSync(path, pair.message.slice(0, 5).join('\n'));
    const err = await thrown(openLobster(path));
    expect(err.file).toBe(path.replace('_message_', '_orderbook_'));
  });
});
