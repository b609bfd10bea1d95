import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { constants, createGunzip, type Gunzip } from 'node:zlib';
import { ByteLines, SMALL_GZIP } from './byte-lines.js';
import { assertReadableFile, isGzipFile } from './lines.js';

/** Bytes read from the file, and text written by the decompressor, per call. */
const CHUNK = 1 << 20;

/**
 * The zlib binding under a Gunzip stream: what Node's own inflateSync drives (writeSync into
 * a caller's buffer, the counts left in writeState). Not a public API: looked for, and when
 * it is not there, FileChunks.usable says so and the caller streams instead.
 */
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
}
interface GunzipInternals {
  _handle?: ZlibHandle;
  _writeState?: Uint32Array;
  errored?: Error | null;
}

/**
 * The text of a plain or gzip file as chunks, read and decompressed synchronously into buffers
 * of its own. A stream allocates a fresh 1 MiB buffer for every chunk it hands out; these are
 * memory outside the JS heap, and the ~28 of them per pass of a day's recording made V8 run
 * extra collections for them (and gunzip alone took ~40 ms of CPU through a stream against
 * ~26 ms here). While `reuse` is set, the chunks are written into two buffers in turn: a chunk
 * handed out stays intact until the chunk after next is read, which is enough for ByteLines
 * (it holds the current chunk only, copying a line that straddles two). A reader that keeps
 * the chunks clears `reuse`.
 *
 * Errors are the decompressor's own ("unexpected end of file", "incorrect header check"),
 * thrown by next() once the text before the fault has been handed out.
 */
export class FileChunks implements IterableIterator<Buffer> {
  /** Write each chunk into the two buffers in turn (else a new buffer when one is full). */
  reuse = true;
  /**
   * Set (to []) to receive the SHA-1 of each block of a gzip file as it is read, for a later
   * read to check against (`expected`). About 2 ms of CPU for a day's 3.6 MB.
   */
  digests: Buffer[] | undefined;
  /**
   * The digests of an earlier read: each block read is compared with its own before any text
   * from it is handed out, and `trusted` turns false, for good, at the first that differs (or
   * that the earlier read did not have). While it stays true, every chunk handed out so far is
   * byte for byte the text the earlier read had there, so what that read learnt of its lines
   * still holds.
   */
  expected: Buffer[] | undefined;
  trusted = true;
  private block = 0;
  private readonly fd: number;
  private readonly input = Buffer.allocUnsafe(CHUNK);
  private inOff = 0;
  private inLen = 0;
  private eof = false;
  private done = false;
  private readonly gunzip: Gunzip | undefined;
  private readonly handle: ZlibHandle | undefined;
  private readonly state: Uint32Array | undefined;
  private readonly pair: Buffer[] = [];
  private out: Buffer;
  private outOff = 0;
  private which = 0;

  constructor(path: string, gzip: boolean) {
    this.fd = openSync(path, 'r');
    if (gzip) {
      this.gunzip = createGunzip();
      const z = this.gunzip as unknown as GunzipInternals;
      this.handle = z._handle;
      this.state = z._writeState;
      // The binding reports a fault through the stream (destroy with the error), whose 'error'
      // event would be unhandled: it is read from `errored` instead.
      this.gunzip.on('error', () => {});
    }
    this.out = this.fresh();
  }

  /** Whether this Node offers what FileChunks drives for gzip files. */
  static get usable(): boolean {
    const z = createGunzip() as unknown as GunzipInternals;
    const ok = typeof z._handle?.writeSync === 'function' && z._writeState instanceof Uint32Array;
    (z as unknown as Gunzip).close();
    return ok;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<Buffer> {
    while (!this.done) {
      const chunk = this.handle === undefined ? this.readPlain() : this.inflate();
      if (chunk !== undefined) return { done: false, value: chunk };
    }
    return { done: true, value: undefined };
  }

  return(): IteratorResult<Buffer> {
    this.close();
    return { done: true, value: undefined };
  }

  private readPlain(): Buffer | undefined {
    const out = this.room();
    const n = readSync(this.fd, out, this.outOff, out.length - this.outOff, null);
    if (n === 0) {
      this.close();
      return undefined;
    }
    return this.take(n);
  }

  /** One call of the decompressor: the text it wrote (undefined when none). */
  private inflate(): Buffer | undefined {
    if (this.inLen === 0 && !this.eof) {
      this.inOff = 0;
      this.inLen = readSync(this.fd, this.input, 0, CHUNK, null);
      if (this.inLen === 0) {
        this.eof = true;
        // Shorter than at the earlier read: its last line may end early.
        if (this.expected !== undefined && this.block !== this.expected.length) this.trusted = false;
      } else if (this.digests !== undefined || this.expected !== undefined) this.check(this.input.subarray(0, this.inLen));
    }
    const out = this.room();
    const room = out.length - this.outOff;
    const flush = this.eof ? constants.Z_FINISH : constants.Z_NO_FLUSH;
    this.handle!.writeSync(flush, this.input, this.inOff, this.inLen, out, this.outOff, room);
    const fault = (this.gunzip as unknown as GunzipInternals).errored;
    if (fault) {
      this.close();
      throw fault;
    }
    const [outLeft, inLeft] = this.state!;
    this.inOff += this.inLen - inLeft;
    this.inLen = inLeft;
    const wrote = room - outLeft;
    // All input read and the output not filled: the stream is finished.
    if (this.eof && outLeft > 0) this.close();
    return wrote > 0 ? this.take(wrote) : undefined;
  }

  private check(block: Buffer): void {
    const digest = createHash('sha1').update(block).digest();
    this.digests?.push(digest);
    const want = this.expected?.[this.block];
    if (this.expected !== undefined && (want === undefined || !want.equals(digest))) this.trusted = false;
    this.block++;
  }

  /** The buffer to write into: the current one, or the next once it is full. */
  private room(): Buffer {
    if (this.outOff < this.out.length) return this.out;
    this.outOff = 0;
    if (!this.reuse) return (this.out = this.fresh());
    this.which ^= 1;
    this.pair[this.which] ??= Buffer.allocUnsafe(CHUNK);
    return (this.out = this.pair[this.which]);
  }

  private fresh(): Buffer {
    return Buffer.allocUnsafe(CHUNK);
  }

  private take(n: number): Buffer {
    const chunk = this.out.subarray(this.outOff, this.outOff + n);
    this.outOff += n;
    return chunk;
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    closeSync(this.fd);
    this.gunzip?.close();
  }
}

let driveable: boolean | undefined;

/**
 * The lines of a data file read without a stream (its chunks appended to `keep` when given): a
 * small file as ByteLines.open reads it (in one call), any other through FileChunks, reusing its
 * buffers unless the chunks are kept. `chunks` is handed back so that a reader can let
 * FileChunks reuse its buffers once it stops keeping them. (Reading a 1.7 MB file to keep in one
 * readFileSync call instead of two chunks made V8 run full collections: slower.)
 */
export function fileLines(path: string, keep?: Buffer[]): { lines: ByteLines; chunks: FileChunks | undefined } {
  assertReadableFile(path);
  const gzip = isGzipFile(path);
  driveable ??= FileChunks.usable;
  if (statSync(path).size <= SMALL_GZIP || (gzip && !driveable)) return { lines: ByteLines.open(path, keep), chunks: undefined };
  const chunks = new FileChunks(path, gzip);
  chunks.reuse = keep === undefined;
  return { lines: new ByteLines(chunks, path, keep), chunks };
}
