import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDir } from '../../../test/support/data-dir.js';
import { collect, expectInputError } from '../../../test/support/binance-recordings.js';
import { FileChunks } from '../file-chunks.js';
import { openBinance } from './index.js';
import { TickerTape } from './ticker-tape.js';

// The survey marks the plain bookTicker lines of each file; a pass that reads the file again
// (its text too long to keep) skips their JSON while the file's compressed blocks are those
// the survey read. A file changed in between must be read as if no survey had looked at it.

const usdm = join(dataDir(), 'binance/usdm/btcusdt_20240808.gz');
const dir = mkdtempSync(join(tmpdir(), 'vtrade-ticker-tape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file's lines with line `n` (1-based) of the first bookTicker line at or after `from` edited. */
function edited(from: number, edit: (line: string) => string): { bytes: Buffer; line: number } {
  const lines = gunzipSync(readFileSync(usdm)).toString('latin1').split('\n');
  let i = from - 1;
  while (!lines[i].includes('@bookTicker')) i++;
  lines[i] = edit(lines[i]);
  return { bytes: gzipSync(Buffer.from(lines.join('\n'), 'latin1')), line: i + 1 };
}

describe('TickerTape', () => {
  it('marks the lines whose symbol sits where the first marked line has it, and no other', () => {
    const tape = new TickerTape();
    tape.mark(3, 80, 7);
    tape.mark(70_000, 80, 7);
    tape.mark(5, 81, 7);
    tape.mark(6, 80, 8);
    expect([tape.at(3), tape.at(70_000)]).toEqual([1 + 80 * 256 + 7, 1 + 80 * 256 + 7]);
    expect([tape.at(4), tape.at(5), tape.at(6), tape.at(69_999), tape.at(1e9)]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('FileChunks digests', () => {
  const read = (path: string, expected?: Buffer[]): { digests: Buffer[]; trusted: boolean } => {
    const chunks = new FileChunks(path, true);
    chunks.digests = [];
    chunks.expected = expected;
    for (const chunk of chunks) void chunk;
    return { digests: chunks.digests, trusted: chunks.trusted };
  };

  it('trust a read of the same bytes, and not one of a file changed, cut or grown', () => {
    const first = read(usdm);
    expect(first.digests.length).toBe(4); // 3.6 MB in blocks of 1 MiB
    expect(read(usdm, first.digests).trusted).toBe(true);
    const gz = readFileSync(usdm);
    const changed = join(dir, 'changed.gz');
    writeFileSync(changed, edited(80_000, (l) => l.replace('"e":"bookTicker"', '"e":"bookTickeR"')).bytes);
    expect(read(changed, first.digests).trusted).toBe(false);
    const grown = join(dir, 'grown.gz');
    writeFileSync(grown, Buffer.concat([gz, gzipSync('\n')]));
    expect(read(grown, first.digests).trusted).toBe(false);
    // Cut where a block ends, as a file of one more gzip member would be: no block differs, one
    // is missing. (A stored member of exactly one block.)
    let n = (1 << 20) - 100;
    while (gzipSync(Buffer.alloc(n, 'a'), { level: 0 }).length > 1 << 20) n--;
    const member = gzipSync(Buffer.alloc(n, 'a'), { level: 0 });
    expect(member.length).toBe(1 << 20);
    const one = join(dir, 'one-member.gz');
    const two = join(dir, 'two-members.gz');
    writeFileSync(one, member);
    writeFileSync(two, Buffer.concat([member, gzipSync('a\n')]));
    const long = read(two);
    expect(long.digests.length).toBe(2);
    expect(read(one, long.digests.slice(0, 1)).trusted).toBe(true);
    expect(read(one, long.digests).trusted).toBe(false);
  });
});

describe('a recording read again after its survey', () => {
  it('gives the events, records and warnings of a read with no survey', async () => {
    const read = await openBinance(usdm, { keepBytes: 0 });
    const plain = await openBinance(usdm, { instrument: read.instrument, keepBytes: 0 });
    const events = await collect(read);
    expect(events.length).toBe(466_576);
    expect(events).toEqual(await collect(plain));
    expect([read.stats, read.warnings, read.recordCount]).toEqual([plain.stats, plain.warnings, plain.recordCount]);
    // And again: the tape serves every pass while the file is unchanged.
    expect((await collect(read)).length).toBe(466_576);
  });

  it('reads in full the lines of a file changed since its survey', async () => {
    const path = join(dir, 'session.gz');
    copyFileSync(usdm, path);
    const surveyed = await openBinance(usdm, { keepBytes: 0 });
    const read = await openBinance(path, { keepBytes: 0 });
    // A control character in a ticker line late in the file, its symbol where it was.
    const { bytes, line } = edited(80_000, (l) => l.replace('"e":"bookTicker"', '"e":"bookTicke\t"'));
    writeFileSync(path, bytes);
    const err = await expectInputError(collect(read));
    const fresh = await expectInputError(collect(await openBinance(path, { instrument: surveyed.instrument, keepBytes: 0 })));
    expect([err.file, err.line, err.field, err.message]).toEqual([fresh.file, fresh.line, fresh.field, fresh.message]);
    expect(err.line).toBe(line);
  });
});
