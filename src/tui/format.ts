import type { Instrument } from '../engine/model/instrument.js';
import { lotsToQty, ticksToPrice } from '../engine/model/instrument.js';

/** A price in ticks with as many decimals as the tick has, so a ladder's prices line up. */
export function price(inst: Instrument, ticks: number | undefined): string {
  if (ticks === undefined) return '—';
  const text = ticksToPrice(inst, ticks);
  const places = (inst.tickSize.split('.')[1] ?? '').length;
  if (places === 0) return text;
  const [whole, frac = ''] = text.split('.');
  return `${whole}.${frac.padEnd(places, '0')}`;
}
export const qty = (inst: Instrument, lots: number): string => lotsToQty(inst, lots);

/** A price that may fall between ticks (an average), to one more decimal than the tick. */
export function avgPrice(inst: Instrument, ticks: number): string {
  const places = (inst.tickSize.split('.')[1] ?? '').length + 1;
  return (ticks * Number(inst.tickSize)).toFixed(places);
}

/** Signed amount with its sign spelled out (never colour alone): "+12.50", "−3.00", "0.00". */
export function signed(text: string): string {
  const n = Number(text);
  if (n > 0) return `+${text}`;
  if (n < 0) return `−${text.replace(/^-/, '')}`;
  return text.replace(/^-/, '');
}

/** ▲ for up, ▼ for down, · for flat. */
export const arrow = (n: number): string => (n > 0 ? '▲' : n < 0 ? '▼' : '·');

/** Exchange time of day, UTC, to the millisecond: 14:30:01.234. */
export function clock(ns: bigint | undefined): string {
  if (ns === undefined) return '--:--:--.---';
  const ms = Number(ns / 1_000_000n);
  return new Date(ms).toISOString().slice(11, 23);
}

export const percent = (f: number, places = 2): string => `${(f * 100).toFixed(places)} %`;

export function pad(s: string, n: number, right = false): string {
  if (s.length > n) return s.slice(0, n);
  return right ? s.padStart(n) : s.padEnd(n);
}

/** Wall time of day (local) for "last update". */
export function wallTime(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((x) => String(x).padStart(2, '0')).join(':');
}
