import { UsageError } from '../errors.js';

/**
 * Strategy params from the command line. `--param name=value` sets one (backtest); `--param
 * name=v1,v2,v3` lists the values a sweep tries. A value that reads as a number or a boolean is
 * one (so `window=20` gives the number 20, as a JSON config would); anything else is text.
 */
export type ParamValue = number | boolean | string;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

export function paramValue(text: string): ParamValue {
  if (NUMBER.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

function split(text: string, example: string): [string, string] {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  if (eq < 0 || !NAME.test(name)) throw new UsageError(`--param "${text}" is not name=value`, `for example ${example}`);
  return [name, text.slice(eq + 1)];
}

/** `--param` values of backtest to params; a name given twice is a usage error. */
export function parseParams(texts: readonly string[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const t of texts) {
    const [name, value] = split(t, '--param window=50');
    if (name in out) throw new UsageError(`--param ${name} is given twice`);
    out[name] = paramValue(value);
  }
  return out;
}

/** `--param` values of a sweep: each name with its values in the order given. */
export function parseParamLists(texts: readonly string[]): { name: string; values: ParamValue[] }[] {
  const out: { name: string; values: ParamValue[] }[] = [];
  for (const t of texts) {
    const [name, list] = split(t, '--param window=20,50,100');
    if (out.some((p) => p.name === name)) throw new UsageError(`--param ${name} is given twice`, `list its values once: --param ${name}=a,b,c`);
    const values = list.split(',').map((v) => v.trim());
    if (values.some((v) => v === '')) throw new UsageError(`--param "${t}" has an empty value`, `for example --param ${name}=20,50,100`);
    const parsed = values.map(paramValue);
    if (new Set(values).size !== values.length) throw new UsageError(`--param ${name} lists a value twice`);
    out.push({ name, values: parsed });
  }
  return out;
}
