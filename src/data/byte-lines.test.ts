import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteLines } from './byte-lines.js';

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
});
