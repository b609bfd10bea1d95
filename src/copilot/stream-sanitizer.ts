import { stripUnsafe } from './sanitize.js';

/** Whether the escape sequence at the start of `seq` has ended (by its kind's own terminator). */
function complete(seq: string): boolean {
  if (seq.length < 2) return false;
  const kind = seq[1];
  if (kind === '[') return /^\u001b\[[0-?]*[ -/]*[@-~]/.test(seq);
  if (kind === ']') return /\u0007|\u001b\\/.test(seq.slice(2));
  if ('PX^_'.includes(kind)) return /\u001b\\/.test(seq.slice(2));
  return /^\u001b[ -/]*[0-~]/.test(seq);
}

/**
 * Strips streamed text chunk by chunk. An escape sequence can be split across chunks ("\x1b" in
 * one, "[2J" in the next), so a trailing, unfinished sequence is held back until it completes
 * (or grows implausibly long), then stripped whole.
 */
export class StreamSanitizer {
  private pending = '';

  push(chunk: string): string {
    const buf = this.pending + chunk;
    const esc = buf.lastIndexOf('\u001b');
    let cut = buf.length;
    if (esc >= 0 && buf.length - esc < 256 && !complete(buf.slice(esc))) cut = esc;
    this.pending = buf.slice(cut);
    return stripUnsafe(buf.slice(0, cut));
  }

  flush(): string {
    const out = stripUnsafe(this.pending);
    this.pending = '';
    return out;
  }
}
