import { Readable } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../errors.js';
import { ByteLines } from './byte-lines.js';

/** Every line of a file through ByteLines.open, and the error that ended the read, if any. */
async function readAll(path: string): Promise<{ lines: string[]; error: unknown }> {
  const lines = ByteLines.open(path);
  const got: string[] = [];
  try {
    while (await lines.next()) got.push(lines.text());
    return { lines: got, error: undefined };
  } catch (err) {
    return { lines: got, error: err };
  } finally {
    await lines.close();
  }
}

describe('ByteLines', () => {
  it('gives the lines of split("\\n") (a final newline ends the last line, "\\r" dropped) however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ unit: fc.constantFrom('a', 'b', ',', '\r', 'é') }), fc.boolean())),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        async (rows, finalNewline, sizes) => {
          const text = rows.map(([r, cr]) => r + (cr ? '\r' : '')).join('\n') + (finalNewline && rows.length > 0 ? '\n' : '');
          const bytes = Buffer.from(text);
          const chunks: Buffer[] = [];
          for (let i = 0, k = 0; i < bytes.length; k++) {
            const size = sizes[k % sizes.length];
            chunks.push(bytes.subarray(i, i + size));
            i += size;
          }
          const lines = new ByteLines(Readable.from(chunks), 'f');
          const got: string[] = [];
          while (await lines.next()) got.push(lines.text());
          const want = text.split('\n');
          if (want[want.length - 1] === '') want.pop();
          expect(got).toEqual(want.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
          expect(lines.line).toBe(want.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a small file, plain or gzip, in one call with the lines a stream gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-byte-lines-'));
    try {
      const text = Array.from({ length: 5000 }, (_, i) => `${i},row ${i}`).join('\n');
      const plain = join(dir, 'a.csv');
      const gz = join(dir, 'a.csv.gz');
      writeFileSync(plain, '\ufeff' + text);
      writeFileSync(gz, gzipSync(text));
      const want = text.split('\n');
      expect((await readAll(plain)).lines).toEqual(want);
      expect((await readAll(gz)).lines).toEqual(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a small gzip file of several members whole, whichever member its trailer describes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-byte-lines-'));
    try {
      // The trailer the output buffer is sized from tells only the last member's length.
      const long = Array.from({ length: 20000 }, (_, i) => `${i},long ${i}`).join('\n') + '\n';
      const short = 'a,1\nb,2\n';
      for (const [name, parts] of [['short-last.gz', [long, short]], ['long-last.gz', [short, long]]] as const) {
        const gz = join(dir, name);
        writeFileSync(gz, Buffer.concat(parts.map((t) => gzipSync(t))));
        const want = parts.join('').split('\n');
        want.pop();
        const got = await readAll(gz);
        expect(got.error).toBeUndefined();
        expect(got.lines).toEqual(want);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('streams a small gzip file cut short: its lines up to the cut, then an error with the next line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtrade-byte-lines-'));
    try {
      // Incompressible rows, so that the cut falls well inside the text.
      const text = Array.from({ length: 3000 }, (_, i) => `${i},${Math.random().toString(36)}`).join('\n') + '\n';
      const whole = gzipSync(text);
      const cut = join(dir, 'cut.csv.gz');
      writeFileSync(cut, whole.subarray(0, whole.length >> 1));
      const { lines, error } = await readAll(cut);
      expect(error).toBeInstanceOf(InputError);
      expect(lines.length).toBeGreaterThan(100);
      expect(lines).toEqual(text.split('\n').slice(0, lines.length));
      expect((error as InputError).line).toBe(lines.length + 1);
      expect((error as InputError).detail).toMatch(/damaged or truncated/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
