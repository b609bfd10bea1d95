// Preloaded with `node --import` to list every module a process loads: a resolve hook appends
// each resolved URL to the file named by VTRADE_TRACE_IMPORTS.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.VTRADE_TRACE_IMPORTS, r.url + '\\n');
  return r;
}`),
);
