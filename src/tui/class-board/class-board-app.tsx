import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useReducer, useState } from 'react';
import type { ClassBoard, ClassBoardRow } from '../../services/class-board.js';
import { pad } from '../format.js';
import { eachKey, type Keymap } from '../keys.js';
import { useTheme } from '../theme-context.js';
import { ago } from '../../cli-support/time-ago.js';
import { boardViewReducer, sortRows, type BoardViewState } from './view-state.js';

/** Where the board comes from: read again on every tick, so it follows the class as it trades. */
export interface ClassBoardSource {
  read(): Promise<ClassBoard>;
}

const STATUS_MARK: Record<ClassBoardRow['status'], string> = { ranked: '', trading: 'trading', 'not started': 'not started', disqualified: 'DISQUALIFIED' };

/**
 * The class board for a projector: rank, student, return %, trades, rule status, latest trade and
 * (unless hidden) equity, read again every `intervalMs`. Keys: s / S sort, the hide-balances key
 * (p) and quit (q) as the keymap binds them.
 */
export function ClassBoardApp(props: { source: ClassBoardSource; keymap: Keymap; intervalMs: number; hideBalances: boolean; now?: () => number }) {
  const now = props.now ?? Date.now;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const t = useTheme();
  const [view, dispatch] = useReducer(boardViewReducer, { sort: 'rank', hideBalances: props.hideBalances } satisfies BoardViewState);
  const [board, setBoard] = useState<ClassBoard>();
  const [error, setError] = useState<string>();
  const [readAt, setReadAt] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      try {
        const b = await props.source.read();
        if (!stopped) {
          setBoard(b);
          setError(undefined);
          setReadAt(now());
        }
      } catch (err) {
        if (!stopped) setError((err as Error).message);
      }
      if (!stopped) timer = setTimeout(() => void tick(), props.intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [props.source, props.intervalMs]);

  useInput((chunk, k) =>
    eachKey(chunk, k, (input, key) => {
      const action = props.keymap.action(input, key);
      if (action === 'quit') exit();
      else if (action === 'hideBalances') dispatch({ kind: 'togglePrivacy' });
      else if (input === 's') dispatch({ kind: 'nextSort' });
      else if (input === 'S') dispatch({ kind: 'prevSort' });
    }),
  );

  const width = Math.max(40, stdout.columns ?? 80);
  const height = Math.max(8, stdout.rows ?? 24);
  if (!board) {
    return <Text>{error ? `cannot read the class board: ${error}` : 'reading the class board…'}</Text>;
  }
  const rows = sortRows(board.rows, view.sort);
  const room = Math.max(1, height - 6);
  const header = `${pad('#', 4, true)}  ${pad('student', 16)} ${pad('return %', 10, true)} ${pad('trades', 7, true)}  ${pad('rules', 22)} ${pad('last trade', 11)} ${view.hideBalances ? '' : pad('equity', 14, true)}`;
  const clock = new Date(readAt).toISOString().slice(11, 19);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate" color={t.c('title')}>{`Class ${board.class} · ${board.rows.length} students · ranked with ${board.min_trades}+ trades · ${board.store}`}</Text>
      <Text wrap="truncate" color={t.c('muted')}>{`scenario ${board.scenario.map((s) => s.path.split('/').pop()).join(', ')} · updated ${clock} UTC${error ? ` · last read failed: ${error}` : ''}`}</Text>
      <Text bold wrap="truncate">{header}</Text>
      {rows.slice(0, room).map((r) => (
        <Text key={r.account} wrap="truncate" color={r.status === 'disqualified' ? t.c('warn') : r.status === 'ranked' ? undefined : t.c('muted')}>
          {`${pad(r.rank === null ? '-' : String(r.rank), 4, true)}  ${pad(r.account, 16)} `}
          <Text color={r.status === 'disqualified' ? undefined : t.c(r.return_pct > 0 ? 'up' : r.return_pct < 0 ? 'down' : 'muted')}>{pad(signedPct(r.return_pct), 10, true)}</Text>
          {` ${pad(String(r.trades), 7, true)}  ${pad(STATUS_MARK[r.status] ? `${STATUS_MARK[r.status]} ${r.status === 'trading' || r.status === 'disqualified' ? `(${r.rules})` : ''}`.trim() : r.rules, 22)} ${pad(ago(r.last_trade_ms, now()), 11)} ${view.hideBalances ? '' : pad(r.equity, 14, true)}`}
        </Text>
      ))}
      {rows.length > room ? <Text color={t.c('muted')}>{`… ${rows.length - room} more (a taller terminal shows them)`}</Text> : null}
      {rows.length === 0 ? <Text color={t.c('muted')}>{`nobody has joined yet: vtrade class join ${board.class} --account <name>`}</Text> : null}
      <Box flexGrow={1} />
      <Text wrap="truncate" color={t.c('muted')}>{`sort: ${view.sort} (s / S) · balances ${view.hideBalances ? 'hidden' : 'shown'} (${props.keymap.keys('hideBalances').join('/')}) · ${props.keymap.keys('quit').join('/')} quits`}</Text>
    </Box>
  );
}

/** +1.2345 / −0.5000 / 0.0000: the sign in words as well as colour. */
function signedPct(p: number): string {
  const text = Math.abs(p).toFixed(4);
  return p > 0 ? `+${text}` : p < 0 ? `−${text}` : text;
}
