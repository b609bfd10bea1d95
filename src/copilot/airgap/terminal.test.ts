import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalKeys } from './terminal.js';
import type { KeyChunk } from './keystroke.js';

/*
 * The terminal side of the approval dialog, on a stream pair standing in for the TTY: what it
 * switches on and off, that every read arrives once, in order, stamped when it arrived, and that
 * the key stream ends when the input does or the dialog closes. The end-to-end run on a real
 * pseudo-terminal is test/copilot-approve-tty.test.ts.
 */

const PASTE_ON = '\u001b[?2004h';
const PASTE_OFF = '\u001b[?2004l';

function fakeTerminal() {
  const input = new PassThrough();
  const rawModes: boolean[] = [];
  Object.assign(input, {
    isTTY: true,
    setRawMode(mode: boolean) {
      rawModes.push(mode);
      return input;
    },
  });
  let shown = '';
  const output = new PassThrough();
  output.on('data', (b: Buffer) => (shown += b.toString()));
  return { input, output, rawModes, shown: () => shown };
}

function open(t: ReturnType<typeof fakeTerminal>, clock: () => number) {
  return terminalKeys(t.input as unknown as NodeJS.ReadStream, t.output as unknown as NodeJS.WriteStream, clock);
}

/** Lets the stream deliver what was written to it. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('terminal keys', () => {
  it('switches raw mode and bracketed paste on, and reads the input', async () => {
    const t = fakeTerminal();
    const term = open(t, () => 0);
    await settle();
    expect(t.rawModes).toEqual([true]);
    expect(t.shown()).toBe(PASTE_ON);
    expect(t.input.isPaused()).toBe(false);
    term.close();
  });

  it('gives each read once, in order, as text stamped with the clock when it arrived', async () => {
    const t = fakeTerminal();
    let now = 1_000;
    const term = open(t, () => now);
    t.input.write(Buffer.from('a'));
    await settle();
    now = 2_000;
    t.input.write('\u001b[200~y\u001b[201~');
    await settle();
    now = 9_000;
    t.input.end();
    const got: KeyChunk[] = [];
    for await (const k of term.keys) got.push(k);
    expect(got).toEqual([
      { data: 'a', at: 1_000 },
      { data: '\u001b[200~y\u001b[201~', at: 2_000 },
    ]);
  });

  it('wakes a reader that is waiting when a key arrives', async () => {
    const t = fakeTerminal();
    let now = 5;
    const term = open(t, () => now);
    const it = term.keys[Symbol.asyncIterator]();
    const next = it.next();
    await settle();
    now = 7;
    t.input.write('y');
    expect(await next).toEqual({ done: false, value: { data: 'y', at: 7 } });
    term.close();
  });

  it('ends the keys when the input ends, after the reads already queued', async () => {
    const t = fakeTerminal();
    const term = open(t, () => 1);
    const it = term.keys[Symbol.asyncIterator]();
    const waiting = it.next();
    await settle();
    t.input.end();
    expect(await waiting).toEqual({ done: true, value: undefined });

    const t2 = fakeTerminal();
    const term2 = open(t2, () => 1);
    t2.input.write('x');
    t2.input.write('y');
    t2.input.end();
    await settle();
    const got: string[] = [];
    for await (const k of term2.keys) got.push(k.data);
    expect(got).toEqual(['x', 'y']);
  });

  it('on close: restores the terminal, stops reading, and ends a waiting reader', async () => {
    const t = fakeTerminal();
    const term = open(t, () => 1);
    const it = term.keys[Symbol.asyncIterator]();
    const waiting = it.next();
    await settle();
    term.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(t.rawModes).toEqual([true, false]);
    await settle();
    expect(t.shown()).toBe(PASTE_ON + PASTE_OFF);
    expect(t.input.isPaused()).toBe(true);
    // Nothing is left listening: the next dialog on the same input gets every key itself.
    expect(t.input.listenerCount('data')).toBe(0);
    expect(t.input.listenerCount('end')).toBe(0);
  });

  it('after close, keys typed later are not delivered', async () => {
    const t = fakeTerminal();
    const term = open(t, () => 1);
    term.close();
    t.input.resume();
    t.input.write('y');
    await settle();
    const got: string[] = [];
    for await (const k of term.keys) got.push(k.data);
    expect(got).toEqual([]);
  });
});
