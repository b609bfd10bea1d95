import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { decodeScore, type Ranked } from '../../game/leaderboard.js';
import { useApp } from '../context.js';
import { pad } from '../format.js';
import type { BoardView } from '../game-source.js';
import { eachKey } from '../keys.js';
import { useTheme } from '../theme-context.js';
import { Pane } from './pane.js';

/** ▲n / ▼n for a rank that moved since the last read; colour only repeats it. */
function move(n: number | undefined): string {
  if (!n) return '  ';
  return n > 0 ? `▲${n}` : `▼${-n}`;
}

/**
 * The top of a board (the account's class first, when it is in one; the switch-board key goes to
 * global and back), the account's own row marked `>` and bold (and shown under the top when it is
 * ranked lower). ↑↓ scroll the rows.
 */
export function LeaderboardPane(props: { board: BoardView | undefined; account: string | undefined; moves: Record<string, number>; empty: string; focused: boolean; active: boolean; width: number; height: number; onSwitch?: () => void }) {
  const { board, width, height } = props;
  const { keymap } = useApp();
  const t = useTheme();
  const [first, setFirst] = useState(0);
  const rows = board?.top ?? [];
  useInput(
    (chunk, k) => eachKey(chunk, k, (input, key) => {
      const a = keymap.action(input, key);
      if (a === 'up') setFirst((n) => Math.max(0, n - 1));
      else if (a === 'down') setFirst((n) => Math.min(Math.max(0, rows.length - 1), n + 1));
      else if (a === 'switchBoard' && props.onSwitch) {
        setFirst(0);
        props.onSwitch();
      }
    }),
    { isActive: props.active },
  );
  if (!board) {
    return (
      <Pane title="Leaderboard" focused={props.focused} width={width} height={height}>
        <Text color={t.c('muted')} wrap="wrap">
          {props.empty}
        </Text>
        <Box flexGrow={1} />
      </Pane>
    );
  }
  const line = (r: Ranked) => {
    const mine = r.account === props.account;
    const { returnPct, trades } = decodeScore(r.score);
    const m = props.moves[r.account];
    return (
      <Text key={`${r.rank}-${r.account}`} wrap="truncate" bold={mine} inverse={mine}>
        {`${mine ? '>' : ' '}${pad(String(r.rank), 3, true)} `}
        <Text color={m ? t.c(m > 0 ? 'up' : 'down') : undefined}>{move(m)}</Text>
        {` ${pad(r.account, 10)} ${returnPct >= 0 ? '+' : '−'}${Math.abs(returnPct).toFixed(2)}% ${trades}t`}
      </Text>
    );
  };
  const room = Math.max(1, height - 4 - (board.me ? 1 : 0));
  const start = Math.min(first, Math.max(0, rows.length - 1));
  const shown = rows.slice(start, start + room);
  const meShown = board.me !== undefined && shown.some((r) => r.account === board.me!.account);
  return (
    <Pane title={`Leaderboard · ${board.label} · ${board.period}`} focused={props.focused} width={width} height={height}>
      <Text wrap="truncate" color={t.c('muted')}>{`${board.total} ranked · min ${board.minTrades} trades${board.choices > 1 ? ` · ${keymap.keys('switchBoard').join('/')}: ${board.label === 'global' ? 'class' : 'global'}` : ''}`}</Text>
      {rows.length === 0 ? <Text color={t.c('muted')}>nobody ranked yet this {board.period}</Text> : null}
      {shown.map(line)}
      {board.me && !meShown ? line(board.me) : null}
      {!board.me && props.account ? <Text wrap="truncate" color={t.c('muted')}>{`${props.account}: not ranked (needs ${board.minTrades} trades)`}</Text> : null}
      <Box flexGrow={1} />
    </Pane>
  );
}
