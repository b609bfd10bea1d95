/**
 * While `fn` runs, whatever is written to stdout (a strategy's console.log, a library's notice)
 * goes to stderr instead, so a command that promises machine-readable stdout (--json) keeps it
 * clean. Restored afterwards, also when `fn` throws.
 */
export async function withStdoutOnStderr<T>(fn: () => Promise<T>): Promise<T> {
  const stdout = process.stdout;
  // Restored as the very function it was, on the object it came from.
  const original = Object.getOwnPropertyDescriptor(stdout, 'write');
  stdout.write = ((chunk: unknown, ...rest: unknown[]) => (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest));
  try {
    return await fn();
  } finally {
    if (original) Object.defineProperty(stdout, 'write', original);
    else delete (stdout as { write?: unknown }).write;
  }
}
