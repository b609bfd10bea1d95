import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { OfflineProvider } from '../../copilot/provider/offline.js';
import { freshDb, session } from '../../../test/support/copilot-fixtures.js';
import { listStagedOrders } from '../../store/staged-orders.js';
import { AppContext } from '../context.js';
import { dbCopilotSource } from '../copilot-source.js';
import { makeKeymap } from '../keys.js';
import { rig, tick, type TestRig } from '../../../test/support/tui-session.js';
import { makeTheme } from '../theme.js';
import { ThemeContext } from '../theme-context.js';
import { CopilotPane, stagedLine } from './copilot-pane.js';

afterEach(() => cleanup());

function wrap(r: TestRig, node: ReactNode) {
  return (
    <ThemeContext.Provider value={makeTheme(false)}>
      <AppContext.Provider value={{ session: r.session, keymap: makeKeymap(), dispatch: () => {} }}>{node}</AppContext.Provider>
    </ThemeContext.Provider>
  );
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await tick(10);
  if (!cond()) throw new Error(`never happened: ${what}`);
}

describe('CopilotPane', () => {
  it('takes a typed question, streams the offline answer with one line per tool call, and lists the order it staged, unsent', async () => {
    const r = await rig({ events: 10 });
    const { db } = freshDb();
    const src = dbCopilotSource(db, 'alice', session(new OfflineProvider(), db));
    const { stdin, lastFrame } = render(wrap(r, <CopilotPane copilot={src} empty="" focused active width={60} height={24} />));
    await tick();
    for (const ch of 'buy 10 AAPL at 185') stdin.write(ch);
    await tick();
    expect(lastFrame()).toContain('? buy 10 AAPL at 185█');
    stdin.write('\r');
    await until(() => listStagedOrders(db).length === 1 && !lastFrame()!.includes('answering'), 'the order staged and the answer done');
    const order = listStagedOrders(db)[0];
    expect([order.side, order.qty, order.symbol, order.limit_price, order.status]).toEqual(['buy', '10', 'AAPL', '185', 'staged']);
    const frame = lastFrame()!;
    expect(frame).toContain('> buy 10 AAPL at 185');
    expect(frame).toContain('[offline');
    expect(frame).toMatch(/⚙ stage_order ✓/);
    expect(frame).toContain('staged (1):');
    expect(frame).toContain(stagedLine(order));
    expect(frame).toContain('approve: vtrade approve <id>');
    expect(frame).toContain('? █'); // the line is cleared for the next question
  });

  it('ignores keys while not active, and says why it is empty without an account', async () => {
    const r = await rig({ events: 10 });
    const { db } = freshDb();
    const src = dbCopilotSource(db, 'alice', session(new OfflineProvider(), db));
    const { stdin, lastFrame } = render(wrap(r, <CopilotPane copilot={src} empty="" focused={false} active={false} width={60} height={20} />));
    await tick();
    stdin.write('x');
    await tick();
    expect(lastFrame()).toContain('(focus to type)');
    expect(lastFrame()).not.toContain('x█');
    cleanup();
    const empty = render(wrap(r, <CopilotPane copilot={undefined} empty="no paper account in this run" focused={false} active={false} width={40} height={10} />));
    expect(empty.lastFrame()).toContain('no paper account');
  });
});
