import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDir } from '../../test/support/data-dir.js';
import { ByteLines } from './byte-lines.js';
import { openMaybeGzip } from './lines.js';
import { FileChunks, fileLines } from './file-chunks.js';

// FileChunks reads a recording synchronously into two buffers it reuses: the lines must be
// those of the whole text, and a damaged file must fail where the stream way fails.

const usdm = join(dataDir(), 'binance/usdm/btcusdt_20240808.gz');
const spot = join(dataDir(), 'binance/spot/btcusdt_20240808.gz');
const dir = mkdtempSync(join(tmpdir(), 'vtrade-file-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every line, and the error that ended the read (file, line, detail), if any. */
async function readAll(lines: ByteLines): Promise<{ lines: string[]; error: string | undefined }> {
  const got: string[] = [];
  try {
    while (await lines.next()) got.push(lines.text());
    return { lines: got, error: undefined };
  } catch (err) {
    const e = err as { file?: string; line?: number; detail?: string };
    return { lines: got, error: `${e.file}:${e.line}: ${e.detail}` };
  } finally {
    await lines.close();
  }
}

describe('FileChunks', () => {
  it('is usable on this Node', () => {
    expect(FileChunks.usable).toBe(true);
  });

  it('gives the lines of the whole text, its two buffers reused across 28 chunks', async () => {
    const text = gunzipSync(readFileSync(usdm)).toString('latin1');
    const { lines, chunks } = fileLines(usdm);
    expect(chunks?.reuse).toBe(true);
    const got = await readAll(lines);
    expect(got.error).toBeUndefined();
    expect(got.lines.join('\n')).toBe(text.replace(/\n$/, ''));
  });

  it('reads a plain file the same way, and keeps fresh chunks when asked to keep them', async () => {
    const plain = join(dir, 'spot.txt');
    const text = gunzipSync(readFileSync(spot));
    writeFileSync(plain, text);
    const keep: Buffer[] = [];
    const { lines, chunks } = fileLines(plain, keep);
    expect(chunks?.reuse).toBe(false);
    const got = await readAll(lines);
    expect(got.lines.join('\n')).toBe(text.toString('latin1').replace(/\n$/, ''));
    expect(Buffer.concat(keep).equals(text)).toBe(true);
  });

  it('fails a file cut short or corrupt at the line the stream way fails, after the same lines', async () => {
    const gz = readFileSync(usdm);
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const corrupt = join(dir, 'corrupt.gz');
    const bad = Buffer.from(gz);
    for (let i = 0; i < 64; i++) bad[Math.floor(bad.length * 0.4) + i] ^= 0x5a;
    writeFileSync(corrupt, bad);
    for (const path of [cut, corrupt]) {
      const streamed = await readAll(new ByteLines(openMaybeGzip(path), path));
      const got = await readAll(fileLines(path).lines);
      expect(streamed.error).toMatch(/damaged or truncated/);
      expect(streamed.lines.length).toBeGreaterThan(10_000);
      expect(got).toEqual(streamed);
    }
  });
});
