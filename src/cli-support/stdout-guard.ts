/**
 * While `fn` runs, whatever is written to stdout (a strategy's console.log, a library's notice)
 * goes to stderr instead, so a command that promises machine-readable stdout (--json) keeps it
 * clean. Restored afterwards, also when `fn` throws.
 */
export async function withStdoutOnStderr<T>(fn: () => Promise<T>): Promise<T> {
  const stdout = process.stdout;
  const original = stdout.write;
  stdout.write = ((chunk: unknown, ...rest: unknown[]) => (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof stdout.write;
  try {
    return await fn();
  } finally {
    stdout.write = original;
  }
}
