import type { L2Book } from '../book/l2-book.js';
import { ValueError } from '../model/errors.js';
import type { OrderSide } from '../model/orders.js';
import type { FillModel, LevelTake } from './models.js';

/**
 * Fill models: how a marketable order takes liquidity from the recorded book.
 * Stateless, so one shared instance of each is enough.
 */

export type FillModelName = FillModel['name'];
export const FILL_MODEL_NAMES = ['l1', 'l2'] as const satisfies readonly FillModelName[];

type Available = (price: number, bookSize: number) => number;

/** Whole lots the order may take at a level: never negative, never a fraction of a lot. */
function takeable(available: Available, price: number, bookSize: number): number {
  const a = available(price, bookSize);
  // NaN and negative both mean "nothing": a bad answer from the impact model must not create size.
  return a > 0 ? Math.floor(a) : 0;
}

function checkQty(qty: number): void {
  if (!Number.isSafeInteger(qty) || qty < 0) {
    throw new ValueError('qty', `qty must be a whole number of lots >= 0, got ${String(qty)}`);
  }
}

/** Whether `price` is within the limit: a buy pays at most the limit, a sell receives at least it. */
function withinLimit(side: OrderSide, price: number, limit: number | undefined): boolean {
  if (limit === undefined) return true;
  return side === 'buy' ? price <= limit : price >= limit;
}

/** L1: only the best opposite level; whatever it cannot give is left unfilled by this take. */
export const l1FillModel: FillModel = {
  name: 'l1',
  take(book: L2Book, side: OrderSide, qty: number, limit: number | undefined, available: Available): LevelTake[] {
    checkQty(qty);
    if (qty === 0) return [];
    const opposite = side === 'buy' ? book.asks : book.bids;
    const price = opposite.priceAt(0);
    if (price === undefined || !withinLimit(side, price, limit)) return [];
    const take = Math.min(qty, takeable(available, price, opposite.sizeAtLevel(0)));
    return take > 0 ? [{ price, qty: take }] : [];
  },
};

/**
 * Walks the opposite side best first within the limit, taking what each level can give.
 * A level with nothing left to take (consumed earlier) is passed over, not a stop: the
 * order goes on to the next price as a real sweep would.
 */
function walkTake(book: L2Book, side: OrderSide, qty: number, limit: number | undefined, available: Available): LevelTake[] {
  checkQty(qty);
  const out: LevelTake[] = [];
  const opposite = side === 'buy' ? book.asks : book.bids;
  let remaining = qty;
  for (let level = 0; remaining > 0 && level < opposite.depth; level++) {
    const price = opposite.priceAt(level)!;
    if (!withinLimit(side, price, limit)) break;
    const take = Math.min(remaining, takeable(available, price, opposite.sizeAtLevel(level)));
    if (take > 0) {
      out.push({ price, qty: take });
      remaining -= take;
    }
  }
  return out;
}

/** L2: the book walk, with partial fills per level. */
export const l2FillModel: FillModel = { name: 'l2', take: walkTake };

export function makeFillModel(name: FillModelName): FillModel {
  switch (name) {
    case 'l1':
      return l1FillModel;
    case 'l2':
      return l2FillModel;
    default:
      throw new ValueError('fill', `unknown fill model "${String(name)}"; expected one of ${FILL_MODEL_NAMES.join(', ')}`);
  }
}
