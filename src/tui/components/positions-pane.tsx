import { Box, Text } from 'ink';
import { sparkline } from '../../cli-support/sparkline.js';
import { useApp } from '../context.js';
import { arrow, pad, percent, qty, signed } from '../format.js';
import type { EngineSnapshot } from '../session/types.js';
import { useTheme } from '../theme-context.js';
import { Pane } from './pane.js';

const HIDDEN = '•••••';

/** Position, cash and NAV with a sparkline and drawdown; `p` masks every amount of money. */
export function PositionsPane(props: { snap: EngineSnapshot; hide: boolean; focused: boolean; width: number; height: number }) {
  const { snap, hide, width, height } = props;
  const { session } = useApp();
  const t = useTheme();
  const inst = session.instrument;
  const money = (s: string) => (hide ? HIDDEN : s);
  const pnl = (Number(snap.equity) - Number(snap.startingEquity)).toFixed(2);
  const dir = Math.sign(Number(pnl));
  const upnl = Number(snap.unrealized);
  const side = (lots: number) => (lots === 0 ? ' (flat)' : lots > 0 ? ' (long)' : ' (short)');
  // One instrument: its position and average price; several: a line for each, every one shown.
  const held: [string, string, ('up' | 'down')?][] =
    snap.positions.length > 1
      ? snap.positions.map((p) => {
          const u = Number(p.unrealized);
          const at = p.lots === 0 ? '' : ` @ ${money(p.avgPrice)} ${hide ? '' : `${arrow(u)} ${signed(p.unrealized)}`}`;
          return [p.instrument.symbol, `${signed(qty(p.instrument, p.lots))}${side(p.lots)}${at}`, u > 0 ? 'up' : u < 0 ? 'down' : undefined];
        })
      : [
          ['position', `${signed(qty(inst, snap.position))} ${inst.symbol}${side(snap.position)}`],
          ['avg price', snap.position === 0 ? '—' : money(snap.avgPrice)],
        ];
  const rows: [string, string, ('up' | 'down')?][] = [
    ...held,
    ['cash', money(snap.cash)],
    ['equity', money(`${snap.equity} ${inst.currency}`)],
    ['P&L', hide ? HIDDEN : `${arrow(dir)} ${signed(pnl)}`, dir > 0 ? 'up' : dir < 0 ? 'down' : undefined],
    ['realized', hide ? HIDDEN : signed(snap.realized)],
    ['unrealized', hide ? HIDDEN : `${arrow(upnl)} ${signed(snap.unrealized)}`, upnl > 0 ? 'up' : upnl < 0 ? 'down' : undefined],
    ['fees', money(snap.fees)],
    ['drawdown', `${percent(snap.drawdown, 4)} (max ${percent(snap.maxDrawdown, 4)})`],
  ];
  const room = height - 3;
  const chartW = Math.max(8, width - 14);
  return (
    <Pane title={`${snap.positions.length > 1 ? 'Positions' : 'Position'} & NAV${hide ? ' · balances hidden' : ''}`} focused={props.focused} width={width} height={height}>
      {rows.slice(0, Math.max(1, room - 1)).map(([k, v, role]) => (
        <Text key={k} wrap="truncate">
          {pad(k, 11)}
          <Text color={role ? t.c(role) : undefined}>{v}</Text>
        </Text>
      ))}
      {room > rows.length ? (
        <Text wrap="truncate">
          {pad('NAV', 11)}
          <Text color={t.c('accent')}>{hide ? '' : sparkline(snap.nav, chartW)}</Text>
        </Text>
      ) : null}
      <Box flexGrow={1} />
    </Pane>
  );
}
