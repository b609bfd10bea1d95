import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the real recordings live: VTRADE_DATA_DIR, or ../shared/data beside the repository. */
export function dataDir(): string {
  return process.env.VTRADE_DATA_DIR ?? resolve(repoRoot, '../shared/data');
}
