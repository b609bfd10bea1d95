import { z } from 'zod';
import { Decimal } from 'decimal.js';
import { cancelStagedOrder, getStagedOrder, insertStagedOrder, listStagedOrders } from '../../store/staged-orders.js';
import { resolveAccount } from '../analysis.js';
import { accountMarket } from '../../store/account-markets.js';
import { positionOf } from '../../store/accounts.js';
import { describeMarket, noMarketMessage } from '../../services/staged-fill.js';
import { accountField, defineTool, symbolField, ToolError, type ToolDef } from '../tool-kit.js';

const decimalText = (what: string) => z.union([z.number(), z.string()]).transform((v, c) => {
  const t = String(v).trim();
  if (!/^\d{1,12}(\.\d{1,8})?$/.test(t) || new Decimal(t).lte(0)) {
    c.addIssue({ code: 'custom', message: `${what} must be a positive decimal number` });
    return z.NEVER;
  }
  return new Decimal(t).toFixed();
});

const STAGED_NOTE = 'Staged only: nothing is sent. A person must approve it in vtrade (vtrade approve <id>, or the approval key in the terminal UI); there is no tool for that.';

/**
 * Order tools only stage. There is deliberately no tool that approves or executes: that takes a
 * keystroke from a person, outside the conversation (see copilot/airgap).
 */
export const orderTools: ToolDef[] = [
  defineTool({
    name: 'stage_order',
    group: 'orders',
    description: "Propose a paper order. It is stored as staged and does nothing until a person approves it outside this conversation. On approval it executes through the engine against the account's own market for the symbol (the book its latest run of that symbol ended with); with no such market approval is refused. Limit orders fill only at or through the limit.",
    input: z
      .strictObject({
        account: accountField,
        symbol: symbolField,
        side: z.enum(['buy', 'sell']),
        qty: decimalText('qty'),
        type: z.enum(['market', 'limit']).default('market'),
        limit_price: decimalText('limit_price').optional(),
        tif: z.enum(['day', 'ioc']).default('day'),
      })
      .refine((o) => (o.type === 'limit') === (o.limit_price !== undefined), { message: 'limit orders need limit_price; market orders take none', path: ['limit_price'] }),
    run: (ctx, i) => {
      const a = resolveAccount(ctx, i.account);
      if (!ctx.universe.has(i.symbol) && !positionOf(ctx.db, a.id, i.symbol)) {
        throw new ToolError('not_found', `vtrade has no price for ${i.symbol}`, 'stage orders for symbols from list_symbols or ones the account holds');
      }
      if (!/^\d+$/.test(i.qty)) throw new ToolError('invalid_input', 'qty must be a whole number of shares', 'round the quantity');
      const o = insertStagedOrder(ctx.db, {
        accountId: a.id,
        symbol: i.symbol,
        side: i.side,
        qty: i.qty,
        orderType: i.type,
        limitPrice: i.limit_price ?? null,
        tif: i.tif,
        origin: ctx.origin,
        nowIso: ctx.nowIso(),
      });
      ctx.onStaged?.(o);
      const market = accountMarket(ctx.db, a.id, i.symbol);
      return {
        staged: { id: o.id, account: o.account, symbol: o.symbol, side: o.side, qty: o.qty, type: o.order_type, limit_price: o.limit_price, tif: o.tif, status: o.status },
        market: market ? describeMarket(market) : null,
        note: market ? STAGED_NOTE : `${STAGED_NOTE} Approval will be refused for now: ${noMarketMessage(a.name, i.symbol)}.`,
      };
    },
  }),
  defineTool({
    name: 'list_staged',
    group: 'orders',
    description: 'Staged orders and what became of them (staged, executed, unfilled, cancelled), for one account or all.',
    input: z.strictObject({ account: accountField, status: z.enum(['staged', 'executed', 'unfilled', 'cancelled']).optional() }),
    run: (ctx, i) => {
      const accountId = i.account !== undefined || ctx.account !== undefined ? resolveAccount(ctx, i.account).id : undefined;
      return listStagedOrders(ctx.db, { accountId, status: i.status }).map((o) => ({
        id: o.id,
        account: o.account,
        symbol: o.symbol,
        side: o.side,
        qty: o.qty,
        type: o.order_type,
        limit_price: o.limit_price,
        tif: o.tif,
        status: o.status,
        fill_price: o.fill_price,
        created_at: o.created_at,
      }));
    },
  }),
  defineTool({
    name: 'cancel_staged',
    group: 'orders',
    description: 'Cancel a staged order that has not been approved yet.',
    input: z.strictObject({ id: z.number().int().positive() }),
    run: (ctx, i) => {
      const o = getStagedOrder(ctx.db, i.id);
      if (!o) throw new ToolError('not_found', `no staged order #${i.id}`, 'call list_staged');
      if (ctx.account !== undefined && o.account !== ctx.account) throw new ToolError('not_allowed', `order #${i.id} belongs to another account`);
      if (!cancelStagedOrder(ctx.db, i.id, ctx.nowIso())) throw new ToolError('not_allowed', `order #${i.id} is ${o.status}; only staged orders can be cancelled`);
      return { cancelled: i.id };
    },
  }),
];
