import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { Mission } from '../../game/state.js';
import { useApp } from '../context.js';
import { eachKey } from '../keys.js';
import type { MissionsView } from '../game-source.js';
import { useTheme } from '../theme-context.js';
import { Pane } from './pane.js';

/** A progress bar in characters, with the numbers beside it (the bar alone is not the signal). */
export function progressBar(progress: number, target: number, width: number): string {
  const w = Math.max(3, width);
  const filled = target > 0 ? Math.min(w, Math.floor((Math.min(progress, target) / target) * w)) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(w - filled)} ${Math.min(progress, target)}/${target}`;
}

/** Time left until a deadline, short: "3h 12m", "2d 4h", "no deadline". */
export function timeLeft(deadline: number | null, now: number): string {
  if (deadline === null) return 'no deadline';
  const mins = Math.max(0, Math.floor((deadline - now) / 60_000));
  const h = Math.floor(mins / 60);
  const d = Math.floor(h / 24);
  return d > 0 ? `${d}d ${h % 24}h left` : `${h}h ${mins % 60}m left`;
}

/** Level and XP, streaks, the active missions with progress and deadlines, the latest badges. ↑↓ scroll the missions. */
export function MissionsPane(props: { view: MissionsView | undefined; empty: string; focused: boolean; active: boolean; width: number; height: number }) {
  const { view, width, height } = props;
  const { keymap } = useApp();
  const t = useTheme();
  const [top, setTop] = useState(0);
  const missions: Mission[] = view?.active ?? [];
  useInput(
    (chunk, k) => eachKey(chunk, k, (input, key) => {
      const a = keymap.action(input, key);
      if (a === 'up') setTop((n) => Math.max(0, n - 1));
      else if (a === 'down') setTop((n) => Math.min(Math.max(0, missions.length - 1), n + 1));
    }),
    { isActive: props.active },
  );
  if (!view) {
    return (
      <Pane title="Missions & XP" focused={props.focused} width={width} height={height}>
        <Text color={t.c('muted')} wrap="wrap">
          {props.empty}
        </Text>
        <Box flexGrow={1} />
      </Pane>
    );
  }
  const inner = width - 2;
  const l = view.level;
  const streak = view.streaks.filter((s) => s.days > 0 || s.best > 0).map((s) => `${s.calendar} ${s.days}d`).join(' · ') || 'none yet';
  const room = Math.max(0, height - 3 - 3 - (view.badges.length ? 1 : 0) - (view.recentXp.length ? 1 : 0));
  const first = Math.min(top, Math.max(0, missions.length - 1));
  const shown = missions.slice(first, first + Math.max(1, Math.floor(room / 2)));
  return (
    <Pane title={`Missions & XP · ${view.account}`} focused={props.focused} width={width} height={height}>
      <Text wrap="truncate">
        <Text bold>{`Lv ${l.level} ${l.tier}`}</Text>
        {` · ${l.xp} XP · ${l.toNext} to next`}
      </Text>
      <Text wrap="truncate">{`streak ${streak}`}</Text>
      <Text wrap="truncate" color={t.c('muted')}>{`${missions.length} active${missions.length > shown.length ? ` · ${first + 1}-${first + shown.length} (↑↓)` : ''}`}</Text>
      {missions.length === 0 ? <Text color={t.c('muted')}>no active missions</Text> : null}
      {shown.map((m) => (
        <Box key={m.id} flexDirection="column">
          <Text wrap="truncate">{`${m.kind === 'milestone' ? '◇' : m.kind === 'weekly' ? 'W' : 'D'} ${m.title}`}</Text>
          <Text wrap="truncate">
            <Text color={t.c('accent')}>{progressBar(m.progress, m.target, Math.min(10, inner - 22))}</Text>
            {` · ${timeLeft(m.deadline, view.now)}`}
          </Text>
        </Box>
      ))}
      <Box flexGrow={1} />
      {view.recentXp.length ? <Text wrap="truncate" color={t.c('muted')}>{`last: +${view.recentXp[0].amount} XP ${view.recentXp[0].why}`}</Text> : null}
      {view.badges.length ? <Text wrap="truncate">{`badges: ${view.badges.slice(0, 3).map((b) => b.name).join(', ')}`}</Text> : null}
    </Pane>
  );
}
