import type { StagedOrder } from '../../store/staged-orders.js';
import { stripUnsafe } from '../sanitize.js';

/**
 * The confirmation dialog, drawn only from the stored record: never from anything the model
 * wrote. Every field is stripped of escapes and control characters even though the store only
 * holds validated values, so a tampered row cannot draw on the terminal either.
 */
export function renderDialog(o: StagedOrder): string {
  const s = (v: string | number | null) => stripUnsafe(String(v ?? '-')).slice(0, 40);
  const price = o.order_type === 'limit' ? `limit ${s(o.limit_price)}` : 'market (last known price)';
  const rows = [
    ['order', `#${o.id}`],
    ['account', s(o.account)],
    ['action', `${s(o.side).toUpperCase()} ${s(o.qty)} ${s(o.symbol)}`],
    ['price', price],
    ['time in force', s(o.tif)],
    ['staged at', s(o.created_at)],
  ];
  const body = rows.map(([k, v]) => `  ${k.padEnd(14)} ${v}`);
  return [
    '',
    '  APPROVE PAPER ORDER (staged by the analyst; it has not been sent)',
    ...body,
    '',
    '  press y to approve this order once, Esc to cancel',
    '',
  ].join('\n');
}
