import { Box, Text, useInput } from 'ink';
import { useApp } from '../context.js';
import { avgPrice, pad, price, qty } from '../format.js';
import { keyName } from '../keys.js';
import { ticketFields, ticketOrder, type TicketState } from '../state/ticket.js';
import { useTheme } from '../theme-context.js';

/**
 * The order ticket: side, type, quantity, price and time in force, with a preview of what the
 * order would do now (estimated fill, fee, buying power left, a risk refusal) before it is sent.
 * Digits and '.' type into the field; ↑/↓ or Tab move between fields; ←/→ change a choice;
 * Enter sends; Esc closes.
 */
export function TicketOverlay(props: { ticket: TicketState; hide: boolean; ready: boolean; width: number }) {
  const { ticket: tk, width } = props;
  const { session, keymap, dispatch } = useApp();
  const t = useTheme();
  const inst = session.instrument;
  const parsed = ticketOrder(tk, inst);
  const preview = 'order' in parsed && props.ready ? session.preview(parsed.order) : undefined;

  useInput((input, key) => {
    // Typed fast (or pasted), several keys arrive as one input: digits, points and Backspaces
    // (DEL or BS) in any mix are each applied, in order, so none is lost.
    if (input.length > 0 && /^[0-9.\x7f\b]+$/.test(input) && !key.ctrl && !key.meta && (input.length > 1 || !key.backspace)) {
      for (const ch of input) dispatch({ type: 'ticket', action: ch === '\x7f' || ch === '\b' ? { type: 'backspace' } : { type: 'char', ch } });
      return;
    }
    const name = keyName(input, key);
    if (name === 'backspace') return dispatch({ type: 'ticket', action: { type: 'backspace' } });
    if (name === 'tab' || name === 'down') return dispatch({ type: 'ticket', action: { type: 'field', dir: 1 } });
    if (name === 'shift-tab' || name === 'up') return dispatch({ type: 'ticket', action: { type: 'field', dir: -1 } });
    if (name === 'left' || name === 'right') return dispatch({ type: 'ticket', action: { type: 'cycle', dir: name === 'left' ? -1 : 1 } });
    const a = keymap.action(input, key);
    if (a === 'close') return dispatch({ type: 'close' });
    if (a === 'quit' && name === 'ctrl-c') return dispatch({ type: 'quit' });
    if (a === 'left' || a === 'right') return dispatch({ type: 'ticket', action: { type: 'cycle', dir: a === 'left' ? -1 : 1 } });
    if (a === 'buy' || a === 'sell') return dispatch({ type: 'openTicket', side: a, price: tk.price });
    if (name === 'enter') {
      if ('error' in parsed) return dispatch({ type: 'notice', text: parsed.error });
      if (!props.ready) return dispatch({ type: 'notice', text: 'no market data yet: orders can be placed once it arrives' });
      const id = session.submit(parsed.order);
      const o = parsed.order;
      dispatch({ type: 'ticketSent', notice: `${id} sent: ${o.side} ${qty(inst, o.qty)} ${o.type === 'limit' ? `@ ${price(inst, o.limit)}` : 'at market'} ${o.tif}` });
    }
  });

  const fields = ticketFields(tk);
  const row = (label: string, field: string, value: string) => {
    const on = tk.field === field;
    return (
      <Text key={field} inverse={on} wrap="truncate">
        {`${on ? '▸' : ' '} ${pad(label, 9)} ${value}${on && (field === 'qty' || field === 'price') ? '▏' : ''}`}
      </Text>
    );
  };
  const money = (s: string) => (props.hide ? '•••••' : `${s} ${inst.currency}`);
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={t.c(tk.side === 'buy' ? 'bid' : 'ask')} width={Math.min(width, 56)} paddingX={1}>
      <Text bold>{`Order ticket · ${tk.side.toUpperCase()} ${inst.symbol}`}</Text>
      {row('side', 'side', tk.side === 'buy' ? '◀ buy ▶' : '◀ sell ▶')}
      {row('type', 'type', `◀ ${tk.type} ▶`)}
      {row('quantity', 'qty', tk.qty)}
      {fields.includes('price') ? row('price', 'price', tk.price) : <Text color={t.c('muted')}>{'  price     at market'}</Text>}
      {row('tif', 'tif', `◀ ${tk.tif} ▶`)}
      <Text color={t.c('muted')}>preview</Text>
      {'error' in parsed ? (
        <Text color={t.c('warn')}>{`! ${parsed.error}`}</Text>
      ) : !preview ? (
        <Text color={t.c('muted')}>waiting for market data…</Text>
      ) : (
        <>
          <Text wrap="truncate">{`  fills now  ${preview.immediateQty > 0 ? `${qty(inst, preview.immediateQty)} @ ~${avgPrice(inst, preview.avgPrice!)}` : 'none'}${parsed.order.qty > preview.immediateQty ? (parsed.order.type === 'limit' ? `; ${qty(inst, parsed.order.qty - preview.immediateQty)} rests` : `; ${qty(inst, parsed.order.qty - preview.immediateQty)} unfilled`) : ''}`}</Text>
          <Text wrap="truncate">{`  est. fee   ${money(preview.fee)}`}</Text>
          <Text wrap="truncate">{`  buying power after  ${money(preview.buyingPowerAfter)}`}</Text>
          {preview.reject ? <Text color={t.c('warn')}>{`  ! would be refused: ${preview.reject}`}</Text> : <Text>{'  ✓ passes the risk checks'}</Text>}
        </>
      )}
      <Text color={t.c('muted')} wrap="truncate">Enter send · Esc close · ↑↓ field · ←→ choose</Text>
    </Box>
  );
}
