import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { ChatEvent } from '../../copilot/agent.js';
import type { ChatSession } from '../../copilot/session.js';
import type { StagedOrder } from '../../store/staged-orders.js';
import { useApp } from '../context.js';
import { keyName } from '../keys.js';
import { useTheme } from '../theme-context.js';
import { Pane } from './pane.js';

/** The chat the pane talks to, and the account's staged orders (read after each answer, not per event). */
export interface CopilotSource {
  chat: ChatSession;
  staged(): StagedOrder[];
}

type Entry = { kind: 'you' | 'text' | 'tool' | 'staged' | 'error' | 'note'; text: string };

/** Staging only: approval is the `vtrade approve` dialog on a terminal of its own. */
export const APPROVE_HINT = 'approve: vtrade approve <id>';

/** One line per order: what `vtrade approve` will show. */
export function stagedLine(o: StagedOrder): string {
  return `#${o.id} ${o.side} ${o.qty} ${o.symbol} ${o.order_type === 'limit' ? `@ ${o.limit_price}` : 'market'} ${o.tif}`;
}

/** Folds a chat event into the transcript: text deltas join the answer, a tool call is one line. */
function fold(log: Entry[], ev: ChatEvent): Entry[] {
  switch (ev.type) {
    case 'provider':
      return ev.name === 'offline' ? [...log, { kind: 'note', text: `[${ev.label}]` }] : log;
    case 'text': {
      const last = log[log.length - 1];
      if (last?.kind === 'text') return [...log.slice(0, -1), { kind: 'text', text: last.text + ev.text }];
      return [...log, { kind: 'text', text: ev.text }];
    }
    case 'tool_call':
      return [...log, { kind: 'tool', text: `⚙ ${ev.name}` }];
    case 'tool_result': {
      // The result completes the call's line instead of adding one.
      const i = log.findLastIndex((e) => e.kind === 'tool' && e.text === `⚙ ${ev.name}`);
      if (i < 0) return log;
      const next = [...log];
      next[i] = { kind: 'tool', text: `⚙ ${ev.name} ${ev.ok ? '✓' : '✗'} ${ev.summary}` };
      return next;
    }
    case 'staged':
      return [...log, { kind: 'staged', text: `staged ${stagedLine(ev.order)}` }];
    case 'refusal':
      return [...log, { kind: 'error', text: `refused${ev.explanation ? `: ${ev.explanation}` : ''}` }];
    case 'error':
      return [...log, { kind: 'error', text: `error: ${ev.message}` }];
    case 'done':
      return log;
  }
}

/**
 * Chat with the copilot: while the pane has focus it owns the keyboard (type, Enter asks,
 * Backspace edits; Tab leaves, Ctrl-C quits). Answers stream in; orders it proposes are staged
 * and listed, never sent: approval is the `vtrade approve` dialog.
 */
export function CopilotPane(props: { copilot: CopilotSource | undefined; empty: string; focused: boolean; active: boolean; width: number; height: number }) {
  const { copilot, width, height } = props;
  const t = useTheme();
  const { keymap } = useApp();
  const [input, setInput] = useState('');
  const [log, setLog] = useState<Entry[]>([]);
  const [busy, setBusy] = useState(false);
  const [staged, setStaged] = useState<StagedOrder[]>(() => copilot?.staged() ?? []);
  const abort = useRef<AbortController | undefined>(undefined);
  // Keys can arrive faster than renders: the line being typed is kept in a ref as well.
  const typed = useRef('');
  const edit = (text: string) => {
    typed.current = text;
    setInput(text);
  };
  useEffect(() => () => abort.current?.abort(), []);

  const ask = async (q: string) => {
    if (!copilot) return;
    setBusy(true);
    setLog((l) => [...l, { kind: 'you', text: `> ${q}` }]);
    abort.current = new AbortController();
    try {
      for await (const ev of copilot.chat.ask(q, abort.current.signal)) setLog((l) => fold(l, ev));
    } catch (err) {
      setLog((l) => [...l, { kind: 'error', text: `error: ${(err as Error).message}` }]);
    }
    setStaged(copilot.staged());
    setBusy(false);
  };

  useInput(
    (input, key) => {
      const name = keyName(input, key);
      if (name === 'tab' || name === 'shift-tab' || name === 'escape' || name === 'ctrl-c' || keymap.action(input, key) === 'focusNext' || keymap.action(input, key) === 'focusPrev') return; // the app's
      if (name === 'enter') {
        const q = typed.current.trim();
        if (q === '' || busy) return;
        edit('');
        void ask(q);
        return;
      }
      if (name === 'backspace') return edit(typed.current.slice(0, -1));
      if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
      // Printable text only: escapes and control characters never reach the question.
      const clean = [...input].filter((ch) => ch >= ' ' && ch !== '\x7f').join('');
      if (clean) edit((typed.current + clean).slice(0, 500));
    },
    { isActive: props.active && copilot !== undefined },
  );

  if (!copilot) {
    return (
      <Pane title="Copilot" focused={props.focused} width={width} height={height}>
        <Text color={t.c('muted')} wrap="wrap">
          {props.empty}
        </Text>
        <Box flexGrow={1} />
      </Pane>
    );
  }
  const open = staged.filter((o) => o.status === 'staged');
  const stagedRows = open.slice(-3);
  const room = Math.max(1, height - 3 - 2 - (stagedRows.length ? stagedRows.length + 1 : 0) - 1);
  const shown = log.slice(-room);
  const color = (k: Entry['kind']) => (k === 'error' ? t.c('warn') : k === 'tool' || k === 'note' ? t.c('muted') : k === 'staged' ? t.c('accent') : undefined);
  return (
    <Pane title={`Copilot${busy ? ' · answering…' : ''}`} focused={props.focused} width={width} height={height}>
      {shown.length === 0 ? <Text color={t.c('muted')} wrap="wrap">ask about the account, a symbol, risk; "buy 10 AAPL at 185" stages an order</Text> : null}
      {shown.map((e, i) => (
        <Text key={i} wrap={e.kind === 'text' ? 'wrap' : 'truncate'} color={color(e.kind)}>
          {e.text}
        </Text>
      ))}
      <Box flexGrow={1} />
      {stagedRows.length ? <Text bold>{`staged (${open.length}):`}</Text> : null}
      {stagedRows.map((o) => (
        <Text key={o.id} wrap="truncate">
          {stagedLine(o)}
        </Text>
      ))}
      <Text wrap="truncate" color={props.active ? undefined : t.c('muted')}>
        {props.active ? `? ${input}█` : '(focus to type)'}
      </Text>
      <Text wrap="truncate" color={t.c('muted')}>
        {APPROVE_HINT}
      </Text>
    </Pane>
  );
}
