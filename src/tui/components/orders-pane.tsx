import { Box, Text, useInput } from 'ink';
import { instrumentId } from '../../engine/model/instrument.js';
import { useApp } from '../context.js';
import { eachKey } from '../keys.js';
import { clock, pad, price, qty } from '../format.js';
import { isOpen } from '../session/manual-trading.js';
import type { EngineSnapshot } from '../session/types.js';
import type { UiState } from '../state/ui-state.js';
import { useTheme } from '../theme-context.js';
import { Pane } from './pane.js';

/** Orders (newest first, the selected one marked ▸) and, under them, the fills. */
export function OrdersPane(props: { snap: EngineSnapshot; ui: UiState; focused: boolean; active: boolean; width: number; height: number }) {
  const { snap, ui, width, height } = props;
  const { session, keymap, dispatch } = useApp();
  const t = useTheme();
  // Each order and fill in its own instrument's units; with several, a column says which.
  const several = session.instruments.length > 1;
  const byId = new Map(session.instruments.map((i) => [instrumentId(i), i]));
  const instOf = (id: string | undefined) => (id === undefined ? undefined : byId.get(id)) ?? session.instruments[0];
  const sym = (id: string | undefined) => (several ? `${pad(instOf(id).symbol, 7)} ` : '');
  const orders = snap.orders;
  const sel = Math.min(ui.ordersCursor, Math.max(0, orders.length - 1));

  useInput(
    (chunk, k) => eachKey(chunk, k, (input, key) => {
      const a = keymap.action(input, key);
      if (a === 'up') dispatch({ type: 'ordersMove', delta: -1, count: orders.length });
      else if (a === 'down') dispatch({ type: 'ordersMove', delta: 1, count: orders.length });
      else if (a === 'cancel') {
        const o = orders[sel];
        if (!o) dispatch({ type: 'notice', text: 'no order selected' });
        else if (!isOpen(o)) dispatch({ type: 'notice', text: `${o.clientId} is ${o.status}: nothing to cancel` });
        else {
          session.cancel(o.clientId);
          dispatch({ type: 'notice', text: `cancel sent for ${o.clientId}` });
        }
      }
    }),
    { isActive: props.active },
  );

  const body = height - 3;
  const fillRows = orders.length === 0 && snap.fills.length === 0 ? 0 : Math.max(2, Math.floor(body / 3));
  const orderRows = Math.max(1, body - fillRows - 2);
  const from = Math.max(0, Math.min(sel - Math.floor(orderRows / 2), orders.length - orderRows));
  // Narrow: the order type and the fill time go first, so the status and fee stay readable.
  const wide = width - 2 >= 62;
  const typeCol = (t: string) => (wide ? ` ${pad(t, 6)}` : '');
  const header = `  ${pad('id', 5)} ${several ? `${pad('instr', 7)} ` : ''}${pad('side', 4)}${typeCol('type')} ${pad('qty', 7, true)} ${pad('filled', 7, true)} ${pad('price', 9, true)} ${pad('tif', 3)} status`;
  return (
    <Pane title={`Orders & fills · ${orders.filter(isOpen).length} open`} focused={props.focused} width={width} height={height}>
      <Text color={t.c('muted')} wrap="truncate">{header}</Text>
      {orders.length === 0 ? <Text color={t.c('muted')}>no orders yet: b buy, s sell</Text> : null}
      {orders.slice(from, from + orderRows).map((o, i) => {
        const mark = props.focused && from + i === sel;
        const inst = instOf(o.instrument);
        return (
          <Text key={o.clientId} inverse={mark} wrap="truncate">
            {`${mark ? '▸' : ' '} ${pad(o.clientId, 5)} ${sym(o.instrument)}`}
            <Text color={t.c(o.side === 'buy' ? 'bid' : 'ask')}>{pad(o.side, 4)}</Text>
            {`${typeCol(o.type)} ${pad(qty(inst, o.qty), 7, true)} ${pad(qty(inst, o.filled), 7, true)} ${pad(o.limit === undefined ? 'mkt' : price(inst, o.limit), 9, true)} ${pad(o.tif, 3)} ${o.status}${o.reason ? ` (${o.reason})` : ''}`}
          </Text>
        );
      })}
      {fillRows > 0 ? (
        <Text color={t.c('muted')} wrap="truncate">{`${pad(`fills · ${snap.fills.length}`, wide ? 12 : 9)} ${pad('id', 5)} ${several ? `${pad('instr', 7)} ` : ''}${pad('side', 4)} ${pad('qty', 7, true)} ${pad('price', 9, true)} liq    fee`}</Text>
      ) : null}
      {snap.fills.slice(0, Math.max(0, fillRows - 1)).map((f, i) => (
        <Text key={i} wrap="truncate">
          {`${wide ? clock(f.ts) : pad('', 9)} ${pad(f.clientId, 5)} ${sym(f.instrument)}`}
          <Text color={t.c(f.side === 'buy' ? 'bid' : 'ask')}>{pad(f.side, 4)}</Text>
          {` ${pad(qty(instOf(f.instrument), f.qty), 7, true)} ${pad(price(instOf(f.instrument), f.price), 9, true)} ${pad(f.liquidity, 6)} ${f.fee}`}
        </Text>
      ))}
      <Box flexGrow={1} />
    </Pane>
  );
}
