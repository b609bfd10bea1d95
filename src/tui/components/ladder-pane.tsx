import { Box, Text, useInput } from 'ink';
import { instrumentId } from '../../engine/model/instrument.js';
import { useApp } from '../context.js';
import { eachKey } from '../keys.js';
import { arrow, clock, pad, price, qty } from '../format.js';
import type { EngineSnapshot } from '../session/types.js';
import { bestBidRow, DEPTH_PRESETS, ladderRows } from '../state/ladder-rows.js';
import type { UiState } from '../state/ui-state.js';
import { useTheme } from '../theme-context.js';
import { Pane } from './pane.js';

/**
 * The L2 ladder: asks above, bids below, a depth bar per level, the account's own resting
 * orders marked at their levels (B n / S n), and the last trades with ▲ for buys and ▼ for sells.
 */
export function LadderPane(props: { snap: EngineSnapshot; ui: UiState; focused: boolean; active: boolean; width: number; height: number }) {
  const { snap, ui, width, height } = props;
  const { session, keymap, dispatch } = useApp();
  const t = useTheme();
  const inst = session.instrument;
  const several = session.instruments.length > 1;
  const depth = DEPTH_PRESETS[ui.depthPreset];
  // Only the orders resting on this book are marked on it.
  const id = instrumentId(inst);
  const rows = ladderRows(several ? { ...snap, orders: snap.orders.filter((o) => (o.instrument ?? id) === id) } : snap, depth);
  const best = bestBidRow(rows);
  const tradeRows = Math.min(snap.trades.length, Math.max(0, Math.floor((height - 6) / 3)), 8);
  const room = Math.max(2, height - 5 - (tradeRows > 0 ? tradeRows + 1 : 0));
  // Keep the touch in the middle of what fits.
  const selected = Math.max(0, Math.min(rows.length - 1, best + ui.ladderCursor));
  let from = Math.max(0, Math.min(best - Math.floor(room / 2), rows.length - room));
  if (selected < from) from = selected;
  if (selected >= from + room) from = selected - room + 1;
  const shown = rows.slice(from, from + room);

  useInput(
    (chunk, k) => eachKey(chunk, k, (input, key) => {
      const a = keymap.action(input, key);
      if (a === 'up') dispatch({ type: 'ladderMove', delta: -1, above: best, below: rows.length - best });
      else if (a === 'down') dispatch({ type: 'ladderMove', delta: 1, above: best, below: rows.length - best });
      else if (a === 'left' || a === 'right' || a === 'depth') dispatch({ type: 'depth', dir: a === 'left' ? -1 : 1 });
      else if (a === 'select' && rows[selected]) {
        const r = rows[selected];
        dispatch({ type: 'openTicket', side: r.side === 'bid' ? 'buy' : 'sell', price: price(inst, r.price) });
      }
    }),
    { isActive: props.active },
  );

  const inner = width - 2;
  const barW = Math.max(4, inner - 34);
  return (
    <Pane title={several ? `Book ${id} (${snap.market + 1}/${session.instruments.length}) · depth ${depth}` : `Book ${inst.symbol} · depth ${depth}`} focused={props.focused} width={width} height={height}>
      <Text color={t.c('muted')} wrap="truncate">
        {`${pad('own', 6)}${pad('price', 11, true)} ${pad('size', 9, true)}  side`}
      </Text>
      {shown.length === 0 ? <Text>waiting for market data…</Text> : null}
      {shown.map((r, i) => {
        const isSel = props.focused && from + i === selected;
        const own = r.ownBuy > 0 ? `B ${qty(inst, r.ownBuy)}` : r.ownSell > 0 ? `S ${qty(inst, r.ownSell)}` : '';
        const bar = '█'.repeat(Math.max(r.size > 0 ? 1 : 0, Math.round(r.bar * barW)));
        return (
          <Text key={r.price} inverse={isSel} wrap="truncate">
            <Text color={t.c('own')} bold={own !== ''}>{pad(own === '' ? '' : `◆${own}`, 6)}</Text>
            <Text color={t.c(r.side)}>{pad(price(inst, r.price), 11, true)}</Text>
            {` ${pad(r.size > 0 ? qty(inst, r.size) : '·', 9, true)}  `}
            <Text color={t.c(r.side)}>{`${r.side} ${pad(bar, barW)}`}</Text>
          </Text>
        );
      })}
      {tradeRows > 0 ? <Text color={t.c('muted')}>last trades</Text> : null}
      {snap.trades.slice(0, tradeRows).map((tr, i) => (
        <Text key={i} wrap="truncate" color={t.c(tr.side === 'buy' ? 'up' : 'down')}>
          {`${arrow(tr.side === 'buy' ? 1 : -1)} ${tr.side === 'buy' ? 'buy ' : 'sell'} ${pad(qty(inst, tr.qty), 7, true)} @ ${price(inst, tr.price)}  ${clock(tr.ts)}`}
        </Text>
      ))}
      <Box flexGrow={1} />
    </Pane>
  );
}
