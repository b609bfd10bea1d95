import { Box, Text, useApp as useInkApp, useInput } from 'ink';
import { useEffect, useMemo, useReducer, useState } from 'react';
import { Footer } from './components/footer.js';
import { HelpOverlay } from './components/help-overlay.js';
import { CopilotPane, type CopilotSource } from './components/copilot-pane.js';
import { LadderPane } from './components/ladder-pane.js';
import { LeaderboardPane } from './components/leaderboard-pane.js';
import { MissionsPane } from './components/missions-pane.js';
import { OrdersPane } from './components/orders-pane.js';
import { PositionsPane } from './components/positions-pane.js';
import { StatusBar } from './components/status-bar.js';
import { TicketOverlay } from './components/ticket-overlay.js';
import { TooSmall } from './components/too-small.js';
import { AppContext, type AppEnv } from './context.js';
import { price } from './format.js';
import { instrumentId } from '../engine/model/instrument.js';
import { useSample, useTerminalSize } from './hooks.js';
import { eachKey, keyName, type Keymap } from './keys.js';
import { NO_COPILOT, NO_GAME, type GameSource } from './game-source.js';
import { useGamePoll, type GamePoll } from './game-poll.js';
import type { FrameBudget } from './frame-budget.js';
import type { TuiSession } from './session/types.js';
import { layoutFor, PANE_TITLES, type Layout, type PaneId } from './state/layout.js';
import { initialUi, uiReducer, type UiState } from './state/ui-state.js';
import { type Theme } from './theme.js';
import { ThemeContext } from './theme-context.js';

export interface AppProps {
  session: TuiSession;
  keymap: Keymap;
  theme: Theme;
  /** Repaints per second at most (15 to 30). */
  fps?: number;
  /** A fixed size instead of the terminal's (tests). */
  size?: { columns: number; rows: number };
  initial?: Partial<UiState>;
  /** Where frame costs are noted (Ink's part comes from render's onRender). */
  budget?: FrameBudget;
  /** The account's game (missions, XP, leaderboard), read about once a second; absent without an account. */
  game?: GameSource;
  /** The copilot chat for the account (staging only); absent without an account. */
  copilot?: CopilotSource;
  /** Why the copilot pane is empty when `copilot` is absent. */
  copilotEmpty?: string;
  /** How often the game panes re-read the database, ms (1000). */
  gameIntervalMs?: number;
  /** The clock that decides the game's day and week (Date.now): tests pin it. */
  gameNow?: () => number;
  onQuit?: () => void;
}

/** The whole screen: status bar, the panes that fit, the footer; overlays over the right-hand side. */
export function App(props: AppProps) {
  const { session, keymap, theme } = props;
  const ink = useInkApp();
  const [ui, dispatch] = useReducer(uiReducer, { ...initialUi, ...props.initial });
  const { sample, refresh } = useSample(session, props.fps ?? 20, props.budget);
  const size = useTerminalSize(props.size);
  const layout = layoutFor(size.columns, size.rows);
  const env: AppEnv = useMemo(() => ({ session, keymap, dispatch: (a) => (dispatch(a), refresh()) }), [session, keymap, refresh]);
  const { snap, status } = sample;
  const typing = props.copilot !== undefined && ui.focus === 'copilot' && ui.overlay === 'none' && layout.kind !== 'too-small';
  const [boardChoice, setBoardChoice] = useState(0);
  const game = useGamePoll(props.game, 10, props.gameIntervalMs, props.gameNow, boardChoice);

  useEffect(() => {
    if (!ui.quitting) return;
    props.onQuit?.();
    ink.exit();
  }, [ui.quitting]);

  // The focused pane must be one on screen (a resize may drop columns).
  useEffect(() => {
    if (layout.panes.length > 0 && !layout.panes.includes(ui.focus)) env.dispatch({ type: 'focus', dir: 1, panes: layout.panes });
  }, [layout.kind]);

  useInput((chunk, k) => eachKey(chunk, k, (input, key) => {
    if (ui.overlay === 'ticket') return; // the ticket has the keyboard (Ctrl-C included)
    const a = keymap.action(input, key);
    // The copilot's input line has the keyboard while focused: only Ctrl-C, Esc and Tab act here.
    if (typing && keyName(input, key) !== 'ctrl-c' && a !== 'close' && a !== 'focusNext' && a !== 'focusPrev') return;
    if (a === 'quit') return env.dispatch({ type: 'quit' });
    if (a === 'close') return env.dispatch({ type: 'close' });
    if (layout.kind === 'too-small') return; // no trading keys until the window fits
    if (a === 'help') return env.dispatch({ type: 'help' });
    if (ui.overlay === 'help') return;
    switch (a) {
      case 'focusNext':
      case 'focusPrev':
        return env.dispatch({ type: 'focus', dir: a === 'focusNext' ? 1 : -1, panes: layout.panes });
      case 'pause':
        if (!status.canPause) return env.dispatch({ type: 'notice', text: 'this session cannot pause' });
        session.control('toggle');
        return refresh();
      case 'step':
        if (!status.canStep) return env.dispatch({ type: 'notice', text: 'this session cannot step' });
        session.control('step');
        return refresh();
      case 'faster':
      case 'slower':
        if (!status.canChangeSpeed) return env.dispatch({ type: 'notice', text: 'a live feed runs at its own speed' });
        session.control(a);
        return refresh();
      case 'buy':
      case 'sell': {
        // Pre-filled at the touch on the order's own side: a buy joins the bid, a sell the ask.
        const touch = a === 'buy' ? snap.bids[0]?.[0] : snap.asks[0]?.[0];
        return env.dispatch({ type: 'openTicket', side: a, price: touch === undefined ? '' : price(session.instrument, touch) });
      }
      case 'hideBalances':
        return env.dispatch({ type: 'hideBalances' });
      case 'nextMarket': {
        const n = session.instruments.length;
        if (n < 2) return env.dispatch({ type: 'notice', text: 'this session trades one instrument' });
        const next = (snap.market + 1) % n;
        session.selectMarket(next);
        // The ladder's cursor belongs to the book it was on.
        return env.dispatch({ type: 'notice', text: `book and tickets: ${instrumentId(session.instruments[next])} (${next + 1}/${n})` });
      }
      default:
        return;
    }
  }));

  let body;
  if (layout.kind === 'too-small') body = <TooSmall columns={size.columns} rows={size.rows} />;
  else body = <Body layout={layout} ui={ui} snap={snap} game={game} account={props.game?.account} copilot={props.copilot} copilotEmpty={props.copilotEmpty ?? NO_COPILOT} onSwitchBoard={() => setBoardChoice((n) => (n + 1) % (props.game?.boards.length ?? 1))} />;
  return (
    <ThemeContext.Provider value={theme}>
      <AppContext.Provider value={env}>
        <Box flexDirection="column" width={layout.columns} height={layout.rows}>
          {layout.kind === 'too-small' ? null : <StatusBar snap={snap} status={status} symbol={session.instrument.symbol} account={session.account} source={session.source} width={layout.columns} />}
          {body}
          {layout.kind === 'too-small' ? null : <Footer focus={ui.focus} notice={ui.notice} width={layout.columns} typing={typing} />}
        </Box>
      </AppContext.Provider>
    </ThemeContext.Provider>
  );
}

