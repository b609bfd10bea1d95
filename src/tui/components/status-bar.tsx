import { Text } from 'ink';
import { clock, wallTime } from '../format.js';
import type { EngineSnapshot, SessionStatus } from '../session/types.js';
import { useTheme } from '../theme-context.js';

/** Replay clock, speed, events per second, account, connection state and last update. */
export function StatusBar(props: { snap: EngineSnapshot; status: SessionStatus; symbol: string; account: string; source: string; width: number }) {
  const { snap, status } = props;
  const t = useTheme();
  const state = status.connection === 'paused' ? '❚❚ PAUSED' : status.connection === 'replaying' ? '▶ replaying' : status.connection === 'ended' ? '■ ended' : status.connection === 'failed' ? `✖ failed: ${status.error ?? ''}` : status.connection;
  const parts = [
    `vtrade ${props.symbol}`,
    clock(snap.clock),
    state,
    status.speed ? `speed ${status.speed}` : '',
    `${status.eventsPerSecond.toLocaleString('en-US')} ev/s`,
    `${snap.events.toLocaleString('en-US')} events`,
    `acct ${props.account}`,
    `upd ${wallTime(status.lastUpdate)}`,
  ].filter((p) => p !== '');
  return (
    <Text inverse color={t.c('title')} wrap="truncate">
      {` ${parts.join(' │ ')}`.padEnd(props.width)}
    </Text>
  );
}
