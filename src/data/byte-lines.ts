import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { assertReadableFile, openMaybeGzip } from './lines.js';

/** Files up to this size are read in one call (see ByteLines.open). */
const SMALL_FILE = 1 << 20;
/** Gzip files up to this size are decompressed in one call, when their text fits in SMALL_GZIP_TEXT. */
export const SMALL_GZIP = 1 << 18;
const SMALL_GZIP_TEXT = 16 << 20;

const EMPTY = Buffer.alloc(0);
/**
 * A line longer than this is not line-by-line market data (a 50-level LOBSTER row is about
 * 1 KB, a 1000-level Binance snapshot about 60 KB).
 */
const MAX_LINE = 16 << 20;

/**
 * Lines of a byte stream as ranges of a buffer, without decoding them to strings: the readers
 * parse digits and decimals straight from the bytes, which roughly halves the cost per row
 * (no UTF-8 decoding, no line or field strings). Memory is one chunk plus one partial line.
 * nextSync() moves to the next line held in memory; when it returns false, fill() reads more
 * (or reports the end).
 */
export class ByteLines {
  /** The current line is buf[start, end), without its "\r\n" or "\n". */
  buf: Buffer = EMPTY;
  start = 0;
  end = 0;
  /** 1-based number of the current line (0 before the first). */
  line = 0;
  private pos = 0;
  private ended = false;
  /** The chunk to go on in once buf, which holds only a line joined across chunks, is read. */
  private after: Buffer | undefined;
  private afterPos = 0;
  keepLimit = Infinity;
  private keptBytes = 0;
  private readonly chunks: AsyncIterator<Buffer> | Iterator<Buffer>;
  private readonly stream: Readable | undefined;

  constructor(
    /** A byte stream, or chunks read without a stream (bytes in memory, a synchronous reader). */
    source: Readable | Iterable<Buffer>,
    readonly file: string,
    /**
     * When set, every chunk read is also appended here (for a later replay), up to keepLimit
     * bytes in all: past that, nothing is kept and keep becomes undefined.
     */
    public keep?: Buffer[],
  ) {
    if (!(Symbol.asyncIterator in source)) this.chunks = source[Symbol.iterator]();
    else {
      this.stream = source;
      this.chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    }
  }

  /**
   * The lines of a plain or gzip file (kept in `keep` when given). A small file is read in one
   * call, and a small gzip file decompressed in one: opening a stream (several system calls and
   * callbacks, a decompressor on the thread pool) cost more than reading a daily bar file or a
   * short recording. A gzip file that does not decompress in one call (damaged, truncated, or
   * larger than it looked) is streamed instead, so that its lines up to the fault are read and
   * the fault is reported as for any streamed file.
   */
  static open(path: string, keep?: Buffer[]): ByteLines {
    assertReadableFile(path);
    if (statSync(path).size <= SMALL_FILE) {
      const bytes = readFileSync(path);
      if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) return new ByteLines([bytes], path, keep);
      if (bytes.length <= SMALL_GZIP) {
        let text: Buffer | undefined;
        try {
          text = gunzipSync(bytes, { maxOutputLength: SMALL_GZIP_TEXT, chunkSize: gzipTextSize(bytes) });
        } catch {
          text = undefined;
        }
        if (text !== undefined) return new ByteLines([text], path, keep);
      }
    }
    return new ByteLines(openMaybeGzip(path), path, keep);
  }

  /** The lines of chunks kept by an earlier read of `file`. */
  static replay(chunks: Buffer[], file: string): ByteLines {
    return new ByteLines(chunks, file);
  }

  nextSync(): boolean {
    let buf = this.buf;
    let nl = buf.indexOf(10, this.pos);
    if (nl < 0 && this.after !== undefined) {
      // The line that straddled two chunks is read: go on in the chunk itself.
      buf = this.buf = this.after;
      this.pos = this.afterPos;
      this.after = undefined;
      nl = buf.indexOf(10, this.pos);
    }
    if (nl < 0) {
      // The last line may lack its newline.
      if (!this.ended || this.pos >= buf.length) return false;
      nl = buf.length;
    }
    this.start = this.pos;
    this.end = nl > this.pos && buf[nl - 1] === 13 ? nl - 1 : nl;
    this.pos = nl + 1;
    this.line++;
    return true;
  }

  /** Reads the next chunk; false once the stream is done and no line is left. */
  async fill(): Promise<boolean> {
    if (this.ended) return this.pos < this.buf.length;
    let r: IteratorResult<Buffer>;
    try {
      r = await this.chunks.next();
    } catch (err) {
      if (err instanceof InputError) throw err;
      const reason = (err as Error).message ?? String(err);
      throw new InputError(this.file, this.line + 1, undefined, `the file is damaged or truncated (${reason})`);
    }
    const rest = this.buf.length - this.pos;
    if (r.done) {
      this.ended = true;
      return rest > 0;
    }
    let chunk = r.value;
    if (this.keep !== undefined) {
      this.keptBytes += chunk.length;
      if (this.keptBytes > this.keepLimit) this.keep = undefined;
      else this.keep.push(chunk);
    }
    if (this.line === 0 && this.buf.length === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      chunk = chunk.subarray(3); // a UTF-8 byte order mark
    }
    if (rest > MAX_LINE) {
      throw new InputError(this.file, this.line + 1, undefined, `line longer than ${MAX_LINE} bytes: not a line-by-line data file`);
    }
    const tail = this.buf.subarray(this.pos);
    this.pos = 0;
    const nl = rest > 0 ? chunk.indexOf(10) : -1;
    if (rest === 0) this.buf = chunk;
    else if (nl < 0) this.buf = Buffer.concat([tail, chunk]);
    else {
      // Only the line that straddles the chunks is copied, not the whole chunk.
      this.buf = Buffer.concat([tail, chunk.subarray(0, nl + 1)]);
      this.after = chunk;
      this.afterPos = nl + 1;
    }
    return true;
  }

  /** Moves to the next line, reading as needed; false at the end. */
  async next(): Promise<boolean> {
    while (!this.nextSync()) {
      if (!(await this.fill())) return false;
    }
    return true;
  }

  /** The current line as text, for messages. */
  text(): string {
    return this.buf.toString('utf8', this.start, this.end);
  }

  async close(): Promise<void> {
    this.stream?.destroy();
    await this.chunks.return?.();
  }
}

/**
 * The batches of events (or bars) of one pass over lines: `row` reads each non-empty line
 * held in memory into `out`, and the batch is handed on whenever the lines in memory are used
 * up, before more are read. Blank lines are skipped but still counted in lines.line.
 */
export async function* lineBatches<T>(lines: ByteLines, row: (lines: ByteLines, out: T[]) => void): AsyncGenerator<T[]> {
  let out: T[] = [];
  for (;;) {
    if (!lines.nextSync()) {
      if (out.length > 0) {
        yield out;
        out = [];
      }
      if (await lines.fill()) continue;
      return;
    }
    if (lines.start !== lines.end) row(lines, out);
  }
}

/**
 * An output buffer size for decompressing a small gzip file in one call: the length its
 * trailer gives (the text's length modulo 2^32, of the last member only), plus one byte so
 * that zlib ends with room to spare. One buffer of the whole text spares zlib filling 16 KiB
 * chunks and joining them (about 35 us of 85 for a 94 KB text). A trailer that lies only
 * changes the buffer size: the output is the same.
 */
function gzipTextSize(bytes: Buffer): number {
  const told = bytes.length >= 4 ? bytes.readUInt32LE(bytes.length - 4) : 0;
  return Math.min(Math.max(told + 1, 16 << 10), SMALL_GZIP_TEXT);
}