function Body(props: { layout: Layout; ui: UiState; snap: ReturnType<TuiSession['snapshot']>; game: GamePoll; account: string | undefined; copilot: CopilotSource | undefined; copilotEmpty: string; onSwitchBoard: () => void }) {
  const { layout, ui, snap, game } = props;
  const empty = props.account === undefined ? NO_GAME : game.error ? `game data unavailable: ${game.error}` : 'reading the account…';
  const h = layout.body;
  const active = (p: PaneId) => ui.focus === p && ui.overlay === 'none';
  const pane = (p: PaneId, width: number, height: number) => {
    const focused = ui.focus === p;
    switch (p) {
      case 'ladder':
        return <LadderPane key={p} snap={snap} ui={ui} focused={focused} active={active(p)} width={width} height={height} />;
      case 'orders':
        return <OrdersPane key={p} snap={snap} ui={ui} focused={focused} active={active(p)} width={width} height={height} />;
      case 'positions':
        return <PositionsPane key={p} snap={snap} hide={ui.hideBalances} focused={focused} width={width} height={height} />;
      case 'missions':
        return <MissionsPane key={p} view={game.missions} empty={empty} focused={focused} active={active(p)} width={width} height={height} />;
      case 'leaderboard':
        return <LeaderboardPane key={p} board={game.board} account={props.account} moves={game.moves} empty={empty} focused={focused} active={active(p)} width={width} height={height} onSwitch={props.onSwitchBoard} />;
      case 'copilot':
        return <CopilotPane key={p} copilot={props.copilot} empty={props.copilotEmpty} focused={focused} active={active(p)} width={width} height={height} />;
    }
  };
  const overlay =
    ui.overlay === 'help' ? <HelpOverlay width={layout.columns} /> : ui.overlay === 'ticket' && ui.ticket ? <TicketOverlay ticket={ui.ticket} hide={ui.hideBalances} ready={snap.ready} width={layout.columns} /> : undefined;

  if (layout.kind === 'stacked') {
    const strip = layout.panes.map((p) => (p === ui.focus ? `[${PANE_TITLES[p]}]` : ` ${PANE_TITLES[p]} `)).join('');
    return (
      <Box flexDirection="column" height={h}>
        <Text wrap="truncate">{strip}</Text>
        {overlay ?? pane(ui.focus, layout.columns, h - 1)}
      </Box>
    );
  }
  const ladderW = layout.kind === 'three' ? 46 : Math.min(52, Math.max(40, Math.floor(layout.columns * 0.4)));
  const sideW = layout.kind === 'three' ? Math.min(40, Math.floor(layout.columns * 0.22)) : 0;
  const midW = layout.columns - ladderW - sideW;
  const posH = Math.min(13, Math.max(6, Math.floor(h / 2)));
  const third = Math.floor(h / 3);
  return (
    <Box flexDirection="row" height={h}>
      {pane('ladder', ladderW, h)}
      {overlay ? (
        <Box width={midW + sideW} height={h} justifyContent="center" alignItems="flex-start">
          {overlay}
        </Box>
      ) : (
        <>
          <Box flexDirection="column" width={midW} height={h}>
            {pane('orders', midW, h - posH)}
            {pane('positions', midW, posH)}
          </Box>
          {layout.kind === 'three' ? (
            <Box flexDirection="column" width={sideW} height={h}>
              {pane('missions', sideW, third)}
              {pane('leaderboard', sideW, third)}
              {pane('copilot', sideW, h - 2 * third)}
            </Box>
          ) : null}
        </>
      )}
    </Box>
  );
}
