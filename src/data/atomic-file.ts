import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writers produce their output under a temporary name in the target's own directory and rename
 * it into place only once complete: a failure midway never leaves a partial file under the real
 * name, and the rename stays on one file system, so it is atomic.
 */
export function tempPathFor(outPath: string): string {
  return join(dirname(outPath), `.${basename(outPath)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Moves a finished temporary file into place. */
export function commitTemp(tempPath: string, outPath: string): void {
  renameSync(tempPath, outPath);
}

/** Removes a temporary file after a failure; never throws (the original error matters more). */
export function discardTemp(tempPath: string): void {
  try {
    rmSync(tempPath, { force: true });
  } catch {
    // nothing more to do
  }
}

/** Runs `write` against a temporary path, then renames it to outPath; on failure removes it. */
export async function writeAtomically(outPath: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  const temp = tempPathFor(outPath);
  try {
    await write(temp);
    commitTemp(temp, outPath);
  } catch (err) {
    discardTemp(temp);
    throw err;
  }
}
