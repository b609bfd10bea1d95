import { styleText } from 'node:util';
import { UsageError } from '../errors.js';

export type OutputFormat = 'table' | 'json' | 'csv';

/** `-o table|json|csv`, with `--json` as a shorthand that wins. */
export function outputFormat(opts: { output?: string; json?: boolean }): OutputFormat {
  if (opts.json) return 'json';
  const o = opts.output ?? 'table';
  if (o === 'table' || o === 'json' || o === 'csv') return o;
  throw new UsageError(`-o "${o}" is not an output format`, 'use -o table, -o json or -o csv');
}

/** Colour only for people: never when NO_COLOR is set, TERM is dumb, or stdout is not a terminal. */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.TERM === 'dumb') return false;
  if (process.argv.includes('--no-color')) return false;
  return Boolean(stream.isTTY);
}

type Style = Parameters<typeof styleText>[0];
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return colourEnabled(stream) ? styleText(style, text) : text;
}

/** A plain aligned text table; numbers (right-aligned columns) are named in `right`. */
export function renderTable(headers: string[], rows: string[][], right: Set<number> = new Set()): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** RFC 4180 CSV: quote fields holding a comma, quote or newline. */
export function renderCsv(headers: string[], rows: string[][]): string {
  const cell = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return [headers, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}
