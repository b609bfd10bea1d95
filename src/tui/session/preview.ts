import { touchMark } from '../../engine/book/touch-mark.js';
import { Decimal } from 'decimal.js';
import type { L2Book } from '../../engine/book/l2-book.js';
import type { FeeModel } from '../../engine/exchange/models.js';
import type { OrderRequest } from '../../engine/model/orders.js';
import type { Account } from '../../engine/portfolio/account.js';
import { checkOrder, type RiskConfig } from '../../engine/risk/pre-trade.js';
import type { OrderPreview, TicketOrder } from './types.js';

export interface PreviewInputs {
  book: L2Book;
  account: Account;
  risk: RiskConfig;
  fees: FeeModel;
  /** Lots already on open orders of the ticket's side. */
  openSameSide: number;
  /** The ticket's instrument: its place in the account (0, the first, when absent). */
  market?: number;
  /** Every instrument's mark, for a run of several (buying power counts them all). */
  marks?: readonly (number | undefined)[];
}

/**
 * What a ticket would do if sent now, from the book as it stands: the part that crosses walks
 * the opposite side level by level (as the L2 fill model does, without impact or latency), the
 * rest would rest at the limit. The fee is the fee model's, taker for the crossing part and maker
 * for the resting part if it fills; the refusal is the pre-trade risk check's own answer.
 */
export function previewOrder(t: TicketOrder, inp: PreviewInputs): OrderPreview {
  const { book, account } = inp;
  const market = inp.market ?? 0;
  const holding = account.holdings[market];
  const inst = holding.instrument;
  const opposite = book.levels(Infinity)[t.side === 'buy' ? 'asks' : 'bids'];
  let left = t.qty;
  let crossed = 0;
  let notionalTicks = 0;
  for (const [price, size] of opposite) {
    if (left <= 0) break;
    if (t.type === 'limit' && t.limit !== undefined && (t.side === 'buy' ? price > t.limit : price < t.limit)) break;
    const n = Math.min(left, size);
    crossed += n;
    notionalTicks += n * price;
    left -= n;
  }
  const resting = t.type === 'limit' ? left : 0;
  const tick = new Decimal(inst.tickSize);
  const lot = new Decimal(inst.lotSize);
  const feeOf = (ticksTimesLots: number, lots: number, liquidity: 'maker' | 'taker', before: Decimal, unitsBefore: Decimal) =>
    new Decimal(
      inp.fees.fee({
        notional: tick.times(ticksTimesLots).times(lot).toFixed(),
        units: lot.times(lots).toFixed(),
        liquidity,
        orderNotionalBefore: before.toFixed(),
        orderUnitsBefore: unitsBefore.toFixed(),
      }),
    );
  let fee = new Decimal(0);
  const takerNotional = tick.times(notionalTicks).times(lot);
  if (crossed > 0) fee = fee.plus(feeOf(notionalTicks, crossed, 'taker', new Decimal(0), new Decimal(0)));
  if (resting > 0 && t.limit !== undefined) fee = fee.plus(feeOf(resting * t.limit, resting, 'maker', takerNotional, lot.times(crossed)));

  const bid = book.bestBid();
  const ask = book.bestAsk();
  const mark = touchMark(bid, ask);
  const price = t.type === 'limit' ? t.limit : t.side === 'buy' ? ask : bid;
  const req: OrderRequest = { clientId: 'preview', side: t.side, type: t.type, qty: t.qty, limit: t.limit, tif: t.tif };
  const reject = checkOrder(req, inp.risk, { account, priceTicks: price, markTicks: mark, openSameSide: inp.openSameSide, market, marks: inp.marks });

  // The tighter of the two limits the risk check applies: gross leverage and one position's share.
  const equity = inp.marks ? account.equity(inp.marks) : account.equity(mark ?? price);
  const cap = equity.times(Math.min(inp.risk.leverage, inp.risk.maxPositionFraction));
  const pending = t.side === 'buy' ? inp.openSameSide : -inp.openSameSide;
  const after = holding.lots + pending + (t.side === 'buy' ? t.qty : -t.qty);
  const exposure = price === undefined ? new Decimal(0) : holding.notional(price, Math.abs(after));
  return {
    immediateQty: crossed,
    avgPrice: crossed > 0 ? notionalTicks / crossed : undefined,
    fee: fee.toFixed(),
    buyingPowerAfter: cap.minus(exposure).toFixed(2),
    reject,
  };
}
