import type { KeyChunk } from './keystroke.js';

export interface TerminalKeys {
  keys: AsyncIterable<KeyChunk>;
  close(): void;
}

/**
 * Raw key reads from a terminal, each stamped on arrival. Bracketed-paste mode is switched on so
 * the terminal marks pasted text, which the approver then ignores; raw mode, so each key arrives
 * as it is pressed and Ctrl-C reaches the dialog instead of killing it half-way.
 */
export function terminalKeys(input: NodeJS.ReadStream, output: NodeJS.WriteStream, clock: () => number = Date.now): TerminalKeys {
  const queue: KeyChunk[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const onData = (buf: Buffer | string) => {
    queue.push({ data: buf.toString(), at: clock() });
    wake?.();
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  input.setRawMode(true);
  output.write('\u001b[?2004h');
  input.on('data', onData);
  input.on('end', onEnd);
  input.resume();
  const close = () => {
    input.off('data', onData);
    input.off('end', onEnd);
    output.write('\u001b[?2004l');
    input.setRawMode(false);
    input.pause();
    ended = true;
    wake?.();
  };
  async function* keys(): AsyncGenerator<KeyChunk> {
    for (;;) {
      if (queue.length > 0) {
        yield queue.shift()!;
        continue;
      }
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  }
  return { keys: keys(), close };
}
