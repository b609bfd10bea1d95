import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binanceRoot, collect, expectInputError, rawLines, writtenRecordings } from '../../../test/support/binance-recordings.js';
import { openBinance } from './index.js';

// Damaged and malformed recordings: an InputError naming the file, the line and the field.

describe('Binance bad input', () => {
  const { T0, line, trade, write, inst, dir } = writtenRecordings();

  it('a truncated gzip is an InputError naming the file and a line', async () => {
    const real = join(binanceRoot, 'spot/btcusdt_20240808.gz');
    const bytes = readFileSync(real);
    const path = join(dir(), 'truncated.gz');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const md = await openBinance(path, { instrument: (await openBinance(real)).instrument });
    const err = await expectInputError(collect(md));
    expect(err.file).toBe(path);
    expect(err.detail).toMatch(/truncated/);
    // Half the bytes hold about half the lines: the error points past them, not at the start.
    expect(err.line).toBeGreaterThan(rawLines(real).length / 4);
    // The survey meets the same damage.
    expect((await expectInputError(openBinance(path))).file).toBe(path);
  });

  it('a malformed JSON line is an InputError naming file and line', async () => {
    const path = write('bad-json.gz', [line(1, trade('10.00')), `${T0 + 2_000_000n} {"stream":"btcusdt@trade","data":{"p":`]);
    const err = await expectInputError(collect(await openBinance(path, { instrument: inst })));
    expect([err.file, err.line, err.field]).toEqual([path, 2, 'json']);
  });

  it('a value off the tick grid or of the wrong type names its field', async () => {
    const path = write('bad-field.gz', [line(1, trade('10.001'))]);
    const err = await expectInputError(collect(await openBinance(path, { instrument: inst })));
    expect([err.file, err.line, err.field]).toEqual([path, 1, 'p']);
    const path2 = write('bad-type.gz', [line(1, { stream: 'btcusdt@trade', data: { s: 'BTCUSDT', p: '1', q: '1', T: 'x', m: true } })]);
    const err2 = await expectInputError(collect(await openBinance(path2, { instrument: inst })));
    expect([err2.line, err2.field]).toEqual([1, 'T']);
  });

  it('local time going backwards is an InputError unless allowUnordered', async () => {
    const path = write('unordered.gz', [line(2, trade('10.00')), line(1, trade('10.00'))]);
    const err = await expectInputError(collect(await openBinance(path, { instrument: inst })));
    expect([err.line, err.field]).toEqual([2, 'local_ts']);
    const md = await openBinance(path, { instrument: inst, allowUnordered: true });
    expect((await collect(md)).length).toBe(2);
    expect(md.warnings.some((w) => w.startsWith(`${path}:2:`))).toBe(true);
  });
});
