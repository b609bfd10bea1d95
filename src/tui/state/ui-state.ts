import type { OrderSide } from '../../engine/model/orders.js';
import { DEPTH_PRESETS } from './ladder-rows.js';
import type { PaneId } from './layout.js';
import { newTicket, ticketReducer, type TicketAction, type TicketState } from './ticket.js';

export type Overlay = 'none' | 'help' | 'ticket';

export interface UiState {
  focus: PaneId;
  overlay: Overlay;
  ticket: TicketState | undefined;
  /** Balances masked (for a projector). */
  hideBalances: boolean;
  /** Selected row of the ladder, counted from the best bid (negative: asks above it). */
  ladderCursor: number;
  depthPreset: number;
  /** Selected row of the orders table. */
  ordersCursor: number;
  /** A one-line message in the footer (an order sent, a refusal). */
  notice: string | undefined;
  quitting: boolean;
}

export const initialUi: UiState = {
  focus: 'ladder',
  overlay: 'none',
  ticket: undefined,
  hideBalances: false,
  ladderCursor: 0,
  depthPreset: 1,
  ordersCursor: 0,
  notice: undefined,
  quitting: false,
};

export type UiAction =
  | { type: 'focus'; dir: 1 | -1; panes: readonly PaneId[] }
  | { type: 'help' }
  | { type: 'close' }
  | { type: 'openTicket'; side: OrderSide; price?: string }
  | { type: 'ticket'; action: TicketAction }
  | { type: 'ticketSent'; notice: string }
  | { type: 'hideBalances' }
  | { type: 'ladderMove'; delta: number; above: number; below: number }
  | { type: 'depth'; dir: 1 | -1 }
  | { type: 'ordersMove'; delta: number; count: number }
  | { type: 'notice'; text: string | undefined }
  | { type: 'quit' };

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** Everything the keyboard changes. Pure: the components only draw what this returns. */
export function uiReducer(s: UiState, a: UiAction): UiState {
  switch (a.type) {
    case 'focus': {
      if (a.panes.length === 0) return s;
      const i = a.panes.indexOf(s.focus);
      const next = a.panes[((i < 0 ? 0 : i + a.dir) + a.panes.length) % a.panes.length];
      return { ...s, focus: i < 0 ? a.panes[0] : next };
    }
    case 'help':
      return { ...s, overlay: s.overlay === 'help' ? 'none' : 'help' };
    case 'close':
      // Esc closes what is open and never quits.
      if (s.overlay !== 'none') return { ...s, overlay: 'none', ticket: s.overlay === 'ticket' ? undefined : s.ticket };
      return { ...s, notice: undefined };
    case 'openTicket':
      return { ...s, overlay: 'ticket', ticket: newTicket(a.side, a.price ?? '', s.ticket?.qty ?? '') };
    case 'ticket':
      return s.ticket ? { ...s, ticket: ticketReducer(s.ticket, a.action) } : s;
    case 'ticketSent':
      return { ...s, overlay: 'none', ticket: undefined, notice: a.notice };
    case 'hideBalances':
      return { ...s, hideBalances: !s.hideBalances };
    case 'ladderMove':
      return { ...s, ladderCursor: clamp(s.ladderCursor + a.delta, -a.above, Math.max(0, a.below - 1)) };
    case 'depth':
      return { ...s, depthPreset: clamp(s.depthPreset + a.dir, 0, DEPTH_PRESETS.length - 1) };
    case 'ordersMove':
      return { ...s, ordersCursor: clamp(s.ordersCursor + a.delta, 0, Math.max(0, a.count - 1)) };
    case 'notice':
      return { ...s, notice: a.text };
    case 'quit':
      return { ...s, quitting: true };
  }
}
