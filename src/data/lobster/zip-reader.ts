import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl, { type ZipFile } from 'yauzl';

/**
 * Lets yauzl read a zip through one plain file stream per byte range. yauzl's own file reader
 * queues reads of all entry streams on one shared descriptor, and a stream destroyed while
 * its read is still queued crashes the process; here each stream owns its descriptor, so two
 * entries can be read side by side and abandoned at any point.
 */
class FileRangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly path: string) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // yauzl's end is exclusive, fs's inclusive; yauzl never asks for an empty range.
    return createReadStream(this.path, { start, end: end - 1, highWaterMark: 1 << 16 });
  }
}

/** Opens a zip for lazy entry listing; close() when done (open entry streams keep it alive). */
export function openZipFile(path: string): Promise<ZipFile> {
  const size = statSync(path).size;
  return yauzl.fromRandomAccessReaderPromise(new FileRangeReader(path), size, { lazyEntries: true, autoClose: false });
}
