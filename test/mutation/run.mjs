// npm run mutate [-- target ... [--stryker-flag value ...]]: runs Stryker on each target in turn
// (all by default), with the recordings folder passed by absolute path, since the tests run from a
// sandbox copy. Arguments from the first one starting with "-" go to Stryker as they are (e.g.
// --timeoutMS 5000 on a loaded machine, where each hanging mutant otherwise costs 20 s).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { targets } from './targets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const named = firstFlag < 0 ? args : args.slice(0, firstFlag);
const flags = firstFlag < 0 ? [] : args.slice(firstFlag);
// A name that starts targets' names (`exchange`) runs each of them (exchange-models, ...).
const group = (t) => Object.keys(targets).filter((k) => k.startsWith(`${t}-`));
const unknown = named.filter((t) => !(t in targets) && group(t).length === 0);
if (unknown.length > 0) {
  process.stderr.write(`unknown mutation target: ${unknown.join(', ')}; targets: ${Object.keys(targets).join(', ')}\n`);
  process.exit(2);
}
const asked = named.flatMap((t) => (t in targets ? [t] : group(t)));
// Each test runs once per mutant: property tests draw at most 30 cases here (test/support/property-runs.ts).
const env = {
  ...process.env,
  VTRADE_DATA_DIR: process.env.VTRADE_DATA_DIR ?? resolve(root, '../shared/data'),
  VTRADE_PROPERTY_RUNS: process.env.VTRADE_PROPERTY_RUNS ?? '30',
};
let failed = 0;
for (const name of asked.length > 0 ? asked : Object.keys(targets)) {
  process.stderr.write(`\n== mutation target ${name}\n`);
  const r = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...flags], { cwd: root, stdio: 'inherit', env: { ...env, VTRADE_MUTATE: name } });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
